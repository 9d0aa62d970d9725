"""The editor side of `wflint iam`: hover on a task's operator (or its id) lists the permissions it
needs, and the `wflint.iamPolicy` command answers the open file's policy document."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import client, open_document, published  # noqa: F401  (client: a pytest fixture)

WORKFLOW = """\
create_s3_objects:
  schedule: None
  tasks:
    create_object_1:
      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator
      s3_bucket: md-workflows-mwaa-bucket
      s3_key: test-files/1.txt
      data: hello
"""


def plain(value):
    if hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


async def test_hover_on_the_operator_lists_the_permissions(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "s3.yml", WORKFLOW)
    await published(client, uri, 1)
    found = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=40)))
    text = found.contents.value
    assert "IAM permissions this task needs" in text
    assert "`s3:PutObject` on `arn:aws:s3:::md-workflows-mwaa-bucket/test-files/1.txt`" in text


async def test_iam_policy_command_answers_the_policy_document(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "s3.yml", WORKFLOW)
    await published(client, uri, 1)
    answer = plain(await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="wflint.iamPolicy", arguments=[uri])))
    policy = answer["policy"]
    assert policy["Version"] == "2012-10-17"
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert {"s3:PutObject", "s3:ListBucket"} <= actions
