/**
 * Client middleware that holds back documents the user excluded (`wflint.exclude`), which a
 * document selector cannot express: they are never opened on the server, get no completion,
 * hover or other feature requests, and any diagnostics the server publishes for them are dropped.
 * Written against structural types only, so it is unit-tested without VS Code.
 */

export interface UriLike {
  scheme: string;
  fsPath: string;
}

export type UriFilter = (uri: UriLike) => boolean;

/** Middleware hooks whose first argument is a document (or an event carrying one). */
const DOCUMENT_HOOKS = [
  'didOpen',
  'didChange',
  'willSave',
  'didSave',
  'didClose',
  'provideCompletionItem',
  'provideHover',
  'provideSignatureHelp',
  'provideDefinition',
  'provideReferences',
  'provideDocumentHighlights',
  'provideDocumentSymbols',
  'provideCodeActions',
  'provideCodeLenses',
  'provideDocumentFormattingEdits',
  'provideDocumentRangeFormattingEdits',
  'provideOnTypeFormattingEdits',
  'provideRenameEdits',
  'prepareRename',
  'provideDocumentLinks',
  'provideFoldingRanges',
  'provideSelectionRanges',
  'provideInlayHints',
  'provideDocumentSemanticTokens',
  'provideDocumentSemanticTokensEdits',
  'provideDocumentRangeSemanticTokens',
] as const;

type Next = (...args: unknown[]) => unknown;

/** The URI of a document, of an event's document, or the argument itself when it is a URI. */
function documentUri(firstArgument: unknown): UriLike | undefined {
  const value = firstArgument as (Partial<UriLike> & { uri?: UriLike; document?: { uri?: UriLike } }) | undefined;
  if (typeof value?.scheme === 'string' && typeof value.fsPath === 'string') {
    return value as UriLike;
  }
  return value?.document?.uri ?? value?.uri;
}

export function createDocumentGateMiddleware(isSent: UriFilter): Record<string, unknown> {
  const middleware: Record<string, unknown> = {};
  for (const hook of DOCUMENT_HOOKS) {
    middleware[hook] = (...args: unknown[]) => {
      const next = args[args.length - 1] as Next;
      const uri = documentUri(args[0]);
      if (uri !== undefined && !isSent(uri)) {
        return hook.startsWith('did') || hook === 'willSave' ? Promise.resolve() : undefined;
      }
      return next(...args.slice(0, -1));
    };
  }
  middleware.willSaveWaitUntil = (event: unknown, next: Next) => {
    const uri = documentUri(event);
    return uri !== undefined && !isSent(uri) ? Promise.resolve([]) : next(event);
  };
  middleware.handleDiagnostics = (uri: UriLike, diagnostics: unknown[], next: Next) =>
    next(uri, isSent(uri) ? diagnostics : []);
  // Pull diagnostics (the server's preferred mode) are asked for a document or a URI.
  middleware.provideDiagnostics = (documentOrUri: unknown, previousResultId: unknown, token: unknown, next: Next) => {
    const uri = documentUri(documentOrUri);
    return uri !== undefined && !isSent(uri) ? { kind: 'full', items: [] } : next(documentOrUri, previousResultId, token);
  };
  return middleware;
}
