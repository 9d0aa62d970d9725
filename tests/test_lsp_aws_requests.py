"""Editor help inside arguments that become AWS requests (issue 20), over the real server: member
completion with botocore's documentation (required members first), enum values, and hover."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import (  # noqa: F401  (client: a pytest fixture)
    client, open_document, pos, published, replace_all,
)

BATCH = "airflow.providers.amazon.aws.operators.batch.BatchOperator"
BASE = f"""\
nightly:
  schedule: "@daily"
  tasks:
    - task_id: submit
      operator: {BATCH}
      job_name: nightly
      job_queue: default
      job_definition: etl
      container_overrides:
        vcpus: 2
        resourceRequirements:
          - type: GPU
            value: "1"
"""


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def _complete_after(client: LanguageClient, tmp_path, text: str, marker: str = "|"):
    path = tmp_path / "batch.yml"
    uri = open_document(client, path, BASE)
    await published(client, uri, 1)
    offset = text.index(marker)
    before = text[:offset]
    replace_all(client, uri, text.replace(marker, "", 1), 2)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=_doc(uri), position=pos(before.count("\n"), len(before.rsplit("\n", 1)[-1]))))
    return {item.label: item for item in result.items}, result.items


async def test_members_of_the_request_structure_are_offered_with_their_documentation(client: LanguageClient, tmp_path):
    # container_overrides becomes SubmitJob.containerOverrides (ContainerOverrides in botocore)
    by_label, items = await _complete_after(client, tmp_path, BASE + "        comm|\n")
    command = by_label["command"]
    assert command.kind == types.CompletionItemKind.Field
    assert command.detail == "list of string"
    assert "SubmitJob" in command.documentation.value and "botocore" in command.documentation.value
    assert "vcpus" not in by_label  # already present
    assert "environment" in by_label and "instanceType" in by_label


async def test_required_members_come_first(client: LanguageClient, tmp_path):
    # a KeyValuePair-like structure with required members: ResourceRequirement needs value and type
    text = BASE + "          - |\n"
    by_label, items = await _complete_after(client, tmp_path, text)
    assert {"type", "value"} <= set(by_label)
    assert by_label["type"].detail.endswith("(required)")
    assert by_label["type"].sort_text < by_label["value"].sort_text or by_label["value"].detail.endswith("(required)")


async def test_enum_values_of_a_member(client: LanguageClient, tmp_path):
    text = BASE.replace("          - type: GPU", "          - type: |")
    by_label, _ = await _complete_after(client, tmp_path, text)
    assert {"GPU", "VCPU", "MEMORY"} <= set(by_label)


async def test_hover_on_a_member_shows_its_shape_and_documentation(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "batch.yml", BASE)
    await published(client, uri, 1)
    line = BASE.splitlines().index("        vcpus: 2")
    found = await client.text_document_hover_async(types.HoverParams(text_document=_doc(uri), position=pos(line, 10)))
    text = found.contents.value
    assert "**vcpus**" in text and "`integer`" in text
    assert "SubmitJob" in text
    # the argument's own hover names the request member it becomes
    line = BASE.splitlines().index("      container_overrides:")
    found = await client.text_document_hover_async(types.HoverParams(text_document=_doc(uri), position=pos(line, 10)))
    assert "`SubmitJob.containerOverrides`" in found.contents.value
