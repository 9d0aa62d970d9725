"""`wflint schedule`: output and exit codes (run() called with parsed arguments)."""

from __future__ import annotations

import argparse

import pytest

from wflint.commands import schedule as command


def parse(*argv):
    parser = argparse.ArgumentParser(prog="wflint")
    command.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["schedule", *argv])


def run(capsys, *argv):
    args = parse(*argv)
    assert args.func is command.run
    code = command.run(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_explains_and_lists_next_runs_in_the_timezone(capsys):
    code, out, err = run(capsys, "0 6 * * *", "--tz", "Europe/Berlin", "-n", "3", "--start", "2024-03-29T12:00")
    assert code == 0 and err == ""
    assert out == (
        "At 06:00, every day\n"
        "\n"
        "Next 3 runs (Europe/Berlin):\n"
        "  2024-03-30 06:00 CET (Sat)\n"
        "  2024-03-31 06:00 CEST (Sun)\n"
        "  2024-04-01 06:00 CEST (Mon)\n"
    )


def test_invalid_schedule_shows_a_caret_under_the_field_and_exits_1(capsys):
    code, out, _ = run(capsys, "0 24 * * *")
    assert code == 1
    assert out == (
        "  0 24 * * *\n"
        "    ^^\n"
        "error: hour 24 is out of range 0-23 [WF101 invalid-schedule]\n"
    )


def test_the_caret_counts_terminal_cells_and_control_characters_are_shown(capsys):
    code, out, _ = run(capsys, "0 6 ３ * *")
    assert code == 1
    assert out.splitlines()[:2] == ["  0 6 ３ * *", "      ^^"]  # a fullwidth digit takes two cells
    code, out, _ = run(capsys, "0 6 * * \x1b")
    assert out.splitlines()[:2] == ["  0 6 * * \u241b", "          ^"]
    assert "\x1b" not in out


def test_warnings_are_shown_before_the_explanation_with_exit_0(capsys):
    code, out, _ = run(capsys, "0 12 * * ? *", "-n", "2", "--start", "2024-01-01T00:00")
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == ["  0 12 * * ? *", "             ^"]
    assert lines[2].startswith("warning: this looks like an AWS EventBridge cron")
    assert "Every second from 12:00:00 to 12:00:59, every day" in lines
    assert lines[-2:] == ["  2024-01-01 12:00 UTC (Mon)", "  2024-01-01 12:00:01 UTC (Mon)"]


def test_none_schedule_is_explained(capsys):
    code, out, _ = run(capsys, "None")
    assert code == 0
    assert out.startswith("No schedule")


def test_once_has_no_run_list(capsys):
    code, out, _ = run(capsys, "@once")
    assert code == 0
    assert out.startswith("Once:") and "Next" not in out


def test_never_firing_schedule_says_so(capsys):
    code, out, _ = run(capsys, "0 0 30 2 *")
    assert code == 0
    assert "No upcoming runs" in out


@pytest.mark.parametrize("argv,message", [
    (("0 6 * * *", "--tz", "Europe/Berln"), "did you mean 'Europe/Berlin'?"),
    (("0 6 * * *", "-n", "-1"), "-n must be 0 or more"),
    (("0 6 * * *", "--start", "yesterday"), "is not an ISO date/time"),
])
def test_usage_errors_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err


def test_through_the_wflint_cli(capsys):
    from wflint.cli import main

    assert main(["schedule", "@daily", "-n", "0"]) == 0
    assert capsys.readouterr().out == "At 00:00, every day\n"
    assert main(["schedule", "@dialy"]) == 1
