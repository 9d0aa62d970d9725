import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_INCLUDE,
  expandPath,
  readClientSettings,
  readServerSettings,
  requiresRestart,
  RESTART_SETTINGS,
} from '../../src/settings';

const context = { workspaceFolder: '/work/project', homeDir: '/home/ana' };

function getter(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe('readServerSettings', () => {
  it('maps every server key, with defaults for unset values', () => {
    assert.deepEqual(readServerSettings(getter({}), context), {
      profile: null,
      select: [],
      ignore: [],
      inlayHints: true,
      catalogs: [],
      trace: { server: 'off' },
    });
  });

  it('passes configured values and resolves catalog paths against the workspace folder', () => {
    const settings = readServerSettings(
      getter({
        profile: 'mwaa-serverless',
        select: ['WF2', 'WF302'],
        ignore: ['WF4'],
        inlayHints: false,
        catalogs: ['catalogs/custom.json', '~/shared/ops.json', '${workspaceFolder}/x.json', '/abs/y.json'],
        'trace.server': 'verbose',
      }),
      context,
    );
    assert.deepEqual(settings, {
      profile: 'mwaa-serverless',
      select: ['WF2', 'WF302'],
      ignore: ['WF4'],
      inlayHints: false,
      catalogs: ['/work/project/catalogs/custom.json', '/home/ana/shared/ops.json', '/work/project/x.json', '/abs/y.json'],
      trace: { server: 'verbose' },
    });
  });

  it('drops values of the wrong type instead of sending them to the server', () => {
    const settings = readServerSettings(
      getter({ profile: '  ', select: 'WF2', ignore: ['WF1', 3, ''], inlayHints: 'yes', 'trace.server': 'loud' }),
      context,
    );
    assert.equal(settings.profile, null);
    assert.deepEqual(settings.select, []);
    assert.deepEqual(settings.ignore, ['WF1']);
    assert.equal(settings.inlayHints, true);
    assert.equal(settings.trace.server, 'off');
  });

  it('sends no client-only setting to the server', () => {
    const keys = Object.keys(readServerSettings(getter({ path: '/x', interpreter: '/y', include: [], exclude: [] }), context));
    assert.deepEqual(keys.sort(), ['catalogs', 'ignore', 'inlayHints', 'profile', 'select', 'trace']);
  });
});

describe('readClientSettings', () => {
  it('expands path and interpreter, defaults include', () => {
    assert.deepEqual(readClientSettings(getter({ path: '~/bin/wflint', interpreter: '.venv/bin/python' }), context), {
      path: '/home/ana/bin/wflint',
      interpreter: '/work/project/.venv/bin/python',
      include: [...DEFAULT_INCLUDE],
      exclude: [],
    });
  });

  it('treats null and empty strings as unset', () => {
    const settings = readClientSettings(getter({ path: null, interpreter: '' }), context);
    assert.equal(settings.path, null);
    assert.equal(settings.interpreter, null);
  });
});

describe('expandPath', () => {
  it('leaves a bare command name alone for a PATH lookup', () => {
    assert.equal(expandPath('python3', context), 'python3');
  });
  it('expands ${userHome} and ~', () => {
    assert.equal(expandPath('${userHome}/py', context), '/home/ana/py');
    assert.equal(expandPath('~', context), '/home/ana');
  });
  it('keeps relative paths relative without a workspace folder', () => {
    assert.equal(expandPath('./venv/bin/python', { homeDir: '/h' }), './venv/bin/python');
  });
});

describe('requiresRestart', () => {
  it('restarts for server and client settings, not for unrelated ones', () => {
    assert.equal(requiresRestart((s) => s === 'wflint.interpreter'), true);
    assert.equal(requiresRestart((s) => s === 'wflint.select'), true);
    assert.equal(requiresRestart((s) => s === 'editor.fontSize'), false);
  });
});

describe('package.json contributions', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;

  it('declares every setting the extension reads', () => {
    for (const setting of RESTART_SETTINGS) {
      assert.ok(setting in properties, `${setting} is not declared in package.json`);
    }
  });

  it('uses the same include default as the code', () => {
    assert.deepEqual(properties['wflint.include'].default, [...DEFAULT_INCLUDE]);
  });

  it('declares every command', () => {
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(commands, ['wflint.copyIamPolicy', 'wflint.restartServer', 'wflint.showGraph', 'wflint.showOutput']);
  });
});

describe('wflint.target', () => {
  const context = { workspaceFolder: '/work/project', homeDir: '/home/ana' };
  const get = (values: Record<string, unknown>) => (key: string) => values[key];

  it('sends the versions that are set, with the requirements file made absolute', () => {
    const settings = readServerSettings(
      get({ target: { airflow: ' 3.0.6 ', 'dag-factory': '', requirements: 'deploy/requirements.txt', bad: 3 } }),
      context,
    );
    assert.deepEqual(settings.target, { airflow: '3.0.6', requirements: '/work/project/deploy/requirements.txt' });
  });

  it('sends nothing when no version is set, and restarts the server when it changes', () => {
    assert.equal('target' in readServerSettings(get({ target: {} }), context), false);
    assert.equal(requiresRestart((setting) => setting === 'wflint.target'), true);
  });
});
