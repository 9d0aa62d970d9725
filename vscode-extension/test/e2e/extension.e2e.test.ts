/**
 * End-to-end: the packaged .vsix in code-server, seen through Chromium.
 *   npm run test:e2e   (builds and packages first; setup-e2e.sh provides code-server and Chromium)
 * Env: WFLINT_PYTHON (interpreter with wflint, default <repo>/.venv/bin/python),
 *      WFLINT_E2E_UPDATE_SCREENSHOTS=1 (write screenshots to images/ instead of .e2e/screenshots/),
 *      WFLINT_E2E_KEEP=1 (keep the temporary profiles and workspaces).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeServerSession, codeServerBinary, REPO_ROOT, step, UI_TIMEOUT_MS } from './codeServer';

const WORKFLOW = 'dags/daily_sales.yml';
// Positions in fixtures/dags/daily_sales.yml (1-based).
const SCHEDULE_VALUE = { line: 2, column: 16 }; // inside "0 6 * * 1-5"
const PUBLISH_TASK_LAST_ARGUMENT_LINE = 15; // `s3_key: ...` of the S3CreateObjectOperator task

// Resolved against the current directory, since the extension would resolve a relative path against the workspace.
const python = resolve(process.env.WFLINT_PYTHON ?? join(REPO_ROOT, '.venv', 'bin', 'python'));
const binary = codeServerBinary();

/** On failure: a screenshot named after the step and the extension's log in the error. */
describe('without a wflint server', { timeout: 4 * UI_TIMEOUT_MS }, () => {
  let session: CodeServerSession;

  before(async () => {
    // No settings, no Python extension, and a PATH without wflint: nothing to find.
    session = await CodeServerSession.start(binary, {
      name: 'no-server',
      settings: {},
      fixtures: ['dags'],
      path: '/usr/bin:/bin',
    });
  });
  after(async () => session?.stop());

  it('shows one notification with the install command and an Open Settings button', async () => {
    const page = session.page;
    const notFound = 'wflint language server was not found';
    await step(session, 'missing-server', async () => {
      await session.openFile(WORKFLOW);
      const toast = page.locator('.notification-toast', { hasText: notFound });
      await toast.waitFor();
      assert.match(await toast.innerText(), /pip install wflint/);
      await toast.locator('.monaco-button', { hasText: 'Open Settings' }).waitFor();
      await session.screenshot('missing-server');

      // Restarting finds the same problem: still one notification, not one per attempt.
      await session.runCommand('wflint: Restart Server');
      await page.waitForTimeout(3_000);
      await session.runCommand('Notifications: Show Notifications');
      const listed = page.locator('.notifications-center .notification-list-item', { hasText: notFound });
      await listed.first().waitFor();
      assert.equal(await listed.count(), 1);

      await listed.first().locator('.monaco-button', { hasText: 'Open Settings' }).click();
      await page.locator('.settings-editor .setting-item-contents', { hasText: 'Interpreter' }).first().waitFor();
    });
  });
});

