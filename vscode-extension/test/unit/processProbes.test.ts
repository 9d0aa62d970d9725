import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { hasServerModule, isExecutableFile } from '../../src/processProbes';

function systemPython(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('process probes', () => {
  it('recognises executables and rejects folders and missing files', async () => {
    assert.equal(await isExecutableFile(process.execPath), true);
    assert.equal(await isExecutableFile(__dirname), false);
    assert.equal(await isExecutableFile('/definitely/not/here'), false);
  });

  it('says no for an interpreter that does not exist', async () => {
    assert.equal(await hasServerModule('/definitely/not/python'), false);
  });

  it('says no for a Python without wflint.lsp', { skip: systemPython() === undefined && 'no python3 on PATH' }, async () => {
    const python = systemPython()!;
    const hasWflint = execFileSync(python, ['-c', 'import importlib.util as u; print(bool(u.find_spec("wflint")))'], {
      encoding: 'utf8',
    }).trim();
    if (hasWflint === 'True') {
      return; // this machine's system Python has wflint installed; nothing to assert
    }
    assert.equal(await hasServerModule(python), false);
  });
});
