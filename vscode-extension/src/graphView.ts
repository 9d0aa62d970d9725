/**
 * "wflint: Show DAG Graph": a webview beside the editor that draws the DAGs of the workflow file
 * in the active editor. The graph comes from the language server's model through the
 * `wflint/graph` request (lsp/graph.py) and is redrawn as the file changes; the view follows the
 * DAG under the cursor, highlights the task under it, and reveals a task's definition when its
 * node is clicked. The drawing is the renderer bundle that `wflint graph --format html` inlines
 * (webview/, built into dist/graph-renderer.js).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const SHOW_GRAPH_COMMAND = 'wflint.showGraph';
const GRAPH_REQUEST = 'wflint/graph';
const REDRAW_DELAY_MS = 200;
const RETRY_DELAY_MS = 700;
const MAX_RETRIES = 40;
/** Set on YAML editors that look like workflows: the editor-title button shows there. */
const CONTEXT_KEY = 'wflint.workflowFile';
const WORKFLOW_HINT = /^[ \t]+(tasks|task_groups|schedule|default_args)[ \t]*:/m;

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

type FromWebview =
  | { type: 'ready' }
  | { type: 'drawn'; stats: unknown }
  | { type: 'reveal'; kind: string; id: string; range?: LspRange; uri?: string };

function isYaml(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return document !== undefined && document.languageId === 'yaml' && document.uri.scheme === 'file';
}

class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private redrawTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retries = 0;
  private sequence = 0;
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly getClient: () => LanguageClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && isYaml(editor?.document) && editor!.document !== this.document) {
          this.follow(editor!.document);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel && event.document === this.document && event.contentChanges.length) this.scheduleRedraw();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (this.panel && event.textEditor.document === this.document) this.postCursor(event.textEditor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.document) this.post({ type: 'message', text: 'The file was closed.' });
      }),
    );
  }

  show(document: vscode.TextDocument | undefined): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'wflint.graph',
        'DAG Graph',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          retainContextWhenHidden: true,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
        },
      );
      this.ready = false;
      this.panel.webview.html = this.html(this.panel.webview);
      this.panel.webview.onDidReceiveMessage((message: FromWebview) => this.receive(message), undefined, this.disposables);
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        clearTimeout(this.redrawTimer);
        clearTimeout(this.retryTimer);
      });
    } else {
      this.panel.reveal(undefined, true);
    }
    if (document) this.follow(document);
  }

  private follow(document: vscode.TextDocument): void {
    this.document = document;
    if (this.panel) this.panel.title = `DAG: ${document.uri.path.split('/').pop()}`;
    this.retries = 0;
    void this.redraw();
  }

  private html(webview: vscode.Webview): string {
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'graph-renderer.js'));
    const nonce = Array.from({ length: 24 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}' ${webview.cspSource}; style-src 'unsafe-inline' ${webview.cspSource}; img-src ${webview.cspSource} data:;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DAG Graph</title>
</head>
<body>
<div id="wflint-graph"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private receive(message: FromWebview): void {
    if (message.type === 'ready') {
      this.ready = true;
      void this.redraw();
    } else if (message.type === 'reveal') {
      void this.reveal(message);
    }
  }

  private post(message: unknown): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private postCursor(editor: vscode.TextEditor): void {
    const position = editor.selection.active;
    this.post({ type: 'cursor', line: position.line + 1, column: position.character + 1 });
  }

  private scheduleRedraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  private retry(reason: string): void {
    this.post({ type: 'message', text: reason });
    if (this.retries++ < MAX_RETRIES) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.redraw(), RETRY_DELAY_MS);
    }
  }

  private async redraw(): Promise<void> {
    const document = this.document;
    if (!this.panel || !this.ready || !document) return;
    const client = this.getClient();
    if (!client || !client.isRunning()) {
      this.retry('Waiting for the wflint language server…');
      return;
    }
    const sequence = ++this.sequence;
    try {
      const answer = (await client.sendRequest(GRAPH_REQUEST, { textDocument: { uri: document.uri.toString() } })) as {
        known?: boolean;
        stale?: boolean;
        error?: string;
      };
      if (sequence !== this.sequence || document !== this.document) return; // a newer request is on its way
      if (answer.known === false) {
        this.retry('Waiting for the wflint language server to read the file…');
        return;
      }
      this.retries = 0;
      this.post({ type: 'graph', document: answer, stale: answer.stale === true });
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      if (editor) this.postCursor(editor);
    } catch (error) {
      this.log.warn(`wflint/graph: ${String(error)}`);
      this.retry('The wflint language server did not answer the graph request; retrying.');
    }
  }

  private async reveal(message: Extract<FromWebview, { type: 'reveal' }>): Promise<void> {
    const range = message.range;
    const uri = message.uri ? vscode.Uri.parse(message.uri) : this.document?.uri;
    if (!range || !uri) return;
    const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(uri, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection,
      preserveFocus: false,
    });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.redrawTimer);
    clearTimeout(this.retryTimer);
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function updateContext(editor: vscode.TextEditor | undefined): void {
  const document = editor?.document;
  const workflow = isYaml(document) && WORKFLOW_HINT.test(document.getText(new vscode.Range(0, 0, 400, 0)));
  void vscode.commands.executeCommand('setContext', CONTEXT_KEY, workflow);
}

/** Registers the command, the context key of the editor-title button and the view. */
export function registerGraphView(
  context: vscode.ExtensionContext,
  getClient: () => LanguageClient | undefined,
  log: vscode.LogOutputChannel,
): void {
  const view = new GraphView(context.extensionUri, getClient, log);
  updateContext(vscode.window.activeTextEditor);
  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, (uri?: vscode.Uri) => {
      const active = vscode.window.activeTextEditor?.document;
      const document =
        uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? active : active;
      if (!isYaml(document)) {
        void vscode.window.showInformationMessage('Open a workflow YAML file to see its DAG graph.');
        return;
      }
      view.show(document);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) updateContext(vscode.window.activeTextEditor);
    }),
  );
}
