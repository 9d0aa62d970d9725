"""parse_date_value and is_valid_timezone: start_date/end_date and timezone names as DAG Factory
reads them."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from wflint.schedule.dates import DateProblem, ParsedDate, parse_date_value
from wflint.schedule.zones import is_valid_timezone


def parsed(text, **kwargs) -> ParsedDate:
    result = parse_date_value(text, **kwargs)
    assert isinstance(result, ParsedDate), result
    return result


def problem(text, **kwargs) -> DateProblem:
    result = parse_date_value(text, **kwargs)
    assert isinstance(result, DateProblem), result
    return result


@pytest.mark.parametrize("text,kind,value", [
    ("2024-01-01", "date", datetime(2024, 1, 1)),
    ("2024-01-01T06:00:00", "datetime", datetime(2024, 1, 1, 6)),
    ("2024-01-01 06:00:00", "datetime", datetime(2024, 1, 1, 6)),
    ("2024-1-5 6:07:08", "datetime", datetime(2024, 1, 5, 6, 7, 8)),  # YAML 1.1 allows one-digit parts
    ("2024-01-01T06:00:00.5Z", "datetime", datetime(2024, 1, 1, 6, 0, 0, 500000)),
])
def test_yaml_dates_and_datetimes(text, kind, value):
    result = parsed(text)
    assert (result.kind, result.value) == (kind, value)
    assert result.warnings == ()


@pytest.mark.parametrize("text,value", [
    ("2024-01-01", datetime(2024, 1, 1)),
    ("2024-01-01T06:00", datetime(2024, 1, 1, 6)),
    ("2024-01-01 06:00", datetime(2024, 1, 1, 6)),
    ("2024-01-01T06", datetime(2024, 1, 1, 6)),
    ("20240101", datetime(2024, 1, 1)),
    ("20240101T0600", datetime(2024, 1, 1, 6)),
    ("2024/01/31", datetime(2024, 1, 31)),
    ("2024/01/31 06:00", datetime(2024, 1, 31, 6)),
    ("2024-W01-1", datetime(2024, 1, 1)),
    ("2024-032", datetime(2024, 2, 1)),
    ("2024-01", datetime(2024, 1, 1)),
])
def test_quoted_strings_pendulum_parses(text, value):
    assert parsed(text, quoted=True).value == value


@pytest.mark.parametrize("text", ["2024-1-1", "2024-01-01 6:00", "2024-01-01T0600", "2024-01-01t06:00:00",
                                  "01/02/2024", "2024-02-30", "2024-01-01T24:00:00", "today", " 2024-01-01"])
def test_quoted_strings_pendulum_rejects_are_errors(text):
    assert problem(text, quoted=True).severity == "error"


def test_explicit_offset_is_dropped_by_dag_factory():
    result = parsed("2024-01-01T06:00:00+02:00")
    assert result.value == datetime(2024, 1, 1, 6)
    assert result.offset == timedelta(hours=2)
    (warning,) = result.warnings
    assert warning.kind == "date-offset-ignored"
    assert "keeps the wall time 06:00 and puts it in the DAG's timezone (UTC)" in warning.message


def test_offset_matching_the_dags_timezone_is_fine():
    assert parsed("2024-01-01T06:00:00+01:00", tz="Europe/Berlin").warnings == ()
    assert parsed("2024-07-01T06:00:00+02:00", tz="Europe/Berlin").warnings == ()
    assert parsed("2024-01-01T06:00:00Z").warnings == ()


@pytest.mark.parametrize("text,delta", [
    ("2 days", timedelta(days=2)),
    ("1 day", timedelta(days=1)),
    ("3 hours", timedelta(hours=3)),
    ("30 Minutes", timedelta(minutes=30)),
    ("10 seconds", timedelta(seconds=10)),
])
def test_relative_times(text, delta):
    result = parsed(text)
    assert (result.kind, result.relative, result.value) == ("relative", delta, None)
    assert result.warnings == ()
    assert "before today's midnight" in result.note


def test_relative_time_reads_only_the_first_unit():
    result = parsed("1 hour 30 minutes")
    assert result.relative == timedelta(hours=1)
    (warning,) = result.warnings
    assert warning.kind == "date-relative-ignored"
    assert "ignores '30 minutes'" in warning.message
    assert "1 hour 30 minutes"[warning.start:warning.end] == " 30 minutes"


@pytest.mark.parametrize("text,hint", [
    ("2 weeks", "only take hours, minutes, seconds or days"),
    ("2days", "is not a date DAG Factory understands"),
    ("yesterday", "is not a date DAG Factory understands"),
])
def test_unknown_relative_forms_are_errors(text, hint):
    found = problem(text)
    assert found.kind == "date-invalid"
    assert hint in found.message


def test_iso_durations_and_intervals_are_errors():
    assert "ISO 8601 duration" in problem("P2D").message
    assert "ISO 8601 interval" in problem("2024-01-01/2024-02-01", quoted=True).message


def test_unquoted_numbers_are_not_dates():
    found = problem("20240101")
    assert found.kind == "date-number"
    assert parsed("20240101", quoted=True).value == datetime(2024, 1, 1)
    assert problem("6:00").kind == "date-number"  # YAML 1.1 reads 6:00 as sexagesimal 360


def test_impossible_yaml_date_is_an_error():
    assert problem("2023-02-29").kind == "date-invalid"


def test_now_and_bare_times_are_dynamic():
    assert parsed("now", quoted=True).warnings[0].kind == "date-dynamic"
    assert parsed("6:00", quoted=True).warnings[0].kind == "date-dynamic"


# -- timezones ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["UTC", "utc", "Europe/Berlin", "America/New_York", "Etc/GMT+5", "EST"])
def test_valid_timezones(name):
    check = is_valid_timezone(name)
    assert check.valid and bool(check)


@pytest.mark.parametrize("name,suggestion", [
    ("Europe/berlin", "Europe/Berlin"),
    ("europe/berlin", "Europe/Berlin"),
    ("Europe/Berln", "Europe/Berlin"),
    ("America/New York", "America/New_York"),
    ("Berlin", "Europe/Berlin"),
    ("PST", "America/Los_Angeles"),
])
def test_unknown_timezones_get_a_suggestion(name, suggestion):
    check = is_valid_timezone(name)
    assert not check
    assert check.suggestion == suggestion
    assert f"did you mean '{suggestion}'?" in check.message


def test_hopeless_timezone_has_no_suggestion():
    check = is_valid_timezone("Not/AZone123")
    assert not check.valid and check.suggestion is None
    assert check.message.startswith("unknown timezone 'Not/AZone123'")


def test_empty_timezone_is_invalid():
    assert not is_valid_timezone("")
