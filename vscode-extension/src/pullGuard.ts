/**
 * vscode-languageclient 9.0.1 answers a pull-diagnostics request that was cancelled while the
 * server was answering (the user typed again) with an empty report, and applies it before it
 * pulls again: the Problems panel flashes "No Problems" between keystrokes. This middleware turns
 * such an answer into a cancellation, which the client handles by keeping the diagnostics shown
 * and pulling again. Structural types only, so it is unit-tested without VS Code.
 */

export interface TokenLike {
  isCancellationRequested: boolean;
}

type Provide = (documentOrUri: unknown, previousResultId: unknown, token: TokenLike, next: Next) => unknown;
type Next = (documentOrUri: unknown, previousResultId: unknown, token: TokenLike) => unknown;

/** Wraps a `provideDiagnostics` middleware (or none) so a cancelled pull never yields a report. */
export function keepDiagnosticsOnCancelledPull(inner: Provide | undefined, cancellationError: () => Error): Provide {
  return async (documentOrUri, previousResultId, token, next) => {
    const report = await (inner ? inner(documentOrUri, previousResultId, token, next) : next(documentOrUri, previousResultId, token));
    if (token?.isCancellationRequested) {
      throw cancellationError();
    }
    return report;
  };
}
