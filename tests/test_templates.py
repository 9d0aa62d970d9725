"""wflint.jinja.analysis: static Jinja analysis with exact offsets, judged against an Airflow 3 context."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from wflint.jinja.analysis import (
    AIRFLOW3_FILTERS,
    CatalogUnavailable,
    TemplateContext,
    analyze_template,
    check_references,
    default_airflow3_context,
    is_template,
    make_context,
    restrict_to_profile,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# A small stand-in for the catalog's context (tests must not depend on the catalog being built).
CONTEXT_NAMES = {
    "conn", "dag", "dag_run", "data_interval_end", "data_interval_start", "ds", "ds_nodash",
    "logical_date", "macros", "params", "run_id", "task", "task_instance", "ti", "ts", "ts_nodash",
    "var",
}
MACROS = {"datetime", "timedelta", "dateutil", "time", "uuid", "random", "ds_add", "ds_format", "json"}
MWAA_NAMES = {"macros", "task_instance", "ti", "params", "ds", "ds_nodash", "ts", "ts_nodash"}
MWAA_MACROS = {"datetime", "timedelta", "dateutil", "time", "uuid", "ds_add", "ds_format"}


def _scalar_nodes():
    """test_scalars' libyaml scalar walker (scalars exactly as the core sees them)."""
    try:
        from test_scalars import scalar_nodes
    except ImportError:  # tests/ collected as a package
        from tests.test_scalars import scalar_nodes
    return scalar_nodes


def context(**dag) -> TemplateContext:
    return make_context(CONTEXT_NAMES, macros=MACROS).for_dag(**dag)


def text_at(s: str, start: int, end: int) -> str:
    return s[start:end]


def problems(s: str, **dag):
    return check_references(analyze_template(s), context(**dag))


def kinds(s: str, **dag) -> list[tuple[str, str]]:
    return [(p.kind, s[p.start : p.end]) for p in problems(s, **dag)]


# --- is_template ----------------------------------------------------------------------------


@pytest.mark.parametrize("s", ["{{ ds }}", "a {% if x %}b{% endif %}", "{# note #}"])
def test_is_template_detects_markup(s):
    assert is_template(s)


@pytest.mark.parametrize("s", ["", "plain", "{ not jinja }", "${VAR}", "{'json': 1}"])
def test_is_template_rejects_plain_strings(s):
    assert not is_template(s)
    assert analyze_template(s).references == () and analyze_template(s).ok


# --- syntax errors ----------------------------------------------------------------------------


def test_seed_article_error_points_at_the_offending_name():
    # A SQL template with a missing comma in the task id list: MWAA Serverless reported only
    # "expected token ',', got 'create_test_table'" when the run failed.
    sql = (
        "INSERT INTO results\n"
        "SELECT *\n"
        "FROM {{ ti.xcom_pull(task_ids=['create_database' create_test_table], key='table') }}\n"
        "WHERE day = '{{ ds }}'"
    )
    error = analyze_template(sql).syntax_error
    assert error is not None
    assert error.message == "expected token ',', got 'create_test_table'"
    assert error.lineno == 3
    assert text_at(sql, error.start, error.end) == "create_test_table"
    assert error.start == sql.index("create_test_table")


@pytest.mark.parametrize(
    "template, message, at",
    [
        ("{{ ti.xcom_pull(task_ids='a' b) }}", "expected token ',', got 'b'", "b"),
        ("echo {{ ds }} {{ params.x ) }}", "unexpected ')'", ")"),
        ("{{ foo $ }}", "unexpected char '$' at 7", "$"),
        ("{{ 'unclosed }}", "unexpected char \"'\" at 3", "'"),
        ("{% endfor %}", "Encountered unknown tag 'endfor'.", "endfor"),
        ("{% frobnicate %}", "Encountered unknown tag 'frobnicate'.", "frobnicate"),
        ("a\r\nb {{ x y }}", "expected token 'end of print statement', got 'y'", "y"),
        ("{{ a.1b }}", "expected token 'end of print statement', got 'b'", "b"),
    ],
)
def test_syntax_error_offsets(template, message, at):
    error = analyze_template(template).syntax_error
    assert error is not None
    assert message in error.message
    assert text_at(template, error.start, error.end) == at


def test_unclosed_block_points_at_end_of_template():
    template = "{% if ds %}yes"
    error = analyze_template(template).syntax_error
    assert error is not None and "Unexpected end of template" in error.message
    assert (error.start, error.end) == (len(template) - 1, len(template))


