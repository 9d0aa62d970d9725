import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type Middleware,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { buildDocumentSelector, createDocumentMatcher } from './documentSelection';
import { registerGraphView } from './graphView';
import { COPY_IAM_POLICY_COMMAND, copyIamPolicy } from './iamPolicy';
import { createDocumentGateMiddleware } from './documentGate';
import { fileExists, hasServerModule, isExecutableFile, probeInterpreter } from './processProbes';
import { filterClientLines } from './outputFilter';
import { keepDiagnosticsOnCancelledPull } from './pullGuard';
import { getSelectedInterpreter, onDidChangeSelectedInterpreter } from './pythonExtension';
import { findExecutableOnPath, type ResolutionProblem, resolveServer, type ServerCommand } from './serverResolution';
import {
  type PathContext,
  readClientSettings,
  readServerSettings,
  requiresRestart,
  SETTINGS_SECTION,
} from './settings';

const CLIENT_ID = 'wflint';
const CLIENT_NAME = 'wflint';
const RESTART_DEBOUNCE_MS = 300;

function pathContext(folder: vscode.WorkspaceFolder | undefined): PathContext {
  return { workspaceFolder: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined, homeDir: os.homedir() };
}

function settingGetter(scope: vscode.ConfigurationScope | undefined) {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return (key: string) => configuration.get(key);
}

function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Starts, stops and restarts the one language client of this window; operations run one at a time. */
class WflintServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private queue: Promise<void> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;
  /** The last problem shown, so a restart with the same problem does not notify again. */
  private lastProblemShown: string | undefined;

  /** Shown next to the language mode of YAML files: which server runs, or that none does. */
  private readonly status: vscode.LanguageStatusItem;

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.status = vscode.languages.createLanguageStatusItem('wflint.server', { language: 'yaml' });
    this.status.name = 'wflint';
    this.status.command = { title: 'Show Output', command: 'wflint.showOutput' };
    this.setStatus('wflint: starting', 'Looking for the wflint server', vscode.LanguageStatusSeverity.Information);
  }

  private setStatus(text: string, detail: string, severity: vscode.LanguageStatusSeverity): void {
    this.status.text = text;
    this.status.detail = detail;
    this.status.severity = severity;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startNow());
  }

  restart(reason: string): Promise<void> {
    return this.enqueue(async () => {
      this.log.info(`Restarting the server: ${reason}`);
      await this.stopNow();
      await this.startNow();
    });
  }

  /** Coalesces bursts of setting changes (e.g. a settings.json save) into one restart. */
  scheduleRestart(reason: string): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.restart(reason), RESTART_DEBOUNCE_MS);
  }

  async dispose(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.status.dispose();
    await this.enqueue(() => this.stopNow());
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(operation).catch((error) => this.log.error(`wflint: ${String(error)}`));
    return this.queue;
  }

  private async resolve(): Promise<ServerCommand | ResolutionProblem> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const settings = readClientSettings(settingGetter(folder), pathContext(folder));
    const result = await resolveServer({
      pathSetting: settings.path,
      interpreterSetting: settings.interpreter,
      getPythonExtensionInterpreter: () => getSelectedInterpreter(folder?.uri, this.log),
      findOnPath: (name) =>
        findExecutableOnPath(name, {
          pathVariable: process.env.PATH,
          platform: process.platform,
          pathExt: process.env.PATHEXT,
          isExecutableFile,
        }),
      isExecutableFile,
      hasServerModule,
      fileExists,
      probeInterpreter,
    });
    for (const line of result.log) {
      this.log.info(`Server resolution: ${line}`);
    }
    return result.kind === 'found' ? result.server : result.problem;
  }

  private async startNow(): Promise<void> {
    const resolved = await this.resolve();
    if (!('command' in resolved)) {
      this.log.error(resolved.installCommand ? `${resolved.message} Install command: ${resolved.installCommand}` : resolved.message);
      this.setStatus('wflint: no server', resolved.installCommand || resolved.message, vscode.LanguageStatusSeverity.Error);
      void this.showProblem(resolved);
      return;
    }
    this.lastProblemShown = undefined;

    const folder = vscode.workspace.workspaceFolders?.[0];
    const clientSettings = readClientSettings(settingGetter(folder), pathContext(folder));
    const folders = workspaceFolderPaths();
    const isSentToServer = createDocumentMatcher(clientSettings.include, clientSettings.exclude, folders);

    const serverOptions: ServerOptions = {
      command: resolved.command,
      args: resolved.args,
      options: { cwd: pathContext(folder).workspaceFolder ?? os.homedir(), env: process.env },
    };

    const gate = createDocumentGateMiddleware((uri) => uri.scheme === 'file' && isSentToServer(uri.fsPath)) as Middleware;
    const middleware: Middleware = {
      ...gate,
      provideDiagnostics: keepDiagnosticsOnCancelledPull(
        gate.provideDiagnostics as Parameters<typeof keepDiagnosticsOnCancelledPull>[0],
        () => new vscode.CancellationError(),
      ) as unknown as Middleware['provideDiagnostics'],
      workspace: {
        // Answer with exactly the mapped server settings (expanded paths, defaults filled in) rather
        // than the raw configuration, so the server sees the same shape as in initializationOptions.
        configuration: async (params, token, next) => {
          const rawAnswers = await next(params, token);
          return params.items.map((item, index) => {
            if (item.section !== SETTINGS_SECTION) {
              return Array.isArray(rawAnswers) ? rawAnswers[index] : null;
            }
            const scopeUri = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const scopeFolder = scopeUri ? vscode.workspace.getWorkspaceFolder(scopeUri) : folder;
            return readServerSettings(settingGetter(scopeUri ?? scopeFolder?.uri), pathContext(scopeFolder));
          });
        },
      },
    };

    const clientOptions: LanguageClientOptions = {
      documentSelector: buildDocumentSelector(clientSettings.include, folders),
      initializationOptions: readServerSettings(settingGetter(folder), pathContext(folder)),
      outputChannel: filterClientLines(this.log),
      traceOutputChannel: this.log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware,
    };

    this.log.info(`Starting: ${[resolved.command, ...resolved.args].join(' ')} (from ${resolved.source})`);
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
      this.log.info('Server started');
      this.setStatus('wflint', `${[resolved.command, ...resolved.args].join(' ')} (${resolved.source})`, vscode.LanguageStatusSeverity.Information);
    } catch (error) {
      this.log.error(`The server failed to start: ${String(error)}`);
      this.setStatus('wflint: failed to start', 'See the wflint output', vscode.LanguageStatusSeverity.Error);
      void vscode.window
        .showErrorMessage('The wflint language server failed to start. See the wflint output for details.', 'Show Output')
        .then((choice) => choice && this.log.show());
    }
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      await client.stop(5_000);
    } catch (error) {
      this.log.warn(`Stopping the server: ${String(error)}`);
    }
  }

  private async showProblem(problem: ResolutionProblem): Promise<void> {
    if (this.lastProblemShown === problem.message) {
      return;
    }
    this.lastProblemShown = problem.message;
    const openSettings = 'Open Settings';
    const copyCommand = 'Copy Install Command';
    // Without an install command (no such interpreter), fixing the setting is the only action.
    const choice = problem.installCommand
      ? await vscode.window.showWarningMessage(`${problem.message} Command: ${problem.installCommand}`, copyCommand, openSettings)
      : await vscode.window.showWarningMessage(problem.message, openSettings);
    if (choice === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', problem.settingToOpen);
    } else if (choice === copyCommand) {
      await vscode.env.clipboard.writeText(problem.installCommand);
    }
  }
}

