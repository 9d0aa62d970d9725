/**
 * "wflint: Copy IAM Policy": asks the language server (command `wflint.iamPolicy`) for the
 * least-privilege IAM policy of the active workflow file and puts it on the clipboard. The logic
 * is free of the `vscode` module so that unit tests can drive it; extension.ts wires it up.
 */

export const COPY_IAM_POLICY_COMMAND = 'wflint.copyIamPolicy';
export const SERVER_IAM_COMMAND = 'wflint.iamPolicy';

export interface IamPolicyAnswer {
  policy?: unknown;
  warnings?: string[];
  error?: string;
}

export interface CopyDeps {
  /** Runs the server's `workspace/executeCommand` (undefined when no server is running). */
  execute: ((command: string, args: unknown[]) => Promise<unknown>) | undefined;
  writeClipboard: (text: string) => Promise<void>;
  info: (message: string) => void;
  warn: (message: string) => void;
}

/** The clipboard text and the message to show, from the server's answer. */
export function describeAnswer(answer: IamPolicyAnswer | null | undefined): { text?: string; message: string; ok: boolean } {
  if (!answer || answer.error || !answer.policy) {
    return { ok: false, message: `wflint: no IAM policy: ${answer?.error ?? 'the language server gave no answer'}` };
  }
  const warnings = answer.warnings ?? [];
  const note = warnings.length ? ` ${warnings.length} warning(s): ${warnings.slice(0, 3).join('; ')}${warnings.length > 3 ? '; …' : ''}` : '';
  return { ok: true, text: JSON.stringify(answer.policy, null, 2) + '\n', message: `wflint: IAM policy copied.${note}` };
}

export async function copyIamPolicy(uri: string | undefined, deps: CopyDeps): Promise<boolean> {
  if (!uri) {
    deps.info('Open a workflow YAML file to copy its IAM policy.');
    return false;
  }
  if (!deps.execute) {
    deps.warn('wflint: the language server is not running.');
    return false;
  }
  let answer: IamPolicyAnswer | undefined;
  try {
    answer = (await deps.execute(SERVER_IAM_COMMAND, [uri])) as IamPolicyAnswer;
  } catch (error) {
    deps.warn(`wflint: the language server did not answer: ${String(error)}`);
    return false;
  }
  const described = describeAnswer(answer);
  if (!described.ok || described.text === undefined) {
    deps.warn(described.message);
    return false;
  }
  await deps.writeClipboard(described.text);
  (answer.warnings?.length ? deps.warn : deps.info)(described.message);
  return true;
}