def test_adjacent_strings_are_valid_jinja():
    # Jinja concatenates adjacent string literals, so this is not a syntax error.
    analysis = analyze_template("{{ ti.xcom_pull(task_ids='a' 'b') }}")
    assert analysis.ok
    assert [t.task_id for t in analysis.xcom_pulls[0].task_ids] == ["ab"]


def test_do_extension_is_enabled_like_airflow():
    assert analyze_template("{% set l = [] %}{% do l.append(ds) %}{{ l }}").ok


def test_native_environment_parses_the_same():
    analysis = analyze_template("{{ params.n + 1 }}", native=True)
    assert analysis.ok and analysis.references[0].path == ("n",)


# --- references -------------------------------------------------------------------------------


def test_references_have_exact_offsets():
    s = "SELECT * FROM t WHERE d = '{{ ds }}' AND x = {{ params.x }} AND y = {{ params['y'] }} {{ var.value.key }}"
    refs = analyze_template(s).references
    assert [r.dotted for r in refs] == ["ds", "params.x", "params.y", "var.value.key"]
    for ref in refs:
        assert text_at(s, ref.start, ref.end) == ref.name
    assert [text_at(s, *span) for span in refs[1].path_spans] == ["x"]
    assert [text_at(s, *span) for span in refs[2].path_spans] == ["'y'"]
    assert refs[2].path_is_item == (True,)
    assert [text_at(s, *span) for span in refs[3].path_spans] == ["value", "key"]


def test_macros_and_conn_chains():
    s = "{{ macros.ds_add(ds, 7) }} {{ conn.my_conn.host }}"
    refs = analyze_template(s).references
    assert [(r.name, r.path) for r in refs] == [("macros", ("ds_add",)), ("ds", ()), ("conn", ("my_conn", "host"))]


def test_dynamic_subscript_stops_the_path_and_is_visited():
    s = "{{ params[key_name].x }}"
    refs = analyze_template(s).references
    assert [(r.name, r.path) for r in refs] == [("params", ()), ("key_name", ())]


def test_filters_and_tests_with_offsets():
    s = "{{ logical_date | ds_nodash }} {{ x | default('a') | upper }} {% if n is not divisibleby(3) %}{% endif %}"
    analysis = analyze_template(s)
    assert [(f.name, text_at(s, f.start, f.end)) for f in analysis.filters] == [
        ("ds_nodash", "ds_nodash"),
        ("default", "default"),
        ("upper", "upper"),
    ]
    assert [(t.name, text_at(s, t.start, t.end)) for t in analysis.tests] == [("divisibleby", "divisibleby")]


def test_filter_block_and_filter_arguments():
    s = "{% filter upper %}{{ ds }}{% endfilter %}{{ items | map(attribute='a') | join(sep | trim) }}"
    names = [(f.name, text_at(s, f.start, f.end)) for f in analyze_template(s).filters]
    assert sorted(names) == sorted([("upper", "upper"), ("map", "map"), ("join", "join"), ("trim", "trim")])


# --- scoping --------------------------------------------------------------------------------


def test_set_names_are_not_context_references():
    s = "{% set table = params.prefix ~ '_t' %}SELECT * FROM {{ table }}"
    analysis = analyze_template(s)
    assert [r.name for r in analysis.references] == ["params"]
    assert "table" in analysis.local_names


def test_for_loop_variable_and_loop_are_scoped_to_the_loop():
    s = "{% for row in params.rows %}{{ row.id }}{{ loop.index }}{% endfor %}{{ row }}"
    refs = analyze_template(s).references
    assert [(r.name, r.start) for r in refs] == [("params", s.index("params")), ("row", s.rindex("row"))]


def test_macro_arguments_and_name():
    s = "{% macro q(t, d=ds) %}{{ t }}.{{ d }}{{ varargs }}{% endmacro %}{{ q('x') }}"
    refs = analyze_template(s).references
    assert [r.name for r in refs] == ["ds"]


def test_with_block_and_namespace():
    s = "{% with a = ds %}{{ a }}{% endwith %}{% set ns = namespace(n=0) %}{% set ns.n = 1 %}{{ ns.n }}"
    refs = analyze_template(s).references
    assert [r.name for r in refs] == ["ds", "namespace"]  # namespace: a Jinja global
    assert problems(s) == []


