import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyIamPolicy, describeAnswer, SERVER_IAM_COMMAND } from '../../src/iamPolicy';

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::b/k' }] };

function deps(answer: unknown) {
  const seen = { clipboard: [] as string[], info: [] as string[], warn: [] as string[], calls: [] as unknown[][] };
  return {
    seen,
    deps: {
      execute: async (command: string, args: unknown[]) => {
        seen.calls.push([command, ...args]);
        return answer;
      },
      writeClipboard: async (text: string) => {
        seen.clipboard.push(text);
      },
      info: (message: string) => seen.info.push(message),
      warn: (message: string) => seen.warn.push(message),
    },
  };
}

describe('Copy IAM Policy', () => {
  it('asks the server for the document and copies the policy document', async () => {
    const { seen, deps: d } = deps({ policy: POLICY, warnings: [] });
    assert.equal(await copyIamPolicy('file:///dags/s3.yml', d), true);
    assert.deepEqual(seen.calls, [[SERVER_IAM_COMMAND, 'file:///dags/s3.yml']]);
    assert.deepEqual(JSON.parse(seen.clipboard[0]), POLICY);
    assert.match(seen.info[0], /copied/);
  });

  it('copies and warns when the server lists holes or gaps', async () => {
    const { seen, deps: d } = deps({ policy: POLICY, warnings: ['t: BucketName not known'] });
    assert.equal(await copyIamPolicy('file:///dags/s3.yml', d), true);
    assert.equal(seen.clipboard.length, 1);
    assert.match(seen.warn[0], /1 warning\(s\): t: BucketName not known/);
  });

  it('copies nothing on an error answer, without a document or without a server', async () => {
    const failing = deps({ policy: null, error: 'not an open DAG Factory workflow file' });
    assert.equal(await copyIamPolicy('file:///x.yml', failing.deps), false);
    assert.deepEqual(failing.seen.clipboard, []);
    assert.match(failing.seen.warn[0], /not an open DAG Factory workflow file/);
    const none = deps({});
    assert.equal(await copyIamPolicy(undefined, none.deps), false);
    assert.equal(await copyIamPolicy('file:///x.yml', { ...none.deps, execute: undefined }), false);
    assert.deepEqual(none.seen.calls, []);
  });

  it('describes a missing answer', () => {
    assert.equal(describeAnswer(undefined).ok, false);
  });
});
