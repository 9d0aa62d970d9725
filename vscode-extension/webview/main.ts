/**
 * The renderer bundle's entry. In the page of `wflint graph --format html` it draws the document
 * embedded in `<script id="wflint-graph-data">`; in the VS Code graph view (where
 * `acquireVsCodeApi` exists) it draws what the extension posts and posts back clicks.
 */
import { type DagDoc, type GraphDocument, GraphRenderer, type GroupDoc, type TaskDoc } from './renderer';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Incoming =
  | { type: 'graph'; document: GraphDocument; stale: boolean }
  | { type: 'cursor'; line: number; column: number }
  | { type: 'message'; text: string };

function start(): void {
  const container = document.getElementById('wflint-graph');
  if (!container) return;
  if (typeof acquireVsCodeApi === 'function') {
    const vscode = acquireVsCodeApi();
    const renderer = new GraphRenderer(container, {
      onSelect: (item: TaskDoc | GroupDoc, kind: 'task' | 'group', dag: DagDoc) =>
        vscode.postMessage({ type: 'reveal', kind, id: item.id, dag: dag.id, range: item.range, uri: item.uri }),
    });
    (window as unknown as { wflintGraph: GraphRenderer }).wflintGraph = renderer;
    window.addEventListener('message', (event: MessageEvent<Incoming>) => {
      const message = event.data;
      if (message.type === 'graph') {
        renderer.update(message.document, message.stale);
        vscode.postMessage({ type: 'drawn', stats: renderer.stats });
      } else if (message.type === 'cursor') {
        renderer.setCursor(message.line, message.column);
      } else if (message.type === 'message') {
        renderer.root.querySelector('.wf-status')!.textContent = message.text;
      }
    });
    vscode.postMessage({ type: 'ready' });
    return;
  }
  const data = document.getElementById('wflint-graph-data');
  const renderer = new GraphRenderer(container, { standalone: true });
  (window as unknown as { wflintGraph: GraphRenderer }).wflintGraph = renderer;
  if (data?.textContent) renderer.update(JSON.parse(data.textContent) as GraphDocument);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
