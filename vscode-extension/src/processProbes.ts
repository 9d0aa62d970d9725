/** File-system and process checks behind server resolution (Node only, no VS Code). */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { SERVER_MODULE } from './serverResolution';

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
