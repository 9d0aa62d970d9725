import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { absoluteGlobs, buildDocumentSelector, createDocumentMatcher } from '../../src/documentSelection';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const defaultInclude: string[] = manifest.contributes.configuration.properties['wflint.include'].default;
const defaultExclude: string[] = manifest.contributes.configuration.properties['wflint.exclude'].default;

describe('buildDocumentSelector', () => {
  it('selects YAML files on disk by pattern, without claiming the yaml language for every file', () => {
    assert.deepEqual(buildDocumentSelector(['**/*.{yml,yaml}'], ['/w']), [
      { scheme: 'file', language: 'yaml', pattern: '**/*.{yml,yaml}' },
    ]);
  });

  it('anchors relative patterns in each workspace folder', () => {
    assert.deepEqual(
      buildDocumentSelector(['dags/**/*.yml'], ['/w/a', '/w/b/']).map((filter) => filter.pattern),
      ['/w/a/dags/**/*.yml', '/w/b/dags/**/*.yml'],
    );
  });

  it('uses forward slashes for Windows folders', () => {
    assert.deepEqual(absoluteGlobs('.\\dags\\*.yml', ['C:\\work\\repo']), ['C:/work/repo/dags/*.yml']);
  });
});

describe('createDocumentMatcher with the default settings', () => {
  const isSent = createDocumentMatcher(defaultInclude, defaultExclude, ['/home/ana/airflow']);

  const sent = [
    '/home/ana/airflow/dags/etl.yaml',
    '/home/ana/airflow/dags/team/load.yml',
    '/home/ana/airflow/workflow.yml',
    '/home/ana/airflow/dags/compose_reports.yml', // a DAG named like compose files is still linted
  ];
  const held = [
    '/home/ana/airflow/docker-compose.yml',
    '/home/ana/airflow/docker-compose.override.yaml',
    '/home/ana/airflow/compose.yaml',
    '/home/ana/airflow/compose.override.yml',
    '/home/ana/airflow/.github/workflows/ci.yml',
    '/home/ana/airflow/.gitlab-ci.yml',
    '/home/ana/airflow/.pre-commit-config.yaml',
    '/home/ana/airflow/node_modules/pkg/x.yml',
    '/home/ana/airflow/.venv/lib/python3.11/site-packages/airflow/config.yml',
    '/home/ana/airflow/dags/etl.py',
  ];
  for (const path of sent) {
    it(`sends ${path}`, () => assert.equal(isSent(path), true));
  }
  for (const path of held) {
    it(`holds back ${path}`, () => assert.equal(isSent(path), false));
  }
});

describe('createDocumentMatcher with custom settings', () => {
  it('restricts to a dags folder relative to the workspace', () => {
    const isSent = createDocumentMatcher(['dags/**/*.{yml,yaml}'], [], ['/repo']);
    assert.equal(isSent('/repo/dags/a/b.yml'), true);
    assert.equal(isSent('/repo/config/b.yml'), false);
    assert.equal(isSent('/other/dags/b.yml'), false);
  });

  it('lets exclude win over include', () => {
    const isSent = createDocumentMatcher(['**/*.yml'], ['**/dags/generated/**'], ['/repo']);
    assert.equal(isSent('/repo/dags/generated/x.yml'), false);
    assert.equal(isSent('/repo/dags/x.yml'), true);
  });

  it('sends nothing with an empty include list', () => {
    assert.equal(createDocumentMatcher([], [], ['/repo'])('/repo/dags/x.yml'), false);
  });

  it('matches Windows paths', () => {
    const isSent = createDocumentMatcher(['dags/**/*.yml'], ['**/.github/**'], ['C:\\repo']);
    assert.equal(isSent('C:\\repo\\dags\\x.yml'), true);
    assert.equal(isSent('C:\\repo\\.github\\dags\\x.yml'), false);
  });
});
