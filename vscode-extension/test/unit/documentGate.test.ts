import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDocumentGateMiddleware, type UriLike } from '../../src/documentGate';

const included: UriLike = { scheme: 'file', fsPath: '/repo/dags/etl.yml' };
const excluded: UriLike = { scheme: 'file', fsPath: '/repo/docker-compose.yml' };
type Hook = (...args: unknown[]) => unknown;

function gate() {
  const calls: string[] = [];
  const middleware = createDocumentGateMiddleware((uri) => uri.fsPath !== excluded.fsPath) as Record<string, Hook>;
  const next = (name: string) => (...args: unknown[]) => {
    calls.push(name);
    return args;
  };
  return { middleware, calls, next };
}

describe('document gate middleware', () => {
  it('forwards notifications and requests for included documents unchanged', () => {
    const { middleware, calls, next } = gate();
    const document = { uri: included };
    assert.deepEqual(middleware.didOpen(document, next('didOpen')), [document]);
    assert.deepEqual(middleware.provideCompletionItem(document, 'position', 'context', 'token', next('completion')), [
      document,
      'position',
      'context',
      'token',
    ]);
    assert.deepEqual(calls, ['didOpen', 'completion']);
  });

  it('never opens an excluded document on the server nor asks for its features', async () => {
    const { middleware, calls, next } = gate();
    const document = { uri: excluded };
    await middleware.didOpen(document, next('didOpen'));
    await middleware.didChange({ document, contentChanges: [] }, next('didChange'));
    await middleware.didClose(document, next('didClose'));
    assert.equal(middleware.provideHover(document, 'position', 'token', next('hover')), undefined);
    assert.equal(middleware.provideInlayHints(document, 'range', 'token', next('inlay')), undefined);
    assert.deepEqual(await middleware.willSaveWaitUntil({ document }, next('willSaveWaitUntil')), []);
    assert.deepEqual(calls, []);
  });

  it('answers pulled diagnostics for excluded files with an empty report, by document or by URI', () => {
    const { middleware, calls, next } = gate();
    assert.deepEqual(middleware.provideDiagnostics({ uri: excluded }, undefined, 'token', next('pull')), { kind: 'full', items: [] });
    assert.deepEqual(middleware.provideDiagnostics(excluded, 'id-1', 'token', next('pull')), { kind: 'full', items: [] });
    assert.deepEqual(middleware.provideDiagnostics(included, 'id-1', 'token', next('pull')), [included, 'id-1', 'token']);
    assert.deepEqual(calls, ['pull']);
  });

  it('drops diagnostics published for excluded files', () => {
    const { middleware, next } = gate();
    assert.deepEqual(middleware.handleDiagnostics(excluded, ['d1'], next('diagnostics')), [excluded, []]);
    assert.deepEqual(middleware.handleDiagnostics(included, ['d1'], next('diagnostics')), [included, ['d1']]);
  });
});
