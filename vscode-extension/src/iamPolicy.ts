// "wflint: Copy IAM Policy": asks the language server for the workflow's least-privilege IAM policy
// (the `wflint.iamPolicy` command, lsp/iam.py) and copies the policy document to the clipboard.
// The logic takes its VS Code and client dependencies as arguments, so unit tests run it without VS Code.

export const COPY_IAM_POLICY_COMMAND = 'wflint.copyIamPolicy';
export const SERVER_IAM_POLICY_COMMAND = 'wflint.iamPolicy';

export interface IamPolicyAnswer {
  policy?: { Version: string; Statement: unknown[] };
  holes?: string[];
  unmapped?: string[];
  error?: string;
}

export interface CopyDependencies {
  activeUri(): string | undefined;
  executeServerCommand(command: string, args: unknown[]): Promise<unknown>;
  writeClipboard(text: string): Promise<void>;
  showInfo(message: string): void;
  showError(message: string): void;
}

/** The text to copy (the policy as indented JSON) and a summary, or an error message. */
export function describeAnswer(answer: unknown): { text?: string; summary?: string; error?: string } {
  const found = (answer ?? {}) as IamPolicyAnswer;
  if (found.error) {
    return { error: `wflint: no IAM policy: ${found.error}` };
  }
  if (!found.policy || !Array.isArray(found.policy.Statement)) {
    return { error: 'wflint: the language server gave no IAM policy for this file' };
  }
  const holes = found.holes?.length ?? 0;
  const unmapped = found.unmapped?.length ?? 0;
  let summary = `wflint: IAM policy copied (${found.policy.Statement.length} statement(s))`;
  if (holes > 0) {
    summary += `; ${holes} hole(s) to fill in (run \`wflint iam --format text\` to list them)`;
  }
  if (unmapped > 0) {
    summary += `; ${unmapped} task(s) without a verified mapping: their permissions are missing`;
  }
  return { text: JSON.stringify(found.policy, null, 2) + '\n', summary };
}

export async function copyIamPolicy(deps: CopyDependencies): Promise<boolean> {
  const uri = deps.activeUri();
  if (!uri) {
    deps.showError('wflint: open a workflow YAML file to copy its IAM policy');
    return false;
  }
  let answer: unknown;
  try {
    answer = await deps.executeServerCommand(SERVER_IAM_POLICY_COMMAND, [uri]);
  } catch (error) {
    deps.showError(`wflint: no IAM policy: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  const described = describeAnswer(answer);
  if (described.error || described.text === undefined) {
    deps.showError(described.error ?? 'wflint: no IAM policy');
    return false;
  }
  await deps.writeClipboard(described.text);
  deps.showInfo(described.summary ?? 'wflint: IAM policy copied');
  return true;
}
