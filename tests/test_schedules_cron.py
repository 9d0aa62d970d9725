"""check_cron: errors exactly where Airflow 3 (croniter) rejects a schedule, with offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from croniter import croniter

from wflint.schedule.validate import check_cron, cron_expression_for, is_none_schedule

SHARED = Path(__file__).resolve().parents[2] / "shared"


def errors(expr):
    return [p for p in check_cron(expr) if p.severity == "error"]


def warnings(expr):
    return [p for p in check_cron(expr) if p.severity == "warning"]


def only_error(expr):
    found = errors(expr)
    assert len(found) == 1, found
    problem = found[0]
    return expr[problem.start:problem.end], problem


VALID = [
    "0 6 * * *", "*/15 * * * *", "0 9-17 * * 1-5", "0 0 1 * *", "0 0 * * 0", "0 0 * * 7",
    "0 0 * * MON", "0 0 * * mon-fri", "0 0 * JAN *", "0 0 * jan-mar *", "0 0 * * FRI-MON",
    "0 0 L * *", "0 0 1,L * *", "0 0 15-L * *", "0 0 * * 1#2", "0 0 * * MON#5", "0 0 * * L5",
    "0 0 ? * *", "0 0 * * ?", "1/5 * * * *", "0 0 1-31/2 * *", "*/61 * * * *", "0 0 * * 0-7",
    " 0 6 * * * ", "0\t6\t*\t*\t*", "00 06 * * *", "0 6 * * 1-1", "0 22-2 * * *",
    "0 6 * * * 30", "0 6 * * * 0 2030", "0 6 * * * 0 2020-2030", "R * * * *",
    "0 0 31 2 *",  # accepted by Airflow although it never fires (a warning)
]


@pytest.mark.parametrize("expr", VALID)
def test_schedules_airflow_accepts_have_no_error(expr):
    assert croniter(expr)  # the premise: croniter, i.e. Airflow, accepts it
    assert errors(expr) == []


PRESETS_VALID = ["@once", "@continuous", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly",
                 "@yearly", "@annually", "@midnight", "@DAILY", "@Hourly"]


@pytest.mark.parametrize("expr", PRESETS_VALID)
def test_presets_airflow_accepts_are_clean(expr):
    assert check_cron(expr) == []


# (expression, offending text, message, kind)
INVALID = [
    ("0 24 * * *", "24", "hour 24 is out of range 0-23", "cron-out-of-range"),
    ("60 * * * *", "60", "minute 60 is out of range 0-59", "cron-out-of-range"),
    ("0 0 32 * *", "32", "day-of-month 32 is out of range 1-31", "cron-out-of-range"),
    ("0 0 0 * *", "0", "day-of-month 0 is out of range 1-31", "cron-out-of-range"),
    ("0 0 * 13 *", "13", "month 13 is out of range 1-12", "cron-out-of-range"),
    ("0 0 * * 8", "8", "day-of-week 8 is out of range 0-7 (0 and 7 are Sunday)", "cron-out-of-range"),
    ("0 6 0-5 * *", "0", "day-of-month 0 is out of range 1-31", "cron-out-of-range"),
    ("0 6 1-40 * *", "40", "day-of-month 40 is out of range 1-31", "cron-out-of-range"),
    ("*/0 * * * *", "0", "step 0 is not allowed (use 1 or more)", "cron-step-zero"),
    ("0 6 * * 1,", ",", "empty item in the day-of-week list (stray comma)", "cron-syntax"),
    ("0 6 * * ,1", ",", "empty item in the day-of-week list (stray comma)", "cron-syntax"),
    ("-5 * * * *", "-5", "negative numbers are not allowed", "cron-syntax"),
    ("0 6 * * 1#6", "#6", "'#6': the occurrence after # must be 1-5 (e.g. MON#2 = second Monday)",
     "cron-out-of-range"),
    ("0 6 * * 1#2,3", "1#2,3", "day-of-week cannot mix plain weekdays with MON#2 or L5 forms in one list",
     "cron-unsupported"),
    ("H * * * *", "H", "H (hashed value) is not supported: Airflow gives croniter no hash id", "cron-hash"),
    ("? 0 * * *", "?", "'?' is only allowed in day-of-month or day-of-week, not in minute",
     "cron-question-mark"),
    ("0 6 L-2 * *", "L-2", "'L-2' (days before the end of the month) is not supported by croniter",
     "cron-unsupported"),
    ("0 6 LW * *", "LW", "LW (last weekday of the month) is not supported by croniter", "cron-unsupported"),
    ("0 6 * L *", "L", "'L' is not a valid month value (use 1-12 or JAN-DEC)", "cron-syntax"),
    ("1.5 * * * *", "1.5", "'1.5' is not a valid minute value (use a number in 0-59)", "cron-syntax"),
    ("0 6 * *", "0 6 * *",
     "cron takes 5 fields (minute hour day-of-month month day-of-week), found 4", "cron-field-count"),
]


@pytest.mark.parametrize("expr,token,message,kind", INVALID)
def test_invalid_cron_points_at_the_offending_token(expr, token, message, kind):
    assert croniter_rejects(expr)
    text, problem = only_error(expr)
    assert (text, problem.message, problem.kind) == (token, message, kind)


def croniter_rejects(expr):
    try:
        croniter(expr)
    except Exception:  # noqa: BLE001
        return True
    return False


def test_offsets_are_code_points_into_the_original_string():
    expr = "  0  24 * * *"
    problem = errors(expr)[0]
    assert (problem.start, problem.end) == (5, 7)


def test_weekday_names_must_be_three_letters_with_a_suggestion():
    text, problem = only_error("0 6 * * MONDAY")
    assert text == "MONDAY"
    assert "did you mean 'MON'?" in problem.message
    text, problem = only_error("0 6 * january *")
    assert "did you mean 'jan'?" in problem.message


def test_quartz_last_weekday_order_is_explained():
    text, problem = only_error("0 0 * * 5L")
    assert text == "5L"
    assert "L5" in problem.message


def test_eight_fields_point_at_the_extra_ones():
    expr = "0 6 * * * * * *"
    problem = errors(expr)[0]
    assert expr[problem.start:problem.end] == "*"
    assert problem.start == 14
    assert "found 8; Airflow accepts at most 7" in problem.message


def test_non_breaking_space_is_pointed_at():
    expr = "0\u00a06 * * *"
    text, problem = only_error(expr)
    assert (problem.start, problem.end) == (1, 2)
    assert problem.message.startswith("U+00A0 is not a plain space")


def test_empty_schedule_is_an_error():
    assert errors("")[0].kind == "cron-empty"
    assert errors("   ")[0].kind == "cron-empty"


# -- presets -----------------------------------------------------------------------------------

def test_unknown_preset_suggests_the_closest():
    text, problem = only_error("@dialy")
    assert text == "@dialy"
    assert problem.kind == "unknown-preset"
    assert "did you mean '@daily'?" in problem.message


def test_once_and_continuous_are_case_sensitive():
    for expr, fixed in (("@Once", "@once"), ("@CONTINUOUS", "@continuous")):
        text, problem = only_error(expr)
        assert problem.kind == "preset-case"
        assert f"'{fixed}'" in problem.message


def test_spaces_around_a_preset_are_an_error():
    expr = " @daily"
    text, problem = only_error(expr)
    assert text == "@daily"
    assert problem.kind == "preset-whitespace"


def test_cron_expression_for_resolves_presets():
    assert cron_expression_for("@quarterly") == "0 0 1 */3 *"
    assert cron_expression_for("@annually") == "0 0 1 1 *"
    assert cron_expression_for("@once") is None
    assert cron_expression_for("none") is None
    assert cron_expression_for("5 4 * * *") == "5 4 * * *"


@pytest.mark.parametrize("text", ["None", "none", "NONE", " none    "])
def test_none_in_any_case_is_no_schedule(text):
    assert is_none_schedule(text)


@pytest.mark.parametrize("text", ["", "null", "@none", "Nonesuch"])
def test_other_strings_are_not_none(text):
    assert not is_none_schedule(text)


# -- EventBridge -------------------------------------------------------------------------------

def test_eventbridge_six_fields_warn_that_the_sixth_is_seconds():
    expr = "0 12 * * ? *"
    assert errors(expr) == []
    (problem,) = [p for p in warnings(expr) if p.kind == "cron-eventbridge"]
    assert expr[problem.start:problem.end] == "*"
    assert problem.start == 11
    assert "Airflow reads the 6th field as seconds" in problem.message
    assert "runs 60 times, every second from 12:00:00 to 12:00:59" in problem.message
    assert "'0 12 * * *'" in problem.message


def test_eventbridge_seconds_claim_matches_croniter():
    # The warning's claim, checked against croniter itself: 60 fires at 12:00:00..12:00:59.
    from datetime import datetime

    it = croniter("0 12 * * ? *", datetime(2025, 1, 1))
    fires = [it.get_next(datetime) for _ in range(61)]
    assert fires[0] == datetime(2025, 1, 1, 12, 0, 0)
    assert fires[59] == datetime(2025, 1, 1, 12, 0, 59)
    assert fires[60] == datetime(2025, 1, 2, 12, 0, 0)


def test_eventbridge_with_several_times_says_every_matching_minute():
    problem = [p for p in warnings("0,30 * * * ? *") if p.kind == "cron-eventbridge"][0]
    assert "every matching minute gets 60 runs" in problem.message
    assert "'0,30 * * * *'" in problem.message


def test_eventbridge_numeric_weekdays_mention_the_numbering_difference():
    problem = [p for p in warnings("0 12 ? * 2-6 *") if p.kind == "cron-eventbridge"][0]
    assert "EventBridge numbers weekdays 1-7 from Sunday" in problem.message


def test_year_in_sixth_field_is_an_error_that_explains_seconds():
    text, problem = only_error("0 12 * * * 2025")
    assert text == "2025"
    assert problem.message.startswith("second 2025 is out of range 0-59")
    assert "reads a 6th field as seconds, not as a year" in problem.message
    assert "'0 12 * * *'" in problem.message


def test_quartz_seconds_first_is_rejected_with_a_hint():
    text, problem = only_error("0 0 12 * * ? 2025")
    assert text == "?"
    assert "Quartz" in problem.message


def test_plain_seconds_field_is_a_warning():
    problem = [p for p in warnings("0 6 * * * 30") if p.kind == "cron-seconds-field"][0]
    assert "fires at second 30 of each matching minute" in problem.message


def test_seven_fields_warn_about_croniter_order():
    assert [p.kind for p in warnings("0 6 * * * 0 2030")] == ["cron-seconds-year"]


@pytest.mark.parametrize("expr,suggestion", [
    ("cron(0 12 * * ? *)", "'0 12 * * *'"),
    ("rate(5 minutes)", "'*/5 * * * *'"),
    ("rate(1 hour)", "'0 * * * *'"),
    ("rate(1 day)", "'@daily'"),
    ("rate(7 minutes)", "datetime.timedelta"),
])
def test_eventbridge_wrappers_are_errors_with_a_translation(expr, suggestion):
    text, problem = only_error(expr)
    assert text == expr
    assert problem.kind == "eventbridge-wrapper"
    assert suggestion in problem.message


# -- warnings on valid schedules ----------------------------------------------------------------

def test_never_firing_schedule_warns():
    (problem,) = warnings("0 0 30 2 *")
    assert problem.kind == "cron-never-fires"


def test_day_of_month_with_nth_weekday_never_fires_in_croniter():
    kinds = {p.kind: p for p in warnings("0 0 1 * 1#2")}
    assert "croniter cannot combine a day-of-month with MON#2" in kinds["cron-never-fires"].message


def test_day_of_month_and_weekday_together_warn_about_or():
    (problem,) = warnings("0 0 1 * 1")
    assert problem.kind == "cron-dom-dow-or"
    assert "EITHER" in problem.message


def test_step_larger_than_the_field_warns():
    (problem,) = warnings("*/61 * * * *")
    assert problem.kind == "cron-step-too-large"
    assert "only ever selects minute 0" in problem.message


def test_uneven_step_warns_about_the_short_gap():
    (problem,) = warnings("*/7 * * * *")
    assert problem.kind == "cron-uneven-step"
    assert "after minute 56 the next run is 4 minutes later, not 7" in problem.message


def test_equal_range_is_the_whole_cycle_in_croniter():
    (problem,) = warnings("0 6 * * 1-1")
    assert problem.kind == "cron-equal-range"
    assert croniter("0 6 * * 1-1").expanded[4] == ["*"]  # the premise


def test_nearest_weekday_depends_on_croniter_version():
    (problem,) = warnings("0 6 15W * *")
    assert problem.kind == "cron-version-dependent"
    assert "croniter 6" in problem.message


def test_random_values_warn():
    (problem,) = warnings("R 6 * * *")
    assert problem.kind == "cron-random"


def test_common_schedules_have_no_warnings():
    for expr in ("0 6 * * *", "*/15 * * * 1-5", "0 0 1 * *", "30 2 * * 0", "0 */2 * * *", "@daily"):
        assert check_cron(expr) == [], expr


# -- agreement with croniter on many generated expressions --------------------------------------

def _generated():
    tokens = ["*", "0", "5", "59", "60", "*/5", "*/0", "1-5", "5-1", "1-5/2", "3/4", "L", "l", "W", "15W",
              "1#2", "1#6", "L5", "5L", "?", "MON", "mon-fri", "JAN", "jan#2", "1,", ",1", "1,2", "-1",
              "7", "8", "0-7", "H", "1-L", "L-1", "**", "1-2#2", "x"]
    for i, token in enumerate(tokens):
        for field in range(5):
            parts = ["0", "0", "*", "*", "*"]
            parts[field] = token
            yield " ".join(parts)
        yield f"0 0 * * * {token}"
        yield f"0 0 * * * 0 {token}"
        yield f"{token} {tokens[(i * 7) % len(tokens)]} * * *"


@pytest.mark.parametrize("expr", sorted(set(_generated())))
def test_error_exactly_when_croniter_rejects(expr):
    has_error = bool(errors(expr))
    version_dependent = any(p.kind == "cron-version-dependent" for p in check_cron(expr))
    if croniter_rejects(expr):
        assert has_error or version_dependent
    else:
        assert not has_error


# -- the corpus ----------------------------------------------------------------------------------

def _accepted_schedules():
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        return None
    accepted = set()
    for line in (corpus / "oracle-results.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("loads"):
            accepted.add(record["file"])
    found = []
    for name in sorted(accepted):
        try:
            document = yaml.safe_load((corpus / name).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        found.extend((name, value) for value in _schedule_strings(document))
    return found


def _schedule_strings(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schedule" and isinstance(value, str):
                yield value
            else:
                yield from _schedule_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _schedule_strings(item)


def test_no_error_on_any_schedule_airflow_accepted_in_the_corpus():
    found = _accepted_schedules()
    if found is None:
        pytest.skip("../shared/corpus is not available")
    assert len(found) > 100  # the corpus really was read
    failures = [(name, value, errors(value)) for name, value in found
                if not is_none_schedule(value) and errors(value)]
    assert failures == []
