/**
 * The few parts of the Python extension's (ms-python.python) public API that wflint uses: the
 * active interpreter and its change event. Declared here rather than depending on
 * @vscode/python-extension, because the extension is optional.
 */
import * as vscode from 'vscode';

const PYTHON_EXTENSION_ID = 'ms-python.python';

interface EnvironmentPath {
  readonly id: string;
  readonly path: string;
}

interface ResolvedEnvironment {
  readonly executable: { readonly uri: vscode.Uri | undefined };
}

interface PythonExtensionApi {
  readonly environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): EnvironmentPath;
    resolveEnvironment(environment: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    readonly onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

async function getApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  const api = extension.isActive ? extension.exports : await extension.activate();
  return api?.environments === undefined ? undefined : api;
}

/** The interpreter selected in the Python extension, or undefined when there is none. */
export async function getSelectedInterpreter(
  resource: vscode.Uri | undefined,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  try {
    const api = await getApi();
    if (api === undefined) {
      return undefined;
    }
    const environment = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
    return environment?.executable.uri?.fsPath;
  } catch (error) {
    log.warn(`Could not ask the Python extension for its interpreter: ${String(error)}`);
    return undefined;
  }
}

/** Subscribes to interpreter changes; resolves to a no-op disposable when the extension is absent. */
export async function onDidChangeSelectedInterpreter(
  listener: () => void,
  log: vscode.LogOutputChannel,
): Promise<vscode.Disposable> {
  try {
    const api = await getApi();
    if (api !== undefined) {
      return api.environments.onDidChangeActiveEnvironmentPath(() => listener());
    }
  } catch (error) {
    log.warn(`Could not subscribe to Python interpreter changes: ${String(error)}`);
  }
  return new vscode.Disposable(() => undefined);
}
