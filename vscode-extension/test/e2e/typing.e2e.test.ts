/**
 * End-to-end: the editor while you type (issue 15). A half-typed line in a file with another
 * error keeps both diagnostics, and the Problems count never drops to zero while typing; the
 * WF010 did-you-mean is one quick fix away; an inherited default_args value shows as an inlay hint.
 *   npm run test:e2e   (see extension.e2e.test.ts for the environment variables)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeServerSession, codeServerBinary, REPO_ROOT, step, UI_TIMEOUT_MS } from './codeServer';

const WORKFLOW = 'typing/dags/orders.yml';
// Positions in fixtures/typing/dags/orders.yml (1-based).
const SCHEDUL_KEY = { line: 2, column: 4 };
const EXTRACT_OPERATOR_LINE = 6;

const python = resolve(process.env.WFLINT_PYTHON ?? join(REPO_ROOT, '.venv', 'bin', 'python'));
const binary = codeServerBinary();

/** Errors + warnings as the status bar's Problems item counts them. */
function problemCount(label: string | null): number {
  const numbers = [...(label ?? '').matchAll(/(Errors?|Warnings?):?\s*(\d+)/gi)].map((m) => Number(m[2]));
  return numbers.reduce((sum, n) => sum + n, 0);
}

describe('typing in a workflow', { timeout: 6 * UI_TIMEOUT_MS }, () => {
  let session: CodeServerSession;

  before(async () => {
    try {
      execFileSync(python, ['-c', 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("wflint.lsp.__main__") else 3)']);
    } catch {
      throw new Error(`${python} cannot run -m wflint.lsp (set WFLINT_PYTHON to an interpreter with wflint installed)`);
    }
    session = await CodeServerSession.start(binary, {
      name: 'typing',
      settings: { 'wflint.interpreter': python },
      fixtures: ['typing'],
    });
  });
  after(async () => session?.stop());

  it('keeps the other diagnostics while a line is half typed, and the count never drops to zero', async () => {
    const page = session.page;
    await step(session, 'half-typed', async () => {
      await session.openFile(WORKFLOW);
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: 'WF201' }).first().waitFor();
      await rows.filter({ hasText: 'WF010' }).first().waitFor();

      // Sample the status bar's Problems count every 10 ms from inside the page while typing.
      // (A string: this test is compiled without the DOM library.)
      await page.evaluate(`(() => {
        window.wflintSamples = [];
        window.wflintTimer = setInterval(() => {
          const item = document.querySelector('#status\\\\.problems');
          window.wflintSamples.push(item ? item.getAttribute('aria-label') || '' : '');
        }, 10);
      })()`);
      await session.goTo(EXTRACT_OPERATOR_LINE, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter'); // keeps the task's indentation
      await page.keyboard.type('sourc', { delay: 120 });

      const syntax = rows.filter({ hasText: 'WF001' }).first();
      await syntax.waitFor();
      // Both at once: the syntax error of the half-typed key and the unknown dependency elsewhere.
      await rows.filter({ hasText: 'WF201' }).first().waitFor();
      assert.match(await syntax.innerText(), /could not find expected ':'/);
      assert.match(await rows.filter({ hasText: 'WF201' }).first().innerText(), /transfrom/);
      // The squiggle is under `sourc` (line 7), not a dot on the line after it.
      assert.match(await syntax.innerText(), /\[Ln 7, Col 7\]/);
      await page.waitForTimeout(1_000);
      await session.screenshot('typing-half-line');

      const samples = (await page.evaluate(`(() => { clearInterval(window.wflintTimer); return window.wflintSamples; })()`)) as string[];
      const counts = samples.map(problemCount);
      assert.ok(counts.length > 50, `only ${counts.length} samples`);
      assert.ok(Math.min(...counts) > 0, `the Problems count dropped to zero while typing: ${[...new Set(samples)].join(' | ')}`);

      // Back to the file as it was.
      for (let i = 0; i < 8 && (await syntax.isVisible().catch(() => false)); i++) {
        await page.keyboard.press('Control+Z');
        await page.waitForTimeout(400);
      }
      await rows.filter({ hasText: 'WF001' }).first().waitFor({ state: 'detached' });
    });
  });

  it('fixes the WF010 typo with its quick fix', async () => {
    const page = session.page;
    await step(session, 'quick-fix', async () => {
      await session.openFile(WORKFLOW);
      const rows = page.locator('.markers-panel .monaco-list-row');
      if (!(await page.locator('.markers-panel').isVisible())) {
        await page.keyboard.press('Control+Shift+M');
      }
      await rows.filter({ hasText: 'WF010' }).first().waitFor();
      await session.goTo(SCHEDUL_KEY.line, SCHEDUL_KEY.column);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Rename to `schedule`' }).first();
      await action.waitFor();
      await session.screenshot('quick-fix');
      // Choose it with the keyboard, as the widget's pointer block swallows clicks while it settles.
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      for (let i = 0; i < 6 && !/Rename to `schedule`/.test((await focused.first().innerText().catch(() => '')) ?? ''); i++) {
        await page.keyboard.press('ArrowDown');
      }
      assert.match(await focused.first().innerText(), /Rename to `schedule`/);
      await page.keyboard.press('Enter');
      await rows.filter({ hasText: 'WF010' }).first().waitFor({ state: 'detached' });
      const line = session.activeEditor().locator('.view-line', { hasText: 'schedule: "@daily"' });
      await line.first().waitFor();
      await page.keyboard.press('Control+Z');
    });
  });

  it('shows the retries a task inherits from defaults.yml as an inlay hint', async () => {
    await step(session, 'inlay-hint', async () => {
      await session.openFile(WORKFLOW);
      const hint = session.activeEditor().locator('.view-line', { hasText: 'retries: 3 · from defaults.yml' });
      await hint.first().waitFor();
      assert.match(await hint.first().innerText(), /task_id:\s+extract\s+retries:\s+3/);
      await session.screenshot('inlay-hint');
    });
  });
});
