/**
 * Decides how to start the wflint language server. Pure: every contact with the file system,
 * processes or VS Code goes through the injected `ResolutionEnvironment`, so the order and the
 * messages are unit-tested without VS Code.
 *
 * Order:
 *   1. `wflint.path`         an executable, run as `<path> server`
 *   2. `wflint.interpreter`  a Python, run as `<python> -m wflint.lsp`
 *   3. the interpreter selected in the Python extension (ms-python.python), if it has wflint
 *   4. `wflint` on PATH, run as `wflint server`
 *
 * A setting the user wrote is authoritative: when it is broken we report it rather than silently
 * start some other wflint, which could be a different version than the one they asked for.
 */

export const SERVER_MODULE = 'wflint.lsp';
export const EXECUTABLE_NAME = 'wflint';
export const PACKAGE_NAME = 'wflint';

export type ServerSource = 'wflint.path' | 'wflint.interpreter' | 'python-extension' | 'PATH';

export interface ServerCommand {
  source: ServerSource;
  command: string;
  args: string[];
}

export interface ResolutionProblem {
  /** One or two sentences for the notification, ending with the action that fixes it; no stack traces. */
  message: string;
  /** The command that installs (or upgrades) wflint; empty when installing is not the fix (no such interpreter). */
  installCommand: string;
  /** The setting the "Open Settings" button should reveal. */
  settingToOpen: string;
}

export type ResolutionResult =
  | { kind: 'found'; server: ServerCommand; log: string[] }
  | { kind: 'missing'; problem: ResolutionProblem; log: string[] };

export interface ResolutionEnvironment {
  /** `wflint.path`, already expanded (see settings.expandPath); empty or null means unset. */
  pathSetting: string | null | undefined;
  /** `wflint.interpreter`, already expanded; empty or null means unset. */
  interpreterSetting: string | null | undefined;
  /** The Python extension's active interpreter, or undefined when the extension is absent. */
  getPythonExtensionInterpreter(): Promise<string | undefined>;
  /** Absolute path of an executable found on PATH, or undefined. */
  findOnPath(name: string): Promise<string | undefined>;
  isExecutableFile(path: string): Promise<boolean>;
  /** Whether `<python> -m wflint.lsp` can be run (the interpreter exists and has the module). */
  hasServerModule(python: string): Promise<boolean>;
  /** Whether anything exists at `path` (a file of any kind); lets "no such file" be told apart. */
  fileExists?(path: string): Promise<boolean>;
  /** What a configured interpreter is (see `InterpreterProbe`); falls back to `hasServerModule`. */
  probeInterpreter?(python: string): Promise<InterpreterProbe>;
}

/** The oldest wflint whose server this extension can talk to. */
export const MIN_SERVER_VERSION = '0.1.0';

/**
 * What running `<python>` showed:
 * - `missing`: no file at that path; `not-runnable`: a file that cannot be run (not executable,
 *   not a program); `not-python`: it ran but is not a Python interpreter;
 * - `no-wflint`: a Python without wflint; `too-old`: wflint without a language server, or older
 *   than MIN_SERVER_VERSION; `ok`: ready.
 */
export type InterpreterProbe =
  | { kind: 'ok'; version?: string }
  | { kind: 'missing' | 'not-runnable' | 'not-python' | 'no-wflint' }
  | { kind: 'too-old'; version?: string };

/** Compares dotted versions numerically (`0.10.0` > `0.9.1`); pre-release tails are ignored. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (text: string) => text.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const a = parts(version);
  const b = parts(minimum);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return difference > 0;
    }
  }
  return true;
}

function upgradeCommand(python: string): string {
  return `${quoteIfNeeded(python)} -m pip install --upgrade ${PACKAGE_NAME}`;
}

/** The problem to report for a configured interpreter that is not ready, by what the probe saw. */
export function interpreterProblem(python: string, probe: InterpreterProbe): ResolutionProblem | undefined {
  const where = `wflint.interpreter is set to "${python}"`;
  switch (probe.kind) {
    case 'ok':
      return undefined;
    case 'missing':
      return {
        message: `${where}, but there is no such file. Set it to the path of a Python interpreter (for example <project>/.venv/bin/python), or clear it to use the Python extension's interpreter.`,
        installCommand: '',
        settingToOpen: 'wflint.interpreter',
      };
    case 'not-runnable':
      return {
        message: `${where}, which cannot be run (not an executable program). Set it to a Python interpreter, or clear it.`,
        installCommand: '',
        settingToOpen: 'wflint.interpreter',
      };
    case 'not-python':
      return {
        message: `${where}, which is not a Python interpreter. Set it to a Python interpreter (for example <project>/.venv/bin/python), or clear it.`,
        installCommand: '',
        settingToOpen: 'wflint.interpreter',
      };
    case 'too-old':
      return {
        message: `The wflint${probe.version ? ` ${probe.version}` : ''} installed in the Python interpreter set in wflint.interpreter (${python}) is too old for this extension (it needs wflint ${MIN_SERVER_VERSION} or newer, with its language server). Upgrade it.`,
        installCommand: upgradeCommand(python),
        settingToOpen: 'wflint.interpreter',
      };
    case 'no-wflint':
      return {
        message: `wflint is not installed in the Python interpreter set in wflint.interpreter (${python}). Install it there.`,
        installCommand: pipInstallCommand(python),
        settingToOpen: 'wflint.interpreter',
      };
  }
}

