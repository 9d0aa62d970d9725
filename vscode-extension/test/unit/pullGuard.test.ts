import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepDiagnosticsOnCancelledPull } from '../../src/pullGuard';

class Cancelled extends Error {}

describe('keepDiagnosticsOnCancelledPull', () => {
  const report = { kind: 'full', items: [{ message: 'x' }] };

  it('passes a report through when the pull was not cancelled', async () => {
    const provide = keepDiagnosticsOnCancelledPull(undefined, () => new Cancelled());
    const token = { isCancellationRequested: false };
    assert.equal(await provide('doc', undefined, token, async () => report), report);
  });

  it('turns the empty report of a pull cancelled meanwhile into a cancellation', async () => {
    const provide = keepDiagnosticsOnCancelledPull(undefined, () => new Cancelled());
    const token = { isCancellationRequested: false };
    const next = async () => {
      token.isCancellationRequested = true; // the user typed while the server answered
      return { kind: 'full', items: [] };
    };
    await assert.rejects(async () => provide('doc', undefined, token, next), Cancelled);
  });

  it('runs the inner middleware (the document gate) first', async () => {
    const calls: string[] = [];
    const inner = async (doc: unknown, previous: unknown, token: { isCancellationRequested: boolean }, next: (d: unknown, p: unknown, t: { isCancellationRequested: boolean }) => unknown) => {
      calls.push('gate');
      return next(doc, previous, token);
    };
    const provide = keepDiagnosticsOnCancelledPull(inner, () => new Cancelled());
    assert.equal(await provide('doc', 'r1', { isCancellationRequested: false }, async () => report), report);
    assert.deepEqual(calls, ['gate']);
  });
});
