/** File-system and process checks behind server resolution (Node only, no VS Code). */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { type InterpreterProbe, MIN_SERVER_VERSION, SERVER_MODULE, versionAtLeast } from './serverResolution';

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      return false;
    }
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// find_spec of `<module>.__main__` imports the package but not the server itself, so the probe is
// fast and also fails for an old wflint that has no runnable `wflint.lsp` yet.
const PROBE_SCRIPT = `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("${SERVER_MODULE}.__main__") else 3)`;
const PROBE_TIMEOUT_MS = 20_000;

export function hasServerModule(python: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ['-c', PROBE_SCRIPT], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error) => resolve(error === null));
  });
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

// Prints a marker (so a program that is not Python is told apart), wflint's version, and whether
// its server module exists. find_spec imports the package, not the server.
const DESCRIBE_SCRIPT = [
  'import importlib.util',
  'try:',
  '    from importlib.metadata import version',
  '    v = version("wflint")',
  'except Exception:',
  '    v = ""',
  'try:',
  `    ok = importlib.util.find_spec("${SERVER_MODULE}.__main__") is not None`,
  'except Exception:',
  '    ok = False',
  'print("wflint-probe", v or "-", "1" if ok else "0")',
].join('\n');

/** Reads the output of DESCRIBE_SCRIPT (pure, for tests). */
export function parseProbeOutput(stdout: string): InterpreterProbe {
  const match = /wflint-probe (\S+) ([01])/.exec(stdout);
  if (match === null) {
    return { kind: 'not-python' };
  }
  const version = match[1] === '-' ? undefined : match[1];
  if (match[2] === '1') {
    return version === undefined || versionAtLeast(version, MIN_SERVER_VERSION) ? { kind: 'ok', version } : { kind: 'too-old', version };
  }
  return version === undefined ? { kind: 'no-wflint' } : { kind: 'too-old', version };
}

export async function probeInterpreter(python: string): Promise<InterpreterProbe> {
  if (/[\\/]/.test(python) && !(await fileExists(python))) {
    return { kind: 'missing' };
  }
  return new Promise((resolve) => {
    execFile(python, ['-c', DESCRIBE_SCRIPT], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') {
        resolve({ kind: 'missing' });
      } else if (code === 'EACCES' || code === 'ENOEXEC' || code === 'EISDIR') {
        resolve({ kind: 'not-runnable' });
      } else {
        resolve(parseProbeOutput(String(stdout ?? '')));
      }
    });
  });
}
