import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyIamPolicy, describeAnswer, SERVER_IAM_POLICY_COMMAND } from '../../src/iamPolicy';

function deps(answer: unknown, uri: string | null = 'file:///w/etl.yaml') {
  const seen = { clipboard: '', info: '', error: '', commands: [] as unknown[][] };
  return {
    seen,
    activeUri: () => uri ?? undefined,
    executeServerCommand: async (command: string, args: unknown[]) => {
      seen.commands.push([command, ...args]);
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    writeClipboard: async (text: string) => { seen.clipboard = text; },
    showInfo: (message: string) => { seen.info = message; },
    showError: (message: string) => { seen.error = message; },
  };
}

describe('copyIamPolicy', () => {
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }] };

  it('asks the server for the active file and copies the policy document', async () => {
    const d = deps({ policy, holes: ['t: `bucket` is templated'], unmapped: [] });
    assert.equal(await copyIamPolicy(d), true);
    assert.deepEqual(d.seen.commands, [[SERVER_IAM_POLICY_COMMAND, 'file:///w/etl.yaml']]);
    assert.deepEqual(JSON.parse(d.seen.clipboard), policy);
    assert.match(d.seen.info, /1 statement/);
    assert.match(d.seen.info, /1 hole/);
  });

  it('says so, and copies nothing, on an error answer, a failed request or no file', async () => {
    for (const d of [deps({ error: 'not a workflow' }), deps(new Error('server down')), deps({ policy }, null)]) {
      assert.equal(await copyIamPolicy(d), false);
      assert.equal(d.seen.clipboard, '');
      assert.notEqual(d.seen.error, '');
    }
  });

  it('warns about tasks without a verified mapping', () => {
    assert.match(describeAnswer({ policy, unmapped: ['x: Op'] }).summary ?? '', /without a verified mapping/);
    assert.ok(describeAnswer(undefined).error);
  });
});
