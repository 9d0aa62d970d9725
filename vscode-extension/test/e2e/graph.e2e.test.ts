/**
 * End-to-end: "wflint: Show DAG Graph" in code-server. The view draws the example's tasks, redraws
 * when a dependency is edited, highlights the task under the cursor, and a click on a node moves
 * the editor's cursor to the task's definition.
 *   npm run test:e2e   (WFLINT_E2E_UPDATE_SCREENSHOTS=1 refreshes images/graph-view.png)
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { CodeServerSession, codeServerBinary, REPO_ROOT, step, UI_TIMEOUT_MS } from './codeServer';

const EXAMPLE = 'examples/dags/sales_daily.yml';
const TASKS = ['aggregate', 'clean_orders', 'publish', 'wait_for_export'];
// Positions in examples/dags/sales_daily.yml (1-based).
const AGGREGATE_DEPENDENCIES_LINE = 33; // `dependencies: [clean_orders]` of `aggregate`
const PUBLISH_ID_LINE = 34; // `- task_id: publish`

const python = resolve(process.env.WFLINT_PYTHON ?? join(REPO_ROOT, '.venv', 'bin', 'python'));
const binary = codeServerBinary();

/** The graph view's document: VS Code nests a webview's page in two iframes. */
function graphFrame(session: CodeServerSession): FrameLocator {
  return session.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

async function drawnTasks(frame: FrameLocator): Promise<string[]> {
  const keys = await frame.locator('g.wf-node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-key') ?? ''));
  return keys.map((k) => k.slice(2)).sort();
}

async function edges(frame: FrameLocator): Promise<string[]> {
  return frame
    .locator('path.wf-edge')
    .evaluateAll((paths) => paths.map((p) => `${p.getAttribute('data-source')}->${p.getAttribute('data-target')}`).sort());
}

describe('the DAG graph view', { timeout: 6 * UI_TIMEOUT_MS }, () => {
  let session: CodeServerSession;

  before(async () => {
    try {
      execFileSync(python, ['-c', 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("wflint.lsp.graph") else 3)']);
    } catch {
      throw new Error(`${python} cannot import wflint.lsp.graph (set WFLINT_PYTHON to an interpreter with this wflint installed)`);
    }
    session = await CodeServerSession.start(binary, {
      name: 'graph',
      settings: { 'wflint.interpreter': python, 'wflint.trace.server': 'messages' },
      fixtures: [],
    });
    mkdirSync(join(session.workspace, 'examples'), { recursive: true });
    cpSync(join(REPO_ROOT, 'examples', 'dags'), join(session.workspace, 'examples', 'dags'), { recursive: true });
  });
  after(async () => session?.stop());

  it('draws the example, redraws on an edit, follows the cursor and reveals a clicked task', async () => {
    const page = session.page;
    const frame = graphFrame(session);
    await step(session, 'graph-open', async () => {
      await session.openFile(EXAMPLE);
      await session.runCommand('wflint: Show DAG Graph');
      await frame.locator('.wf-root[data-state="drawn"]').waitFor();
      assert.deepEqual(await drawnTasks(frame), TASKS);
      assert.deepEqual(await edges(frame), ['g:transform->t:publish', 't:clean_orders->t:aggregate', 't:wait_for_export->t:clean_orders']);
      assert.equal(await frame.locator('g.wf-group[data-key="g:transform"]').count(), 1);
      // The editor-title button is there for a workflow file.
      await page.locator('.editor-actions a[aria-label*="Show DAG Graph"]').first().waitFor();
      await session.screenshot('graph-view');
    });

    await step(session, 'graph-edit', async () => {
      await session.goTo(AGGREGATE_DEPENDENCIES_LINE, 1);
      await page.keyboard.press('End');
      for (let i = 0; i < 'clean_orders]'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type('wait_for_export]');
      await frame.locator('path.wf-edge[data-source="t:wait_for_export"][data-target="t:aggregate"]').waitFor();
      await frame.locator('path.wf-edge[data-source="t:clean_orders"][data-target="t:aggregate"]').waitFor({ state: 'detached' });
      assert.deepEqual(await drawnTasks(frame), TASKS);
      // The cursor is inside `aggregate`: its node is highlighted.
      await frame.locator('g.wf-node.wf-current[data-key="t:aggregate"]').waitFor();
    });

    await step(session, 'graph-click', async () => {
      const selection = page.locator('#status\\.editor\\.selection');
      assert.match(await selection.innerText(), new RegExp(`Ln ${AGGREGATE_DEPENDENCIES_LINE},`));
      await frame.locator('g.wf-node[data-key="t:publish"]').click();
      await page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${PUBLISH_ID_LINE},`) }).waitFor();
      await frame.locator('.wf-details', { hasText: 'S3CreateObjectOperator' }).waitFor();
      await page.keyboard.press('Control+Z'); // leave the example as it was (the workspace is a copy anyway)
    });
  });
});
