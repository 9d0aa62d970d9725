"""next_runs and count_runs_between: run times as Airflow 3's cron timetables compute them,
including across DST changes."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from wflint.schedule.runs import count_runs_between, next_runs

UTC = timezone.utc


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def as_utc(runs):
    return [r.astimezone(UTC) for r in runs]


# -- next_runs ---------------------------------------------------------------------------------

def test_daily_runs_are_in_the_dags_timezone():
    runs = next_runs("0 6 * * *", tz="Europe/Berlin", n=3, start=utc(2024, 1, 10, 12))
    assert [r.isoformat() for r in runs] == [
        "2024-01-11T06:00:00+01:00", "2024-01-12T06:00:00+01:00", "2024-01-13T06:00:00+01:00"]
    assert runs[0].tzname() == "CET"


def test_berlin_spring_forward_moves_a_time_in_the_gap_to_after_it():
    # 2024-03-31: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
    runs = next_runs("30 2 * * *", tz="Europe/Berlin", n=3, start=utc(2024, 3, 29, 12))
    assert [r.isoformat() for r in runs] == [
        "2024-03-30T02:30:00+01:00", "2024-03-31T03:30:00+02:00", "2024-04-01T02:30:00+02:00"]


def test_berlin_fall_back_takes_the_second_occurrence_of_a_repeated_time():
    # 2024-10-27: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice, Airflow uses the later one.
    runs = next_runs("30 2 * * *", tz="Europe/Berlin", n=3, start=utc(2024, 10, 25, 12))
    assert as_utc(runs) == [utc(2024, 10, 26, 0, 30), utc(2024, 10, 27, 1, 30), utc(2024, 10, 28, 1, 30)]
    assert runs[1].tzname() == "CET"


def test_berlin_hourly_runs_keep_their_spacing_through_both_changes():
    spring = next_runs("0 * * * *", tz="Europe/Berlin", n=3, start=utc(2024, 3, 30, 23, 30))
    assert [r.isoformat() for r in spring] == [
        "2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00", "2024-03-31T04:00:00+02:00"]
    fall = next_runs("0 * * * *", tz="Europe/Berlin", n=3, start=utc(2024, 10, 26, 23, 30))
    assert as_utc(fall) == [utc(2024, 10, 27, 0), utc(2024, 10, 27, 1), utc(2024, 10, 27, 2)]
    assert [r.strftime("%H:%M %Z") for r in fall] == ["02:00 CEST", "02:00 CET", "03:00 CET"]


def test_new_york_spring_forward_and_fall_back():
    spring = next_runs("30 2 * * *", tz="America/New_York", n=2, start=utc(2024, 3, 9, 12))
    assert [r.isoformat() for r in spring] == ["2024-03-10T03:30:00-04:00", "2024-03-11T02:30:00-04:00"]
    fall = next_runs("30 1 * * *", tz="America/New_York", n=2, start=utc(2024, 11, 2, 12))
    assert as_utc(fall) == [utc(2024, 11, 3, 6, 30), utc(2024, 11, 4, 6, 30)]  # 01:30 EST, the second one


def test_naive_start_is_wall_clock_time_in_the_timezone():
    runs = next_runs("0 6 * * *", tz="America/New_York", n=1, start=datetime(2024, 7, 1, 5, 59))
    assert runs[0].isoformat() == "2024-07-01T06:00:00-04:00"


def test_runs_are_strictly_after_start():
    runs = next_runs("0 6 * * *", n=1, start=utc(2024, 7, 1, 6))
    assert runs == [utc(2024, 7, 2, 6)]


def test_presets_resolve_to_their_cron():
    assert next_runs("@monthly", n=2, start=utc(2024, 1, 15)) == [utc(2024, 2, 1), utc(2024, 3, 1)]
    assert next_runs("@annually", n=1, start=utc(2024, 1, 15)) == [utc(2025, 1, 1)]


def test_schedules_without_cron_times_have_no_runs():
    for expr in ("None", "@once", "@continuous"):
        assert next_runs(expr, n=3) == []


def test_schedule_that_never_fires_gives_no_runs():
    assert next_runs("0 0 30 2 *", n=3, start=utc(2024, 1, 1)) == []


def test_invalid_schedule_or_timezone_raises_value_error():
    with pytest.raises(ValueError, match="hour 24 is out of range"):
        next_runs("0 24 * * *")
    with pytest.raises(ValueError, match="did you mean 'Europe/Berlin'"):
        next_runs("0 6 * * *", tz="Europe/berlin")


def test_utc_in_any_case_is_accepted_like_pendulum_does():
    assert next_runs("0 6 * * *", tz="utc", n=1, start=utc(2024, 1, 1)) == [utc(2024, 1, 1, 6)]


# -- count_runs_between -----------------------------------------------------------------------

def test_hourly_over_two_years_counts_both_ends():
    count, capped = count_runs_between("0 * * * *", utc(2024, 1, 1), utc(2026, 1, 1), "UTC")
    assert (count, capped) == (731 * 24 + 1, False)


def test_daily_over_a_leap_year():
    assert count_runs_between("@daily", datetime(2024, 1, 1), datetime(2024, 12, 31, 23, 59), "Europe/Berlin") \
        == (366, False)


@pytest.mark.parametrize("day,hours", [((2024, 3, 31), 23), ((2024, 10, 27), 25), ((2024, 6, 1), 24)])
def test_hourly_runs_on_dst_days_in_berlin(day, hours):
    start, end = datetime(*day), datetime(*day, 23, 59)
    assert count_runs_between("0 * * * *", start, end, "Europe/Berlin") == (hours, False)


def test_every_minute_in_the_spring_gap_collapses_to_one_run():
    # Airflow localises 02:00 to 03:00 CEST, then asks croniter for the next 02:xx: the next day.
    start, end = datetime(2024, 3, 31), datetime(2024, 3, 31, 23, 59)
    assert count_runs_between("* 2 * * *", start, end, "Europe/Berlin") == (1, False)


@pytest.mark.parametrize("expr", ["*/20 9-17 * * 1-5", "30 2 * * *", "0 0 L * *", "0 9 * * MON#1",
                                  "0 9 * * L5", "15 10 15W * *", "0 0 1,15 * 0", "0 12 * * ? *"])
@pytest.mark.parametrize("tz", ["UTC", "Europe/Berlin", "America/New_York"])
def test_count_agrees_with_listing_the_runs(expr, tz):
    start, end = datetime(2024, 2, 20, 7, 13), datetime(2024, 4, 10, 18)
    listed = next_runs(expr, tz=tz, n=20_000, start=datetime(2024, 2, 20, 7, 12, 59, 999999), until=end)
    assert count_runs_between(expr, start, end, tz) == (len(listed), False)


def test_until_stops_the_listing():
    runs = next_runs("0 6 * * *", n=10, start=utc(2024, 1, 1), until=utc(2024, 1, 3, 6))
    assert runs == [utc(2024, 1, 1, 6), utc(2024, 1, 2, 6), utc(2024, 1, 3, 6)]


def test_large_ranges_are_counted_quickly_and_exactly():
    began = time.perf_counter()
    count, capped = count_runs_between("* * * * *", datetime(2000, 1, 1), datetime(2026, 1, 1), "Europe/Berlin")
    assert (count, capped) == (9497 * 1440 + 1, False)
    assert time.perf_counter() - began < 3


def test_random_schedules_are_iterated_up_to_the_cap():
    assert count_runs_between("R * * * *", datetime(2000, 1, 1), datetime(2026, 1, 1), "UTC", cap=500) == (500, True)


def test_special_schedules_and_empty_ranges():
    assert count_runs_between("@once", datetime(2024, 1, 1), datetime(2025, 1, 1), "UTC") == (1, False)
    assert count_runs_between("None", datetime(2024, 1, 1), datetime(2025, 1, 1), "UTC") == (0, False)
    assert count_runs_between("@daily", datetime(2025, 1, 1), datetime(2024, 1, 1), "UTC") == (0, False)