describe('with the wflint server', { timeout: 6 * UI_TIMEOUT_MS }, () => {
  let session: CodeServerSession;

  before(async () => {
    try {
      execFileSync(python, ['-c', 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("wflint.lsp.__main__") else 3)']);
    } catch {
      throw new Error(`${python} cannot run -m wflint.lsp (set WFLINT_PYTHON to an interpreter with wflint installed)`);
    }
    session = await CodeServerSession.start(binary, {
      name: 'server',
      settings: { 'wflint.interpreter': python, 'wflint.trace.server': 'messages' },
      fixtures: ['dags', 'docker-compose.yml'],
    });
  });
  after(async () => session?.stop());

  it('shows WF202, WF304 and WF302 as squiggles and in the Problems panel', async () => {
    const page = session.page;
    await step(session, 'diagnostics', async () => {
      await session.openFile(WORKFLOW);
      await session.activeEditor().locator('.squiggly-error').first().waitFor();
      await session.screenshot('diagnostics');

      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      // The server's rule table: WF202 dependency-cycle, WF304 unknown-argument,
      // WF302 unresolved-operator (`wflint rules`).
      await rows.filter({ hasText: 'WF202' }).first().waitFor();
      await rows.filter({ hasText: 'WF304' }).first().waitFor();
      await rows.filter({ hasText: 'WF302' }).first().waitFor();
      assert.match(await rows.filter({ hasText: 'WF202' }).first().innerText(), /cycle/i);
      assert.match(await rows.filter({ hasText: 'WF304' }).first().innerText(), /retries_count/);
      assert.match(await rows.filter({ hasText: 'WF302' }).first().innerText(), /TeamsNotifyOperator/);
      assert.match((await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '', /Errors?: *[1-9]/i);
      await session.screenshot('problems');
      await page.keyboard.press('Control+Shift+M'); // hide the panel again
    });
  });

  it('offers s3_bucket with its documentation inside an S3CreateObjectOperator task', async () => {
    const page = session.page;
    await step(session, 'completion', async () => {
      await session.openFile(WORKFLOW);
      await session.goTo(PUBLISH_TASK_LAST_ARGUMENT_LINE, 1);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter'); // keeps the task's indentation
      await page.keyboard.type('s3_b');
      const widget = page.locator('.suggest-widget.visible');
      if (!(await widget.isVisible())) {
        await page.keyboard.press('Control+Space');
      }
      const item = widget.locator('.monaco-list-row', { hasText: 's3_bucket' }).first();
      await item.waitFor();
      const details = page.locator('.suggest-details-container .suggest-details');
      // Ctrl+Space on an open widget toggles the documentation side panel.
      await page.waitForTimeout(500);
      if (!(await details.isVisible())) {
        await page.keyboard.press('Control+Space');
      }
      await details.waitFor();
      await details.locator('.docs', { hasText: /\S/ }).first().waitFor();
      // The argument's description from the operator's docstring, not just its name and type.
      const documentation = await details.locator('.docs').first().innerText();
      assert.match(documentation, /name of the s3 bucket/i, `documentation: ${documentation}`);
      await session.screenshot('completion');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');
    });
  });

  it('explains the schedule cron expression on hover', async () => {
    const page = session.page;
    await step(session, 'hover', async () => {
      await session.openFile(WORKFLOW);
      await session.goTo(SCHEDULE_VALUE.line, SCHEDULE_VALUE.column);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /monday|weekday/i }).first();
      await hover.waitFor();
      const text = await hover.innerText();
      assert.match(text, /(monday[\s\S]*friday|weekdays?)/i, `hover text: ${text}`);
      assert.match(text, /\b0?6(:00)?\b/, `hover text: ${text}`);
      await session.screenshot('hover');
    });
  });

  it('passes settings to the server and restarts it when they change', async () => {
    const page = session.page;
    await step(session, 'settings', async () => {
      await session.openFile(WORKFLOW);
      const panelOpen = await page.locator('.markers-panel').isVisible();
      if (!panelOpen) {
        await page.keyboard.press('Control+Shift+M');
      }
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: 'WF304' }).first().waitFor();

      // Add WF304 to wflint.ignore in the Settings editor, as a person would.
      await session.runCommand('Preferences: Open User Settings');
      await page.locator('.settings-editor').waitFor();
      await page.keyboard.type('wflint.ignore');
      // The list re-renders while the search settles: act only once it shows this one setting,
      // and type into the new row's own box (a re-render would drop keys typed elsewhere).
      await page.locator('.settings-editor .settings-count-widget', { hasText: /Settings? Found$/ }).waitFor();
      const ignoreSetting = page.locator('.settings-editor .setting-item-contents', { hasText: 'Rule codes or prefixes to disable' });
      await ignoreSetting.locator('.monaco-button', { hasText: 'Add Item' }).click();
      const newItem = ignoreSetting.locator('.setting-list-edit-row input').first();
      await newItem.fill('WF304');
      await newItem.press('Enter');
      await ignoreSetting.locator('.setting-list-row', { hasText: 'WF304' }).waitFor();
      await session.screenshot('settings');

      await session.openFile(WORKFLOW);
      await rows.filter({ hasText: 'WF304' }).first().waitFor({ state: 'detached' });
      await rows.filter({ hasText: 'WF202' }).first().waitFor();
      assert.match(session.extensionLog(), /Restarting the server: settings changed/);
      await page.keyboard.press('Control+Shift+M');
    });
  });
});