let server: WflintServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('wflint', { log: true });
  server = new WflintServer(log);
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('wflint.restartServer', () => server?.restart('command wflint.restartServer')),
    vscode.commands.registerCommand('wflint.showOutput', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (requiresRestart((setting) => event.affectsConfiguration(setting))) {
        server?.scheduleRestart('settings changed');
      }
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => server?.scheduleRestart('workspace folders changed')),
    await onDidChangeSelectedInterpreter(() => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      const settings = readClientSettings(settingGetter(folder), pathContext(folder));
      // Only relevant when no explicit setting decides the server.
      if (settings.path === null && settings.interpreter === null) {
        server?.scheduleRestart('the Python extension selected another interpreter');
      }
    }, log),
  );
  registerGraphView(context, () => server?.languageClient, log);
  context.subscriptions.push(
    vscode.commands.registerCommand(COPY_IAM_POLICY_COMMAND, () =>
      copyIamPolicy({
        activeUri: () => vscode.window.activeTextEditor?.document.uri.toString(),
        executeServerCommand: async (command, args) => {
          const client = server?.languageClient;
          if (!client || !client.isRunning()) {
            throw new Error('the wflint language server is not running');
          }
          return client.sendRequest('workspace/executeCommand', { command, arguments: args });
        },
        writeClipboard: async (text) => vscode.env.clipboard.writeText(text),
        showInfo: (message) => void vscode.window.showInformationMessage(message),
        showError: (message) => void vscode.window.showErrorMessage(message),
      }),
    ),
  );
  void server.start();
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
