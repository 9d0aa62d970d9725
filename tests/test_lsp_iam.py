"""IAM in the editor: hover on a task's operator lists the permissions it needs; the
`wflint.iamPolicy` command answers the workflow's policy document."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import client, doc, open_document, plain, pos, published  # noqa: F401  (client: a pytest fixture)

WORKFLOW = """\
simples3test:
  schedule: 0 0 * * *
  tasks:
    list_objects:
      operator: airflow.providers.amazon.aws.operators.s3.S3ListOperator
      bucket: amzn-s3-demo-bucket
    create_object_list:
      operator: airflow.providers.amazon.aws.operators.s3.S3CreateObjectOperator
      data: x
      s3_bucket: amzn-s3-demo-bucket
      s3_key: "lists/{{ ds }}.txt"
      dependencies: [list_objects]
"""


async def test_hover_on_the_operator_lists_the_permissions(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "s3.yml", WORKFLOW)
    await published(client, uri, 1)
    found = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=pos(7, 20)))
    text = found.contents.value
    assert "IAM permissions this task needs" in text
    assert "`s3:PutObject` on `arn:aws:s3:::amzn-s3-demo-bucket/lists/*.txt`" in text
    assert "templated" in text  # the hole is said


async def test_iam_policy_command_answers_the_policy(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "s3.yml", WORKFLOW)
    await published(client, uri, 1)
    answer = plain(await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="wflint.iamPolicy", arguments=[uri])))
    assert "policy" in answer, answer
    policy = answer["policy"]
    assert policy["Version"] == "2012-10-17"
    resources = {s["Resource"] if isinstance(s["Resource"], str) else tuple(s["Resource"]) for s in policy["Statement"]}
    assert "arn:aws:s3:::amzn-s3-demo-bucket" in resources
    bad = plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(command="wflint.iamPolicy", arguments=[])))
    assert "error" in bad
