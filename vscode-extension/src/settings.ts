/**
 * Reading the `wflint.*` settings and mapping them to what the server receives, both in
 * `initializationOptions` and in answers to `workspace/configuration` for section `wflint`.
 * Pure: takes a getter instead of a `vscode.WorkspaceConfiguration`.
 */
import * as path from 'node:path';

export const SETTINGS_SECTION = 'wflint';

export type TraceLevel = 'off' | 'messages' | 'verbose';

/** Exactly the keys the server reads; nothing client-only (path, interpreter, include, exclude). */
export interface ServerSettings {
  profile: string | null;
  select: string[];
  ignore: string[];
  inlayHints: boolean;
  /** Only when a kind is turned off (the server shows every kind by default). */
  inlayHintKinds?: Partial<Record<InlayHintKind, boolean>>;
  catalogs: string[];
  /** Only when set: distribution (or `requirements`) -> version (or file), see docs/target.md. */
  target?: Record<string, string>;
  trace: { server: TraceLevel };
}

/** The kinds of inlay hints the server shows; `wflint.inlayHintKinds` turns each off. */
export const INLAY_HINT_KINDS = ['schedules', 'inheritedValues', 'upstreamCount'] as const;
export type InlayHintKind = (typeof INLAY_HINT_KINDS)[number];

/** The kinds turned off in `wflint.inlayHintKinds`, as `{kind: false}`; undefined when none is. */
export function inlayHintKinds(value: unknown): Partial<Record<InlayHintKind, boolean>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const off: Partial<Record<InlayHintKind, boolean>> = {};
  for (const kind of INLAY_HINT_KINDS) {
    if ((value as Record<string, unknown>)[kind] === false) {
      off[kind] = false;
    }
  }
  return Object.keys(off).length > 0 ? off : undefined;
}

export interface ClientSettings {
  path: string | null;
  interpreter: string | null;
  include: string[];
  exclude: string[];
}

export const DEFAULT_INCLUDE: readonly string[] = ['**/*.{yml,yaml}'];

/** Settings whose change restarts the server (the document selector and the process are fixed at start). */
export const RESTART_SETTINGS: readonly string[] = [
  'wflint.path',
  'wflint.interpreter',
  'wflint.include',
  'wflint.exclude',
  'wflint.profile',
  'wflint.select',
  'wflint.ignore',
  'wflint.inlayHints',
  'wflint.inlayHintKinds',
  'wflint.catalogs',
  'wflint.target',
  'wflint.trace.server',
];

/** Reads a key below `wflint.` (e.g. `trace.server`); returns undefined when unset. */
export type SettingGetter = (key: string) => unknown;

export interface PathContext {
  /** File-system path of the workspace folder the setting applies to, if any. */
  workspaceFolder?: string;
  homeDir: string;
}

export function requiresRestart(affectsConfiguration: (setting: string) => boolean): boolean {
  return RESTART_SETTINGS.some((setting) => affectsConfiguration(setting));
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function stringList(value: unknown, fallback: readonly string[] = []): string[] {
  if (!Array.isArray(value)) {
    return [...fallback];
  }
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

/** `wflint.target`: the string entries of an object; undefined when there are none. */
export function targetVersions(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const found: Record<string, string> = {};
  for (const [name, version] of Object.entries(value as Record<string, unknown>)) {
    if (typeof version === 'string' && version.trim() !== '') {
      found[name] = version.trim();
    }
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

function traceLevel(value: unknown): TraceLevel {
  return value === 'messages' || value === 'verbose' ? value : 'off';
}

/**
 * Expands `~`, `${userHome}` and `${workspaceFolder}`, and makes a relative path absolute against
 * the workspace folder, because the server's working directory is not the user's concern.
 * A bare command name (no separator, e.g. `python3`) is left alone for a PATH lookup.
 */
export function expandPath(value: string, context: PathContext): string {
  let expanded = value.trim().replace(/\$\{userHome\}/g, context.homeDir);
  if (context.workspaceFolder !== undefined) {
    expanded = expanded.replace(/\$\{workspaceFolder\}/g, context.workspaceFolder);
  }
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
    expanded = context.homeDir + expanded.slice(1);
  }
  const hasSeparator = /[\\/]/.test(expanded);
  if (hasSeparator && !path.isAbsolute(expanded) && context.workspaceFolder !== undefined) {
    expanded = path.resolve(context.workspaceFolder, expanded);
  }
  return expanded;
}

export function readClientSettings(get: SettingGetter, context: PathContext): ClientSettings {
  const pathSetting = stringOrNull(get('path'));
  const interpreter = stringOrNull(get('interpreter'));
  return {
    path: pathSetting === null ? null : expandPath(pathSetting, context),
    interpreter: interpreter === null ? null : expandPath(interpreter, context),
    include: stringList(get('include'), DEFAULT_INCLUDE),
    exclude: stringList(get('exclude')),
  };
}

export function readServerSettings(get: SettingGetter, context: PathContext): ServerSettings {
  const inlayHints = get('inlayHints');
  const kinds = inlayHintKinds(get('inlayHintKinds'));
  const target = targetVersions(get('target'));
  return {
    profile: stringOrNull(get('profile')),
    select: stringList(get('select')),
    ignore: stringList(get('ignore')),
    inlayHints: typeof inlayHints === 'boolean' ? inlayHints : true,
    ...(kinds === undefined ? {} : { inlayHintKinds: kinds }),
    catalogs: stringList(get('catalogs')).map((catalog) => {
      const expanded = expandPath(catalog, context);
      // A catalog is always a file, so even `catalog.json` is relative to the workspace folder.
      return path.isAbsolute(expanded) || context.workspaceFolder === undefined
        ? expanded
        : path.resolve(context.workspaceFolder, expanded);
    }),
    ...(target === undefined ? {} : { target: withRequirementsPath(target, context) }),
    trace: { server: traceLevel(get('trace.server')) },
  };
}

/** A relative `requirements` file of `wflint.target` is the workspace folder's. */
function withRequirementsPath(target: Record<string, string>, context: PathContext): Record<string, string> {
  if (target.requirements === undefined) {
    return target;
  }
  const expanded = expandPath(target.requirements, context);
  const requirements = path.isAbsolute(expanded) || context.workspaceFolder === undefined
    ? expanded
    : path.resolve(context.workspaceFolder, expanded);
  return { ...target, requirements };
}