def test_set_inside_loop_does_not_leak():
    s = "{% for i in range(3) %}{% set last = i %}{% endfor %}{{ last }}"
    assert [r.name for r in analyze_template(s).references] == ["range", "last"]
    assert kinds(s) == [("undefined-name", "last")]


# --- xcom_pull ------------------------------------------------------------------------------


def test_xcom_pull_forms():
    s = (
        "{{ ti.xcom_pull(task_ids='extract') }} "
        "{{ task_instance.xcom_pull('load', key='rows') }} "
        "{{ ti.xcom_pull(task_ids=['a', \"b\"]) }} "
        "{{ ti.xcom_pull(task_ids=params.upstream) }} "
        "{{ ti.xcom_pull(key='k') }}"
    )
    pulls = analyze_template(s).xcom_pulls
    assert [p.receiver for p in pulls] == ["ti", "task_instance", "ti", "ti", "ti"]
    assert [[(t.task_id, text_at(s, t.start, t.end)) for t in p.task_ids] for p in pulls] == [
        [("extract", "'extract'")],
        [("load", "'load'")],
        [("a", "'a'"), ("b", '"b"')],
        [],
        [],
    ]
    assert [p.dynamic for p in pulls] == [False, False, False, True, False]
    assert text_at(s, pulls[0].start, pulls[0].end) == "ti.xcom_pull(task_ids='extract')"


def test_xcom_pull_unknown_task_is_reported_with_suggestion():
    s = "{{ ti.xcom_pull(task_ids=['extract', 'laod']) }}"
    found = problems(s, task_ids={"extract", "load"})
    assert [(p.kind, text_at(s, p.start, p.end), p.suggestion) for p in found] == [
        ("unknown-xcom-task", "'laod'", "load")
    ]
    assert found[0].severity == "warning"


def test_xcom_pull_not_checked_without_task_ids():
    assert problems("{{ ti.xcom_pull(task_ids='anything') }}") == []


# --- check_references -----------------------------------------------------------------------


def test_clean_template_has_no_problems():
    s = "{{ ds }} {{ macros.ds_add(ds, 1) }} {{ var.value.x }} {{ var.json.y.z }} {{ conn.c.login }} {{ logical_date | ts_nodash }}"
    assert problems(s) == []


def test_undefined_name_with_did_you_mean():
    s = "echo {{ ds_nodsh }}"
    [problem] = problems(s)
    assert problem.kind == "undefined-name" and problem.severity == "error"
    assert text_at(s, problem.start, problem.end) == "ds_nodsh"
    assert problem.suggestion == "ds_nodash"


@pytest.mark.parametrize(
    "name, replacement",
    [
        ("execution_date", "logical_date"),
        ("next_ds", "{{ data_interval_end | ds }}"),
        ("tomorrow_ds", "macros.ds_add(ds, 1)"),
        ("yesterday_ds_nodash", "macros.ds_add(ds, -1)"),
        ("prev_ds", "prev_data_interval_start_success"),
        ("next_execution_date", "data_interval_end"),
        ("conf", "no replacement"),
    ],
)
def test_removed_names_carry_replacement(name, replacement):
    s = f"{{{{ {name} }}}}"
    [problem] = problems(s)
    assert problem.kind == "removed-name"
    assert replacement in problem.replacement and replacement in problem.message
    assert text_at(s, problem.start, problem.end) == name


def test_unknown_macro_points_at_member():
    s = "{{ macros.ds_ad(ds, 1) }}"
    [problem] = problems(s)
    assert (problem.kind, text_at(s, problem.start, problem.end), problem.suggestion) == (
        "unknown-macro", "ds_ad", "ds_add",
    )


def test_unknown_filter_and_test():
    s = "{{ logical_date | dss }} {% if x is evn %}{% endif %}"
    found = kinds(s)
    assert ("unknown-filter", "dss") in found
    assert ("unknown-test", "evn") in found


def test_airflow_filters_are_known():
    s = " ".join("{{ logical_date | %s }}" % name for name in sorted(AIRFLOW3_FILTERS))
    assert problems(s) == []


def test_params_declared_and_undeclared():
    s = "{{ params.table }} {{ params['schema'] }} {{ params.get('x') }} {{ params.items() }}"
    found = problems(s, params={"table"})
    assert [(p.kind, text_at(s, p.start, p.end)) for p in found] == [("undeclared-param", "'schema'")]
    assert problems(s) == []  # params unknown: not checked


