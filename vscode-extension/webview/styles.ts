/**
 * The renderer's styles. Colours come from VS Code's theme variables (light, dark and high
 * contrast follow the editor); the fallbacks after them are the standalone page's light theme,
 * and a dark one when the browser prefers dark.
 */
export const STYLES = `
html, body { margin: 0; padding: 0; height: 100%; }
#wflint-graph { height: 100vh; }
.wf-root {
  --wf-bg: var(--vscode-editor-background, #ffffff);
  --wf-fg: var(--vscode-editor-foreground, #1f2328);
  --wf-muted: var(--vscode-descriptionForeground, #59636e);
  --wf-node-bg: var(--vscode-editorWidget-background, #f6f8fa);
  --wf-node-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, #8c959f));
  --wf-group-bg: var(--vscode-editorGroupHeader-tabsBackground, rgba(175, 184, 193, 0.12));
  --wf-group-border: var(--vscode-contrastBorder, var(--vscode-panel-border, #afb8c1));
  --wf-edge: var(--vscode-editorLineNumber-foreground, #8c959f);
  --wf-error: var(--vscode-editorError-foreground, #d1242f);
  --wf-warning: var(--vscode-editorWarning-foreground, #bf8700);
  --wf-accent: var(--vscode-focusBorder, #0969da);
  --wf-current: var(--vscode-editor-selectionBackground, rgba(9, 105, 218, 0.18));
  --wf-panel-bg: var(--vscode-editorHoverWidget-background, #ffffff);
  --wf-panel-border: var(--vscode-editorHoverWidget-border, #d0d7de);
  --wf-button-bg: var(--vscode-button-secondaryBackground, #f6f8fa);
  --wf-button-fg: var(--vscode-button-secondaryForeground, #1f2328);
  position: relative; display: flex; flex-direction: column; height: 100%; overflow: hidden;
  background: var(--wf-bg); color: var(--wf-fg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--vscode-font-size, 13px);
}
@media (prefers-color-scheme: dark) {
  .wf-root.wf-standalone {
    --wf-bg: #0d1117; --wf-fg: #e6edf3; --wf-muted: #9198a1; --wf-node-bg: #161b22; --wf-node-border: #6e7681;
    --wf-group-bg: rgba(110, 118, 129, 0.12); --wf-group-border: #3d444d; --wf-edge: #6e7681; --wf-error: #f85149;
    --wf-warning: #d29922; --wf-accent: #4493f8; --wf-current: rgba(56, 139, 253, 0.25); --wf-panel-bg: #161b22;
    --wf-panel-border: #3d444d; --wf-button-bg: #21262d; --wf-button-fg: #e6edf3;
  }
}
.wf-toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 8px; border-bottom: 1px solid var(--wf-group-border); flex: none; }
.wf-toolbar button, .wf-toolbar select { white-space: nowrap; flex: none;
  font: inherit; color: var(--wf-button-fg); background: var(--wf-button-bg);
  border: 1px solid var(--vscode-button-border, var(--wf-group-border)); border-radius: 3px; padding: 2px 8px; cursor: pointer;
}
.wf-toolbar select { background: var(--vscode-dropdown-background, var(--wf-button-bg)); color: var(--vscode-dropdown-foreground, var(--wf-fg)); }
.wf-toolbar button:focus-visible, .wf-toolbar select:focus-visible { outline: 1px solid var(--wf-accent); }
.wf-status { color: var(--wf-muted); margin-left: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.wf-is-stale .wf-status { color: var(--wf-warning); }
.wf-is-stale .wf-svg { opacity: 0.55; }
.wf-canvas { flex: 1; min-height: 0; position: relative; }
.wf-svg { width: 100%; height: 100%; display: block; cursor: grab; user-select: none; }
.wf-panning .wf-svg { cursor: grabbing; }
.wf-node rect { fill: var(--wf-node-bg); stroke: var(--wf-node-border); stroke-width: 1; }
.wf-node, .wf-group-node { cursor: pointer; }
.wf-node:hover rect { stroke: var(--wf-accent); }
.wf-label { fill: var(--wf-fg); font-size: 12px; font-weight: 600; pointer-events: none; }
.wf-operator { fill: var(--wf-muted); font-size: 10.5px; pointer-events: none; }
.wf-group > rect { fill: var(--wf-group-bg); stroke: var(--wf-group-border); stroke-dasharray: 5 3; }
.wf-group-node > rect { stroke-dasharray: none; fill: var(--wf-node-bg); stroke: var(--wf-group-border); stroke-width: 1.5; }
.wf-group-title { fill: var(--wf-muted); font-size: 11.5px; font-weight: 600; cursor: pointer; }
.wf-group-title:hover { fill: var(--wf-accent); }
.wf-node.wf-error > rect, .wf-group.wf-error > rect { stroke: var(--wf-error); stroke-width: 2.5; stroke-dasharray: none; }
.wf-node.wf-warning > rect, .wf-group.wf-warning > rect { stroke: var(--wf-warning); stroke-width: 2.5; stroke-dasharray: none; }
.wf-badge { fill: var(--wf-warning); }
.wf-error .wf-badge { fill: var(--wf-error); }
.wf-current > rect { fill: var(--wf-current); stroke: var(--wf-accent); stroke-width: 2.5; }
.wf-selected > rect { stroke: var(--wf-accent); stroke-width: 2.5; }
.wf-edge { fill: none; stroke: var(--wf-edge); stroke-width: 1.4; }
.wf-xcom { stroke-dasharray: 5 4; }
.wf-arrow { fill: var(--wf-edge); }
body.vscode-high-contrast .wf-node rect, body.vscode-high-contrast-light .wf-node rect { stroke-width: 2; }
body.vscode-high-contrast .wf-edge, body.vscode-high-contrast-light .wf-edge { stroke-width: 2; }
.wf-details {
  position: absolute; right: 8px; top: 44px; width: min(360px, calc(100% - 16px)); max-height: calc(100% - 56px); overflow: auto;
  background: var(--wf-panel-bg); border: 1px solid var(--wf-panel-border); border-radius: 6px; padding: 8px 10px;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.18);
}
.wf-details header { display: flex; align-items: baseline; gap: 6px; margin-bottom: 6px; word-break: break-all; }
.wf-details .wf-close { margin-left: auto; border: none; background: none; color: var(--wf-muted); font-size: 16px; cursor: pointer; }
.wf-kind { color: var(--wf-muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
.wf-details dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 10px; margin: 0; }
.wf-details dt { color: var(--wf-muted); }
.wf-details dd { margin: 0; word-break: break-all; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12px; }
.wf-details h4 { margin: 10px 0 4px; font-size: 11px; text-transform: uppercase; color: var(--wf-muted); letter-spacing: 0.04em; }
.wf-args { border-collapse: collapse; width: 100%; font-size: 12px; }
.wf-args th { text-align: left; font-weight: normal; color: var(--wf-muted); padding: 2px 8px 2px 0; vertical-align: top; white-space: nowrap; }
.wf-args td { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); word-break: break-all; white-space: pre-wrap; padding: 2px 0; }
.wf-problems { margin: 4px 0 0; padding-left: 16px; }
.wf-problems li { margin: 2px 0; }
.wf-problems li.wf-error::marker { color: var(--wf-error); }
.wf-problems li.wf-warning::marker { color: var(--wf-warning); }
.wf-code { font-weight: 600; }
li.wf-error .wf-code { color: var(--wf-error); }
li.wf-warning .wf-code { color: var(--wf-warning); }
.wf-muted { color: var(--wf-muted); }
.wf-tooltip {
  position: absolute; z-index: 2; max-width: 330px; pointer-events: none; padding: 6px 8px; font-size: 12px;
  background: var(--wf-panel-bg); border: 1px solid var(--wf-panel-border); border-radius: 4px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.16);
}
[hidden] { display: none !important; }
`;
