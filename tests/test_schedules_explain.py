"""explain_schedule: plain English for common cron forms and presets."""

from __future__ import annotations

import pytest

from wflint.schedule.explain import explain_schedule

EXPLANATIONS = [
    ("0 6 * * *", "At 06:00, every day"),
    ("*/15 * * * 1-5", "Every 15 minutes, Monday through Friday"),
    ("0 0 1 * *", "At 00:00 on day 1 of the month"),
    ("* * * * *", "Every minute"),
    ("*/10 * * * *", "Every 10 minutes"),
    ("0 * * * *", "Every hour, on the hour"),
    ("30 * * * *", "Every hour, at 30 minutes past"),
    ("0 */2 * * *", "Every 2 hours, on the hour"),
    ("*/5 9-17 * * *", "Every 5 minutes, between 09:00 and 17:59"),
    ("*/15 9-17 * * MON-FRI", "Every 15 minutes, between 09:00 and 17:59, Monday through Friday"),
    ("0 9-17 * * 1-5", "Every hour from 09:00 through 17:00, Monday through Friday"),
    ("0 6,18 * * *", "At 06:00 and 18:00, every day"),
    ("0,30 * * * *", "Every 30 minutes"),
    ("0 0 * * 0", "At 00:00, only on Sunday"),
    ("5 4 * * SUN", "At 04:05, only on Sunday"),
    ("0 8 * * MON,WED,FRI", "At 08:00, only on Monday, Wednesday and Friday"),
    ("0 22 * * FRI-MON", "At 22:00, Friday through Monday"),
    ("0 0 L * *", "At 00:00 on the last day of the month"),
    ("0 6 1,L * *", "At 06:00 on day 1 and the last day of the month"),
    ("0 9 * * MON#1", "At 09:00 on the first Monday of the month"),
    ("0 0 * * 1#2,3#4", "At 00:00 on the second Monday and the fourth Wednesday of the month"),
    ("0 9 * * L5", "At 09:00 on the last Friday of the month"),
    ("0 0 15W * *", "At 00:00 on the weekday nearest day 15 of the month"),
    ("0 0 1 1 *", "At 00:00 on January 1"),
    ("0 0 29 2 *", "At 00:00 on February 29"),
    ("0 0 1 */3 *", "At 00:00 on day 1 of the month, only in January, April, July and October"),
    ("0 12 1,15 * *", "At 12:00 on days 1 and 15 of the month"),
    ("0 0 1-7 * *", "At 00:00 on days 1 through 7 of the month"),
    ("15 14 1 * *", "At 14:15 on day 1 of the month"),
    ("0 0 * JAN-MAR *", "At 00:00, January through March"),
    ("30 2 * 6,12 *", "At 02:30, only in June and December"),
    ("0 0 1 * 1", "At 00:00 on day 1 of the month and on every Monday"),
    ("0 0 1 * 1#2", "At 00:00 on day 1 of the month and on the second Monday of the month"),
    ("0 0 1-31 * 1", "At 00:00 on days 1 through 31 of the month and on every Monday"),
    ("0 0 * * 1-1", "At 00:00, every day"),  # croniter reads the equal range as the whole week
    ("0 0 1-31/40 * *", "At 00:00 on day 1 of the month"),
    ("0 9-17/2 * * *", "At 09:00, 11:00, 13:00, 15:00 and 17:00, every day"),
    ("23 0-20/2 * * *", "Every 2 hours from 00:23 through 20:23"),
    ("0 0 */2 * *", "At 00:00 on every 2nd day of the month (days 1, 3, 5, 7, ...)"),
    ("0 6 * * * 30", "At 06:00:30, every day"),
    ("0 12 * * ? *", "Every second from 12:00:00 to 12:00:59, every day"),
    ("0 0 * * * 0 2030", "At 00:00, every day, only in 2030"),
    ("@daily", "At 00:00, every day"),
    ("@hourly", "Every hour, on the hour"),
    ("@weekly", "At 00:00, only on Sunday"),
    ("@monthly", "At 00:00 on day 1 of the month"),
    ("@quarterly", "At 00:00 on day 1 of the month, only in January, April, July and October"),
    ("@yearly", "At 00:00 on January 1"),
    ("@annually", "At 00:00 on January 1"),
    ("@midnight", "At 00:00, every day"),
]


@pytest.mark.parametrize("expr,expected", EXPLANATIONS)
def test_explanation(expr, expected):
    assert explain_schedule(expr) == expected


def test_once_continuous_and_none_are_described():
    assert explain_schedule("@once").startswith("Once: a single run at the start_date")
    assert explain_schedule("@continuous").startswith("Continuously:")
    assert explain_schedule("None").startswith("No schedule")
    assert explain_schedule(" none ").startswith("No schedule")


def test_invalid_schedule_explains_the_error_instead_of_raising():
    assert explain_schedule("0 24 * * *") == "Not a valid schedule: hour 24 is out of range 0-23"
    assert explain_schedule("@dialy").startswith("Not a valid schedule: unknown preset '@dialy'")


@pytest.mark.parametrize("expr", ["R 6 * * *", "0 0 1-31/40 * *", "*/7 */5 * * 1-5,0", "0 0 * * 1-1",
                                  "59/15 * * * *", "0 6 * * mon-fri#2", "0,30 * * * ? *"])
def test_exotic_forms_still_get_a_sentence(expr):
    text = explain_schedule(expr)
    assert text and not text.startswith("Not a valid")
