import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { downgradedLine, filterClientLines } from '../../src/outputFilter';
import { parseProbeOutput, probeInterpreter } from '../../src/processProbes';
import { interpreterProblem, resolveServer, type ResolutionEnvironment, versionAtLeast } from '../../src/serverResolution';
import { INLAY_HINT_KINDS, inlayHintKinds, readServerSettings } from '../../src/settings';

function environment(overrides: Partial<ResolutionEnvironment>): ResolutionEnvironment {
  return {
    pathSetting: undefined,
    interpreterSetting: undefined,
    getPythonExtensionInterpreter: async () => undefined,
    findOnPath: async () => undefined,
    isExecutableFile: async () => false,
    hasServerModule: async () => false,
    ...overrides,
  };
}

describe('set-up messages: wflint.interpreter', () => {
  it('tells a path with no file from an interpreter without wflint, and offers no pip command for it', async () => {
    const result = await resolveServer(environment({
      interpreterSetting: '/nope/bin/python',
      probeInterpreter: async () => ({ kind: 'missing' }),
    }));
    assert.equal(result.kind, 'missing');
    if (result.kind === 'missing') {
      assert.match(result.problem.message, /wflint\.interpreter is set to "\/nope\/bin\/python", but there is no such file/);
      assert.match(result.problem.message, /Set it to the path of a Python interpreter/);
      assert.equal(result.problem.installCommand, '');
      assert.equal(result.problem.settingToOpen, 'wflint.interpreter');
      assert.doesNotMatch(result.problem.message, /pip install/);
    }
  });

  it('says "install it there" with the pip command of that interpreter when wflint is missing', () => {
    const problem = interpreterProblem('/venv/bin/python', { kind: 'no-wflint' });
    assert.match(problem!.message, /wflint is not installed in the Python interpreter set in wflint\.interpreter \(\/venv\/bin\/python\)\. Install it there\./);
    assert.equal(problem!.installCommand, '/venv/bin/python -m pip install wflint');
  });

  it('says "upgrade" with the version found when wflint is too old', () => {
    const problem = interpreterProblem('/venv/bin/python', { kind: 'too-old', version: '0.0.3' });
    assert.match(problem!.message, /wflint 0\.0\.3 installed .* is too old .*Upgrade it\./);
    assert.equal(problem!.installCommand, '/venv/bin/python -m pip install --upgrade wflint');
  });

  it('tells a program that is not Python, and one that cannot run', () => {
    assert.match(interpreterProblem('/bin/ls', { kind: 'not-python' })!.message, /which is not a Python interpreter/);
    assert.match(interpreterProblem('/etc/hosts', { kind: 'not-runnable' })!.message, /which cannot be run/);
    assert.equal(interpreterProblem('/venv/bin/python', { kind: 'ok', version: '0.1.0' }), undefined);
  });

  it('starts the server when the probe says ok', async () => {
    const result = await resolveServer(environment({
      interpreterSetting: '/venv/bin/python',
      probeInterpreter: async () => ({ kind: 'ok', version: '0.1.0' }),
    }));
    assert.equal(result.kind === 'found' && result.server.command, '/venv/bin/python');
  });
});

describe('set-up messages: wflint.path', () => {
  it('tells a path with no file from a file that is not executable', async () => {
    const missing = await resolveServer(environment({ pathSetting: '/nope/wflint', fileExists: async () => false }));
    assert.match(missing.kind === 'missing' ? missing.problem.message : '', /"\/nope\/wflint", but there is no such file/);
    const notExecutable = await resolveServer(environment({ pathSetting: '/etc/hosts', fileExists: async () => true }));
    assert.match(notExecutable.kind === 'missing' ? notExecutable.problem.message : '', /which is not an executable file/);
  });
});

describe('probing an interpreter', () => {
  it('reads the probe output', () => {
    assert.deepEqual(parseProbeOutput('wflint-probe 0.1.0 1\n'), { kind: 'ok', version: '0.1.0' });
    assert.deepEqual(parseProbeOutput('wflint-probe - 0\n'), { kind: 'no-wflint' });
    assert.deepEqual(parseProbeOutput('wflint-probe 0.0.9 0\n'), { kind: 'too-old', version: '0.0.9' });
    assert.deepEqual(parseProbeOutput('wflint-probe 0.0.9 1\n'), { kind: 'too-old', version: '0.0.9' });
    assert.deepEqual(parseProbeOutput('usage: ls [OPTION]...'), { kind: 'not-python' });
  });

  it('compares versions numerically', () => {
    assert.equal(versionAtLeast('0.10.0', '0.9.1'), true);
    assert.equal(versionAtLeast('0.1.0', '0.1.0'), true);
    assert.equal(versionAtLeast('0.0.9', '0.1.0'), false);
    assert.equal(versionAtLeast('1.0.0rc1', '0.1.0'), true);
  });

  it('finds no file at a path that does not exist, without running anything', async () => {
    assert.deepEqual(await probeInterpreter('/no/such/dir/python3'), { kind: 'missing' });
  });

  it('tells a real program that is not Python', async () => {
    assert.deepEqual(await probeInterpreter('/bin/true'), { kind: 'not-python' });
  });
});

describe('the output channel', () => {
  it('logs a clean server exit at info level, and every other line as written', () => {
    const lines: string[] = [];
    const infos: string[] = [];
    const sink = filterClientLines({ appendLine: (line: string) => lines.push(line), info: (message: string) => infos.push(message) });
    sink.appendLine('[Error - 10:01:02 AM] Server process exited with code 0.');
    sink.appendLine('[Error - 10:01:03 AM] Server process exited with code 1.');
    assert.deepEqual(infos, ['Server process exited (code 0)']);
    assert.deepEqual(lines, ['[Error - 10:01:03 AM] Server process exited with code 1.']);
    assert.equal(downgradedLine('[Info  - 10:00:00] Server started'), undefined);
  });
});

describe('inlay hint settings', () => {
  it('sends the kinds turned off, and nothing when all are on', () => {
    assert.equal(inlayHintKinds({ schedules: true, inheritedValues: true, upstreamCount: true }), undefined);
    assert.deepEqual(inlayHintKinds({ schedules: true, upstreamCount: false, bogus: false }), { upstreamCount: false });
    const settings = readServerSettings((key) => (key === 'inlayHintKinds' ? { inheritedValues: false } : undefined), { homeDir: '/home/a' });
    assert.deepEqual(settings.inlayHintKinds, { inheritedValues: false });
  });

  it('declares each kind in package.json, and the description names exactly those kinds', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(properties['wflint.inlayHintKinds'].properties).sort(), [...INLAY_HINT_KINDS].sort());
    const description: string = properties['wflint.inlayHints'].markdownDescription;
    assert.match(description, /three kinds/);
    assert.match(description, /schedule/);
    assert.match(description, /defaults\.yml/);
    assert.match(description, /upstream/);
    assert.doesNotMatch(description, /resolved defaults and upstream tasks/);
  });

  it('types wflint.path and wflint.interpreter as strings with an empty default (a text box in the Settings UI)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties;
    for (const key of ['wflint.path', 'wflint.interpreter']) {
      assert.equal(properties[key].type, 'string');
      assert.equal(properties[key].default, '');
    }
  });
});
