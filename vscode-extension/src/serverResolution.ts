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
  /** One or two sentences for the notification; no stack traces. */
  message: string;
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
    log.push(`wflint.path: ${path} is not an executable file`);
    return {
      kind: 'missing',
      log,
      problem: {
        message: `wflint.path is set to "${path}", which is not an executable file. Fix the setting, or clear it and install wflint.`,
        installCommand: pipInstallCommand(),
        settingToOpen: 'wflint.path',
      },
    };
  }

  if (isSet(env.interpreterSetting)) {
    const python = await locateInterpreter(env.interpreterSetting.trim(), env);
    if (await env.hasServerModule(python)) {
      log.push(`wflint.interpreter: using ${python} -m ${SERVER_MODULE}`);
      return { kind: 'found', server: { source: 'wflint.interpreter', command: python, args: ['-m', SERVER_MODULE] }, log };
    }
    log.push(`wflint.interpreter: ${python} cannot run -m ${SERVER_MODULE}`);
    return {
      kind: 'missing',
      log,
      problem: {
        message: `wflint is not installed in the Python interpreter set in wflint.interpreter (${python}).`,
        installCommand: pipInstallCommand(python),
        settingToOpen: 'wflint.interpreter',
      },
    };
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
