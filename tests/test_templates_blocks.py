"""Expression-by-expression analysis gives exactly what parsing the whole template gives."""

from __future__ import annotations

import pytest

from wflint.jinja.analysis import _analyze_cached, analyze_template
from wflint.jinja.blocks import expression_blocks

SAME = [
    "{{ ds }}",
    "exports/{{ ds }}/part_7.json",
    "{{ ds_nodash }}-{{ ts }}",
    "a {{ macros.ds_add(ds, 1) }} b {{ params['x'] }}",
    "{{ ti.xcom_pull(task_ids='extract') }}",
    "line one\n{{ task_instance.xcom_pull(task_ids=['a', 'b']) }}\nline {{ var.value.x }}",
    "{{ ds | ds_nodash }} and {{ logical_date.strftime('%Y') }}",
    "{{ {'a': {'b': 1}}['a'] }}",
    "{{ '}}' }} text",
    "{{- ds -}}",
    "{{ true }} {{ none }} {{ x.y.z }}",
    "{{ execution_date }} {{ next_ds }}",
    "SELECT * FROM t WHERE dt = '{{ ds }}' AND x = {{ params.limit | int }}",
    "{{ ds }} {{ ti.xcom_pull(task_ids='a' 'b', key=) }}",  # a syntax error in the second expression
    "{{ x is defined and x }} {{ y | default('z') }}",
    "{{ ti.xcom_pull(task_ids='extract') }}",
    'data/{{ task_instance.xcom_pull( task_ids = "load.step_1" , key="rows" ) }}.csv',
    "{{ ti.xcom_pull(task_ids='a', key='k') }} {{ ti.xcom_pull(task_ids=['a']) }}",
    "{{ ti.xcom_pull(task_ids='') }}",
]


@pytest.mark.parametrize("block", [
    "{{ ds }}", "{{ macros.ds_add }}", "{{-ds-}}", "{{ ti.xcom_pull(task_ids='extract') }}",
    '{{ task_instance.xcom_pull(task_ids="a", key="b") }}',
])
def test_fast_paths_equal_jinja(block):
    from wflint.jinja.blocks import simple_expression

    fast = simple_expression(block)
    assert fast is not None
    assert fast == _analyze_cached(block, False)


@pytest.mark.parametrize("block", ["{{ true }}", "{{ ti.xcom_pull(task_ids=x) }}", "{{ a.b() }}", "{{ ds | x }}"])
def test_other_expressions_go_to_jinja(block):
    from wflint.jinja.blocks import simple_expression

    assert simple_expression(block) is None


@pytest.mark.parametrize("template", SAME)
def test_blockwise_equals_whole(template):
    assert expression_blocks(template) is not None
    whole = _analyze_cached(template, False)
    analyze_template.cache_clear()
    assert analyze_template(template) == whole


@pytest.mark.parametrize(
    "template", ["{% if x %}{{ y }}{% endif %}", "{# c #}{{ y }}", "{{ unclosed", "{{ a) }}", "é😀 {{ ds }}\n{{ foo( }}"]
)
def test_statements_comments_and_oddities_are_parsed_whole(template):
    assert expression_blocks(template) is None
    assert analyze_template(template) == _analyze_cached(template, False)