def test_user_defined_macros_and_filters():
    s = "{{ add_days(ds, 1) }} {{ ds | shout }}"
    assert {p.kind for p in problems(s)} == {"undefined-name", "unknown-filter"}
    assert problems(s, user_defined_macros={"add_days"}, user_defined_filters={"shout"}) == []


def test_guarded_references_are_not_reported():
    s = "{{ maybe | default('x') }} {% if other is defined %}{{ other }}{% endif %} {{ params.opt | default(1) }}"
    assert problems(s, params=set()) == []


def test_names_bound_in_the_template_are_fine():
    s = "{% set d = ds %}{% for t in ['a', 'b'] %}{{ t }}{{ d }}{% endfor %}"
    assert problems(s) == []


def test_syntax_error_yields_no_reference_problems():
    assert problems("{{ a b }}") == []


def test_mwaa_profile_flags_undocumented_names_and_macros():
    ctx = restrict_to_profile(context(), "MWAA Serverless", MWAA_NAMES, MWAA_MACROS)
    s = "{{ ds }} {{ dag_run.run_id }} {{ macros.random() }} {{ macros.ds_add(ds, 1) }}"
    found = [(p.kind, text_at(s, p.start, p.end), p.severity) for p in check_references(analyze_template(s), ctx)]
    assert found == [("not-in-profile", "dag_run", "warning"), ("macro-not-in-profile", "random", "warning")]


# --- catalog-backed default context ---------------------------------------------------------


def test_default_context_comes_from_the_catalog():
    try:
        ctx = default_airflow3_context()
    except CatalogUnavailable:
        pytest.skip("the task SDK catalog is not built in this tree")
    assert {"ds", "ti", "task_instance", "params", "macros", "logical_date"} <= ctx.names
    assert "execution_date" not in ctx.names and "execution_date" in ctx.removed
    assert "conf" in ctx.removed
    assert {"ds_add", "ds_format"} <= (ctx.macros or set())
    assert AIRFLOW3_FILTERS <= ctx.filters


# --- caching and speed ----------------------------------------------------------------------


def test_results_are_memoised_per_string():
    s = "{{ ds }} memo"
    assert analyze_template(s) is analyze_template(s)


def test_throughput_with_memoisation():
    distinct = [f"SELECT * FROM t_{i} WHERE d = '{{{{ ds }}}}' AND k = {{{{ params.k{i} }}}}" for i in range(1000)]
    workload = distinct + distinct  # 2,000 templates, 50% distinct
    analyze_template.cache_clear()
    started = time.perf_counter()
    for s in workload:
        analyze_template(s)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # generous: about 0.25 s on the development machine


# --- the shared corpus ----------------------------------------------------------------------


def _corpus_templates():
    scalar_nodes = _scalar_nodes()

    for path in sorted([*CORPUS.rglob("*.yml"), *CORPUS.rglob("*.yaml")]):
        try:
            nodes = list(scalar_nodes(path.read_text(encoding="utf-8-sig")))
        except Exception:
            continue  # deliberately broken YAML fixtures
        for node in nodes:
            if is_template(node.value):
                yield path.relative_to(CORPUS).as_posix(), node.value


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_templates_parse_without_syntax_errors():
    oracle = {}
    for line in (CORPUS / "oracle-results.jsonl").read_text().splitlines():
        entry = json.loads(line)
        oracle[entry["file"]] = entry
    seen = 0
    with_errors = []
    for relative, value in _corpus_templates():
        seen += 1
        analysis = analyze_template(value)  # must not raise
        if analysis.syntax_error is not None:
            with_errors.append((relative, analysis.syntax_error.message))
    assert seen > 500
    # Every corpus template is valid Jinja (there are no rejected-for-Jinja files either).
    accepted_with_errors = [(f, m) for f, m in with_errors if oracle.get(f, {}).get("loads")]
    assert accepted_with_errors == []
    assert with_errors == []


# --- property checks over generated templates -------------------------------------------------

_FRAGMENTS = [
    "{{", "}}", "{%", "%}", "{#", "#}", " ", "ds", "params", ".", "x", "[", "]", "'a'", '"b"', "(", ")",
    ",", "|", "upper", "is", "not", "defined", "for", "in", "endfor", "if", "endif", "set", "=", "macro",
    "endmacro", "with", "endwith", "raw", "endraw", "-", "\n", "\r\n", "1", "ti", "xcom_pull",
    "task_ids", "~", "filter", "endfilter", "do", "namespace", "loop", "else", "é", "😀", "'\\x'",
    "'\\u00e9'", ":", "{", "}",
]


