/**
 * End-to-end: the language server's workspace index in code-server. A workspace of two workflow
 * files: Go to Definition on a `trigger_dag_id` value opens the other file at its DAG, and a DAG
 * id defined in both files shows WF601 with the other definition as related information.
 *   npm run test:e2e
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeServerSession, codeServerBinary, REPO_ROOT, step, UI_TIMEOUT_MS } from './codeServer';

const OPENED = 'project/dags/sales.yml';
// Positions in fixtures/project/dags/sales.yml and report.yml (1-based).
const TRIGGER_VALUE = { line: 9, column: 25 }; // inside `report` of `trigger_dag_id: report`
const REPORT_DAG_LINE = 1; // `report:` in report.yml

const python = resolve(process.env.WFLINT_PYTHON ?? join(REPO_ROOT, '.venv', 'bin', 'python'));
const binary = codeServerBinary();

describe('across files', { timeout: 6 * UI_TIMEOUT_MS }, () => {
  let session: CodeServerSession;

  before(async () => {
    try {
      execFileSync(python, ['-c', 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("wflint.lsp.project") else 3)']);
    } catch {
      throw new Error(`${python} cannot import wflint.lsp.project (set WFLINT_PYTHON to an interpreter with this wflint installed)`);
    }
    session = await CodeServerSession.start(binary, {
      name: 'project',
      settings: { 'wflint.interpreter': python, 'wflint.trace.server': 'messages' },
      fixtures: ['project'],
    });
  });
  after(async () => session?.stop());

  it('shows a duplicate dag_id with the other definition, and goes from a trigger to the other file', async () => {
    const page = session.page;
    await step(session, 'project-duplicate', async () => {
      await session.openFile(OPENED);
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      // WF601 needs the other file, which is not open: the workspace index read it.
      const duplicate = rows.filter({ hasText: 'WF601' }).first();
      await duplicate.waitFor();
      assert.match(await duplicate.innerText(), /cleanup[\s\S]*report\.yml/);
      // The related information: a row under the diagnostic, naming the other file's definition.
      const related = rows.filter({ hasText: 'is first defined here' }).first();
      await related.waitFor();
      assert.match(await related.innerText(), /report\.yml\s*\[Ln 7, Col 1\]/); // `cleanup:` in report.yml (the panel puts the file and position in separate elements)
      await session.screenshot('project-duplicate');
      await page.keyboard.press('Control+Shift+M'); // hide the panel again
    });

    await step(session, 'project-definition', async () => {
      await session.openFile(OPENED);
      await session.goTo(TRIGGER_VALUE.line, TRIGGER_VALUE.column);
      await page.keyboard.press('F12');
      await page.locator('.tab.active', { hasText: 'report.yml' }).waitFor();
      await page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`Ln ${REPORT_DAG_LINE},`) }).waitFor();
    });
  });
});
