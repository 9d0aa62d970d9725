"""`wflint schedule EXPR`: explain a schedule, list its next runs, or show what is wrong with it."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="explain a schedule and list its next runs",
        description="Explain a DAG schedule (cron expression or preset) as Airflow 3 runs it, and list "
                    "its next run times; exits 1 when Airflow would reject it.",
    )
    parser.add_argument("expression", help='cron expression or preset, e.g. "0 6 * * *" or @daily')
    parser.add_argument("--tz", default="UTC", help="the DAG's timezone (IANA name; default UTC)")
    parser.add_argument("-n", "--count", dest="n", type=int, default=5,
                        help="how many next runs to list (default 5)")
    parser.add_argument("--start", default=None,
                        help="list runs after this ISO date/time in --tz (default: now)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from datetime import datetime

    from ..schedule.explain import explain_schedule
    from ..schedule.runs import next_runs
    from ..schedule.validate import check_cron, cron_expression_for, is_none_schedule
    from ..schedule.zones import is_valid_timezone

    expr = args.expression
    tz = getattr(args, "tz", "UTC") or "UTC"
    count = getattr(args, "n", 5)
    if count is None or count < 0:
        print(f"wflint: error: -n must be 0 or more, got {count}", file=sys.stderr)
        return 2
    zone_check = is_valid_timezone(tz)
    if not zone_check:
        print(f"wflint: error: {zone_check.message}", file=sys.stderr)
        return 2
    start = None
    if getattr(args, "start", None):
        try:
            start = datetime.fromisoformat(args.start)
        except ValueError:
            print(f"wflint: error: --start {args.start!r} is not an ISO date/time (e.g. 2024-03-30T12:00)",
                  file=sys.stderr)
            return 2

    if is_none_schedule(expr):
        print(explain_schedule(expr))
        return 0
    problems = check_cron(expr)
    if problems:
        print(render_problems(expr, problems))
    if any(p.severity == "error" for p in problems):
        return 1
    if problems:
        print()
    print(explain_schedule(expr))
    runs = next_runs(expr, tz=tz, n=count, start=start)
    if runs:
        print()
        print(f"Next {len(runs)} run{'s' if len(runs) != 1 else ''} ({tz}):")
        for when in runs:
            print(f"  {format_run(when)}")
    elif count and cron_expression_for(expr) is not None:
        print()
        print("No upcoming runs: no date matches this schedule.")
    return 0


def format_run(when) -> str:
    clock = "%H:%M:%S" if when.second else "%H:%M"
    return f"{when.strftime('%Y-%m-%d ' + clock)} {when.tzname()} ({when.strftime('%a')})"


def render_problems(expr: str, problems) -> str:
    """Each problem as the expression with a caret line under the offending part."""
    from ..output.terminal import text_width, visible

    flat = expr.replace("\t", " ").replace("\n", " ")
    blocks = []
    for problem in problems:
        # Terminal cells, not code points: the caret stays under wide and escaped characters.
        before = text_width(visible(flat[: problem.start]))
        width = max(text_width(visible(flat[problem.start : problem.end])), 1)
        blocks.append(f"  {visible(flat)}\n  {' ' * before}{'^' * width}\n"
                      f"{problem.severity}: {visible(problem.message)} [{rule_for_problem(problem)}]")
    return "\n".join(blocks)


def rule_for_problem(problem) -> str:
    """The rule `wflint check` reports this schedule problem under: `WF101 invalid-schedule`
    (errors), `WF102 eventbridge-schedule` (EventBridge syntax), `WF103 suspicious-schedule`."""
    from ..schedule.checks import EVENTBRIDGE_KINDS

    if problem.severity == "error":
        return "WF101 invalid-schedule"
    if problem.kind in EVENTBRIDGE_KINDS:
        return "WF102 eventbridge-schedule"
    return "WF103 suspicious-schedule"