async function probe(python: string, env: ResolutionEnvironment): Promise<InterpreterProbe> {
  if (env.probeInterpreter !== undefined) {
    return env.probeInterpreter(python);
  }
  return (await env.hasServerModule(python)) ? { kind: 'ok' } : { kind: 'no-wflint' };
}

function quoteIfNeeded(path: string): string {
  return /[\s"'$`\\]/.test(path) ? `"${path.replace(/(["$`\\])/g, '\\$1')}"` : path;
}

export function pipInstallCommand(python?: string): string {
  return python ? `${quoteIfNeeded(python)} -m pip install ${PACKAGE_NAME}` : `pip install ${PACKAGE_NAME}`;
}

function isSet(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** An interpreter given as a bare name (`python3`) is looked up on PATH, like a shell would. */
async function locateInterpreter(interpreter: string, env: ResolutionEnvironment): Promise<string> {
  if (/[\\/]/.test(interpreter)) {
    return interpreter;
  }
  return (await env.findOnPath(interpreter)) ?? interpreter;
}

export async function resolveServer(env: ResolutionEnvironment): Promise<ResolutionResult> {
  const log: string[] = [];

  if (isSet(env.pathSetting)) {
    const path = env.pathSetting.trim();
    if (await env.isExecutableFile(path)) {
      log.push(`wflint.path: using ${path}`);
      return { kind: 'found', server: { source: 'wflint.path', command: path, args: ['server'] }, log };
    }
    const exists = env.fileExists === undefined ? true : await env.fileExists(path);
    log.push(`wflint.path: ${path} ${exists ? 'is not an executable file' : 'does not exist'}`);
    return {
      kind: 'missing',
      log,
      problem: {
        message: exists
          ? `wflint.path is set to "${path}", which is not an executable file. Fix the setting, or clear it and install wflint.`
          : `wflint.path is set to "${path}", but there is no such file. Set it to the wflint executable (for example <project>/.venv/bin/wflint), or clear it and install wflint.`,
        installCommand: pipInstallCommand(),
        settingToOpen: 'wflint.path',
      },
    };
  }

  if (isSet(env.interpreterSetting)) {
    const python = await locateInterpreter(env.interpreterSetting.trim(), env);
    const seen = await probe(python, env);
    const problem = interpreterProblem(python, seen);
    if (problem === undefined) {
      log.push(`wflint.interpreter: using ${python} -m ${SERVER_MODULE}`);
      return { kind: 'found', server: { source: 'wflint.interpreter', command: python, args: ['-m', SERVER_MODULE] }, log };
    }
    log.push(`wflint.interpreter: ${python} cannot run -m ${SERVER_MODULE} (${seen.kind})`);
    return { kind: 'missing', log, problem };
  }

  const selectedPython = await env.getPythonExtensionInterpreter();
  if (selectedPython === undefined) {
    log.push('Python extension: not installed or no interpreter selected');
  } else if (await env.hasServerModule(selectedPython)) {
    log.push(`Python extension: using ${selectedPython} -m ${SERVER_MODULE}`);
    return {
      kind: 'found',
      server: { source: 'python-extension', command: selectedPython, args: ['-m', SERVER_MODULE] },
      log,
    };
  } else {
    log.push(`Python extension: the selected interpreter ${selectedPython} does not have wflint`);
  }

  const onPath = await env.findOnPath(EXECUTABLE_NAME);
  if (onPath !== undefined) {
    log.push(`PATH: using ${onPath}`);
    return { kind: 'found', server: { source: 'PATH', command: onPath, args: ['server'] }, log };
  }
  log.push(`PATH: no ${EXECUTABLE_NAME} executable`);

  return {
    kind: 'missing',
    log,
    problem: {
      message:
        selectedPython === undefined
          ? 'The wflint language server was not found. Install it, or set wflint.path or wflint.interpreter.'
          : `The wflint language server was not found, and the selected Python interpreter (${selectedPython}) does not have it. Install it, or set wflint.path or wflint.interpreter.`,
      installCommand: pipInstallCommand(selectedPython),
      settingToOpen: 'wflint.interpreter',
    },
  };
}

/**
 * PATH lookup with the file-system check injected. On Windows, PATHEXT extensions are tried
 * because `wflint` is installed there as `wflint.exe`.
 */
export async function findExecutableOnPath(
  name: string,
  options: {
    pathVariable: string | undefined;
    platform: NodeJS.Platform;
    pathExt?: string;
    isExecutableFile(path: string): Promise<boolean>;
  },
): Promise<string | undefined> {
  const isWindows = options.platform === 'win32';
  const separator = isWindows ? ';' : ':';
  const join = (dir: string) => (dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}${isWindows ? '\\' : '/'}${name}`);
  const extensions = isWindows ? ['', ...(options.pathExt ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : [''];
  for (const dir of (options.pathVariable ?? '').split(separator)) {
    if (dir === '') {
      continue; // an empty entry means the current directory: never run a binary from there implicitly
    }
    for (const extension of extensions) {
      const candidate = join(dir) + extension;
      if (await options.isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
