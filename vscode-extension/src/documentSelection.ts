/**
 * Which documents go to the server: YAML files matching `wflint.include` and none of
 * `wflint.exclude`. The include globs become the client's document selector; exclusion cannot be
 * expressed in a selector, so `createDocumentMatcher` is used by the client middleware to hold
 * excluded documents back. Pure (no VS Code import), so both are unit-tested.
 *
 * Patterns follow VS Code's glob rules: a pattern starting with `**` or `/` matches anywhere; any
 * other pattern (e.g. `dags/**\/*.yml`) is relative to each workspace folder.
 */
import picomatch from 'picomatch';

/** Structurally the same as vscode-languageclient's DocumentFilter (kept local to stay pure). */
export interface YamlDocumentFilter {
  scheme: 'file';
  language: 'yaml';
  pattern: string;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

function isAnchoredAnywhere(pattern: string): boolean {
  return pattern.startsWith('**') || pattern.startsWith('/') || /^[A-Za-z]:\//.test(pattern);
}

/** The absolute globs a user pattern stands for, given the workspace folders. */
export function absoluteGlobs(pattern: string, workspaceFolders: readonly string[]): string[] {
  const posixPattern = toPosix(pattern.trim()).replace(/^\.\//, '');
  if (isAnchoredAnywhere(posixPattern) || workspaceFolders.length === 0) {
    return [posixPattern];
  }
  return workspaceFolders.map((folder) => `${toPosix(folder).replace(/\/+$/, '')}/${posixPattern}`);
}

/**
 * Language `yaml` keeps non-YAML files away even with a broad pattern; the selector is shared with
 * other YAML tooling (e.g. Red Hat YAML), nothing here claims the language for wflint.
 */
export function buildDocumentSelector(include: readonly string[], workspaceFolders: readonly string[]): YamlDocumentFilter[] {
  const globs = include.flatMap((pattern) => absoluteGlobs(pattern, workspaceFolders));
  return [...new Set(globs)].map((pattern) => ({ scheme: 'file', language: 'yaml', pattern }));
}

export type DocumentMatcher = (fsPath: string) => boolean;

function compile(patterns: readonly string[], workspaceFolders: readonly string[]): (path: string) => boolean {
  const globs = patterns.flatMap((pattern) => absoluteGlobs(pattern, workspaceFolders));
  if (globs.length === 0) {
    return () => false;
  }
  // dot: a folder like `.github` must match `**`; windows: VS Code matches case-insensitively there.
  return picomatch(globs, { dot: true, nocase: process.platform === 'win32' });
}

/** True when a file with this path should be sent to the server. */
export function createDocumentMatcher(
  include: readonly string[],
  exclude: readonly string[],
  workspaceFolders: readonly string[],
): DocumentMatcher {
  const isIncluded = compile(include, workspaceFolders);
  const isExcluded = compile(exclude, workspaceFolders);
  return (fsPath: string) => {
    const path = toPosix(fsPath);
    return isIncluded(path) && !isExcluded(path);
  };
}
