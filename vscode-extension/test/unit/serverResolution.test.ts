import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findExecutableOnPath, resolveServer, type ResolutionEnvironment } from '../../src/serverResolution';

/** A machine described by which files are executables and which Pythons have wflint. */
function fakeEnvironment(overrides: Partial<ResolutionEnvironment> & {
  executables?: string[];
  pythonsWithWflint?: string[];
  selectedPython?: string;
  onPath?: Record<string, string>;
}): ResolutionEnvironment {
  const executables = new Set(overrides.executables ?? []);
  const pythonsWithWflint = new Set(overrides.pythonsWithWflint ?? []);
  return {
    pathSetting: overrides.pathSetting,
    interpreterSetting: overrides.interpreterSetting,
    getPythonExtensionInterpreter: async () => overrides.selectedPython,
    findOnPath: async (name) => overrides.onPath?.[name],
    isExecutableFile: async (path) => executables.has(path),
    hasServerModule: async (python) => pythonsWithWflint.has(python),
  };
}

const everythingAvailable = {
  executables: ['/opt/wflint/bin/wflint'],
  pythonsWithWflint: ['/venv/bin/python', '/selected/bin/python'],
  selectedPython: '/selected/bin/python',
  onPath: { wflint: '/usr/local/bin/wflint' },
};

describe('resolveServer order', () => {
  it('uses wflint.path first, as `<path> server`', async () => {
    const result = await resolveServer(
      fakeEnvironment({ ...everythingAvailable, pathSetting: '/opt/wflint/bin/wflint', interpreterSetting: '/venv/bin/python' }),
    );
    assert.equal(result.kind, 'found');
    assert.deepEqual(result.kind === 'found' && result.server, {
      source: 'wflint.path',
      command: '/opt/wflint/bin/wflint',
      args: ['server'],
    });
  });

  it('uses wflint.interpreter next, as `<python> -m wflint.lsp`', async () => {
    const result = await resolveServer(fakeEnvironment({ ...everythingAvailable, interpreterSetting: '/venv/bin/python' }));
    assert.deepEqual(result.kind === 'found' && result.server, {
      source: 'wflint.interpreter',
      command: '/venv/bin/python',
      args: ['-m', 'wflint.lsp'],
    });
  });

  it('uses the Python extension interpreter when no setting is given', async () => {
    const result = await resolveServer(fakeEnvironment(everythingAvailable));
    assert.deepEqual(result.kind === 'found' && result.server, {
      source: 'python-extension',
      command: '/selected/bin/python',
      args: ['-m', 'wflint.lsp'],
    });
  });

  it('falls back to wflint on PATH when the selected interpreter lacks wflint', async () => {
    const result = await resolveServer(fakeEnvironment({ ...everythingAvailable, pythonsWithWflint: [] }));
    assert.deepEqual(result.kind === 'found' && result.server, {
      source: 'PATH',
      command: '/usr/local/bin/wflint',
      args: ['server'],
    });
    assert.match(result.log.join('\n'), /selected interpreter \/selected\/bin\/python does not have wflint/);
  });

  it('falls back to wflint on PATH without the Python extension', async () => {
    const result = await resolveServer(fakeEnvironment({ ...everythingAvailable, selectedPython: undefined }));
    assert.equal(result.kind === 'found' && result.server.source, 'PATH');
  });

  it('treats empty and blank settings as unset', async () => {
    const result = await resolveServer(fakeEnvironment({ ...everythingAvailable, pathSetting: '', interpreterSetting: '  ' }));
    assert.equal(result.kind === 'found' && result.server.source, 'python-extension');
  });

  it('looks a bare interpreter name up on PATH', async () => {
    const result = await resolveServer(
      fakeEnvironment({
        interpreterSetting: 'python3',
        onPath: { python3: '/usr/bin/python3' },
        pythonsWithWflint: ['/usr/bin/python3'],
      }),
    );
    assert.equal(result.kind === 'found' && result.server.command, '/usr/bin/python3');
  });
});

describe('resolveServer problems', () => {
  it('reports a broken wflint.path instead of silently using another wflint', async () => {
    const result = await resolveServer(fakeEnvironment({ ...everythingAvailable, pathSetting: '/nope/wflint' }));
    assert.equal(result.kind, 'missing');
    if (result.kind === 'missing') {
      assert.match(result.problem.message, /wflint\.path is set to "\/nope\/wflint", which is not an executable file/);
      assert.equal(result.problem.settingToOpen, 'wflint.path');
      assert.equal(result.problem.installCommand, 'pip install wflint');
    }
  });

  it('reports an interpreter without wflint with a pip command for that interpreter', async () => {
    const result = await resolveServer(fakeEnvironment({ ...everythingAvailable, interpreterSetting: '/usr/bin/python3' }));
    assert.equal(result.kind, 'missing');
    if (result.kind === 'missing') {
      assert.match(result.problem.message, /not installed in the Python interpreter set in wflint\.interpreter \(\/usr\/bin\/python3\)/);
      assert.equal(result.problem.installCommand, '/usr/bin/python3 -m pip install wflint');
      assert.equal(result.problem.settingToOpen, 'wflint.interpreter');
    }
  });

  it('suggests `pip install wflint` when nothing is found', async () => {
    const result = await resolveServer(fakeEnvironment({}));
    assert.equal(result.kind, 'missing');
    if (result.kind === 'missing') {
      assert.equal(result.problem.installCommand, 'pip install wflint');
      assert.match(result.problem.message, /wflint language server was not found/);
      assert.doesNotMatch(result.problem.message, /Error|at .*\.js/);
    }
    assert.equal(result.log.length, 2, 'one log line for each automatic place tried');
  });

  it('suggests installing into the selected interpreter, quoting a path with spaces', async () => {
    const result = await resolveServer(fakeEnvironment({ selectedPython: '/My Envs/py/bin/python' }));
    assert.equal(result.kind === 'missing' && result.problem.installCommand, '"/My Envs/py/bin/python" -m pip install wflint');
  });
});

describe('findExecutableOnPath', () => {
  it('returns the first PATH entry holding an executable, skipping empty entries', async () => {
    const found = await findExecutableOnPath('wflint', {
      pathVariable: ':/usr/bin:/home/u/.local/bin:/usr/local/bin',
      platform: 'linux',
      isExecutableFile: async (path) => path === '/home/u/.local/bin/wflint' || path === '/usr/local/bin/wflint' || path === 'wflint',
    });
    assert.equal(found, '/home/u/.local/bin/wflint');
  });

  it('tries PATHEXT extensions on Windows', async () => {
    const found = await findExecutableOnPath('wflint', {
      pathVariable: 'C:\\Python\\Scripts;C:\\Windows',
      platform: 'win32',
      pathExt: '.COM;.EXE',
      isExecutableFile: async (path) => path === 'C:\\Python\\Scripts\\wflint.EXE',
    });
    assert.equal(found, 'C:\\Python\\Scripts\\wflint.EXE');
  });

  it('returns undefined when PATH is unset', async () => {
    assert.equal(await findExecutableOnPath('wflint', { pathVariable: undefined, platform: 'linux', isExecutableFile: async () => true }), undefined);
  });
});