def _generated(count: int, seed: int):
    import random

    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 25)))


def test_generated_templates_agree_with_jinja_and_offsets_hold():
    import jinja2

    from wflint.jinja.parse import ENVIRONMENTS

    env = ENVIRONMENTS[False]
    rejected = 0
    for s in _generated(4000, seed=11):
        analysis = analyze_template(s)  # never raises
        try:
            env.parse(s)
            expected = None
        except jinja2.TemplateSyntaxError as exc:
            expected = (exc.message, exc.lineno)
        error = analysis.syntax_error
        assert (error and (error.message, error.lineno)) == (expected or None), s
        if error:
            rejected += 1
            assert 0 <= error.start < error.end <= len(s) or s == ""
            continue
        for ref in analysis.references:
            assert s[ref.start : ref.end] == ref.name
            for (start, end), part, item in zip(ref.path_spans, ref.path, ref.path_is_item):
                assert s[start:end] == part if not item else s[start] in "'\"0123456789"
        for use in (*analysis.filters, *analysis.tests):
            assert s[use.start : use.end] == use.name
    assert 500 < rejected < 3500  # both outcomes are exercised


@pytest.mark.parametrize(
    "s, names",
    [
        ("a  {{- ds -}}  b {%- if x -%} {{ y }} {%- endif %}", ["ds", "x", "y"]),  # whitespace control
        ("{# c {{ z }} #}{% raw %}{{ nope }}{% endraw %}{{ ok }}", ["ok"]),  # comments, raw blocks
        ("x\r\n\r\n{{ a }}\r\n{{ b }}\r\n", ["a", "b"]),  # CRLF: offsets in the original string
        ('{{ "\\u00e9 😀" ~ ds }} 😀 {{ ts }}', ["ds", "ts"]),  # escapes and non-ASCII before names
    ],
)
def test_reference_offsets_survive_lexer_normalisation(s, names):
    refs = analyze_template(s).references
    assert [r.name for r in refs] == names
    assert [s[r.start : r.end] for r in refs] == names


def test_syntax_error_offset_with_crlf():
    s = "x\r\n\r\n{{ a }}\r\n{{ b c }}"
    error = analyze_template(s).syntax_error
    assert error.lineno == 4 and s[error.start : error.end] == "c"


def test_template_offsets_compose_with_scalar_offsets():
    # The lead's path: a folded YAML scalar's value is the template; a problem's offsets in the
    # value go through wflint.yaml.scalars to land on the right source characters.
    from wflint.yaml.scalars import value_offset_map

    scalar_nodes = _scalar_nodes()

    source = (
        "dag:\n"
        "  tasks:\n"
        "    - task_id: t\n"
        "      bash_command: >-\n"
        "        echo {{ ds }}\n"
        "        {{ execution_date | ds_nodash }}\n"
    )
    node = next(n for n in scalar_nodes(source) if n.style == ">")
    [problem] = check_references(analyze_template(node.value), context())
    omap = value_offset_map(source, node.start_mark.index, node.end_mark.index, node.style, node.value)
    start, end = omap.to_source_span(problem.start, problem.end)
    assert source[start:end] == "execution_date"


def test_namespace_assignment_reads_the_namespace():
    s = "{% set ns.count = 1 %}"
    [ref] = analyze_template(s).references
    assert (ref.name, s[ref.start : ref.end]) == ("ns", "ns")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_reference_findings_are_the_expected_few():
    try:
        ctx = default_airflow3_context()
    except CatalogUnavailable:
        pytest.skip("the task SDK catalog is not built in this tree")
    found = set()
    for relative, value in _corpus_templates():
        for problem in check_references(analyze_template(value), ctx):
            found.add((relative.split("/")[-1], problem.kind, problem.name))
    assert found == {
        # Names from user_defined_macros: this context was given none (the oracle also reports
        # them as undefined for these files).
        ("example_user_defined_macros.yml", "undefined-name", "add_days"),
        ("example_user_defined_macros.yml", "undefined-name", "date_utils"),
        # map_index_template is rendered with keys the task's Python callable adds to its own
        # context at run time; a caller should not judge that field against the task context.
        ("example_map_index_template.yml", "undefined-name", "custom_mapping_key"),
        ("named_mapping_example.yaml", "undefined-name", "city_name"),
    }
