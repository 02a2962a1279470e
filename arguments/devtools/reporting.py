"""The load test's report as Markdown: a scenario's table and notes, and the file of
scenarios (docs/loadtest.md) where each run rewrites its own section."""

import os

from arguments.devtools import loadtest


def render(report):
    s = report["summary"]
    o = report["options"]
    servers = f"gunicorn with {o['workers']} sync workers"
    if "two_servers" in report:
        servers = (
            f"two gunicorn servers of {report['two_servers']['workers_per_server']} uvicorn "
            "workers each"
        )
    lines = [
        f"### Scenario: {report['scenario']}",
        "",
        f"{o['users']} users ({', '.join(f'{k}s: {v}' for k, v in report['roles'].items())}) "
        f"for {o['duration']:g} s after signing in, think time {o['think']} s, {servers} "
        f"on loopback, database {report['database']}. "
        f"Machine: {os.cpu_count()} cores shared with other work; load average (1, 5, 15 "
        f"min) {report['load_average']['before']} before the run, "
        f"{report['load_average']['after']} after.",
        "",
    ]
    for fault in report["faults"]:
        lines.append(
            f"- Fault: {fault['note']}. Requests overlapping it (and "
            f"{loadtest.FAULT_GRACE_SECONDS:g} s after) count as during the fault."
        )
    if report["faults"]:
        lines.append("")
    lines += [
        "| requests | count | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
        _row("sign-in (before the timed run)", report["sign_in"]),
        _row("all, outside faults", s["steady"]),
        *(_row(kind, row) for kind, row in s["by_kind"].items()),
    ]
    if report["faults"]:
        lines.append(_row("all, during faults", s["during_faults"]))
    d = s["during_faults"]
    p = report["proposals"]
    lines += [
        "",
        f"- Requests: {s['requests']} in all ({s['per_second']} a second). Outside faults: "
        f"errors by status {s['steady']['by_status'] or 'none'}, "
        f"**{s['steady']['server_errors']} server errors (5xx)**, "
        f"{s['steady']['no_answer']} without an answer.",
    ]
    if report["faults"]:
        lines.append(
            f"- During faults (expected): errors by status {d['by_status'] or 'none'}, "
            f"{d['server_errors']} 5xx, {d['no_answer']} without an answer."
        )
    lines += [
        f"- Proposals: {p['attempted']} sent, {p['acknowledged']} acknowledged, "
        f"{p['refused']} answered without being saved (a form error, or a 503 in a fault); "
        f"**lost {len(p['lost'])}, doubled {len(p['doubled'])}**; "
        f"saved though unacknowledged (answer lost) {len(p['saved_unacknowledged'])}; "
        f"unknown {len(p['unknown'])}.",
        f"- Half-written rows: {len(report['half_written'])}. Moderators' decisions: "
        f"{report['decisions']['acknowledged']} acknowledged, "
        f"{len(report['decisions']['wrong'])} wrong, {report['decisions']['conflicts']} "
        "refused as already decided by another moderator.",
        f"- Votes: {report['votes']['acknowledged']} acknowledged, "
        f"{len(report['votes']['wrong'])} stored values not matching the last acknowledged "
        f"vote. Counters out of step: {len(report['counters'])}.",
        f"- Server log ({report['server_log']['file']}): {report['server_log']['lines']} lines.",
        f"- Targets (0 server errors outside faults, 0 lost or doubled writes): "
        f"{'met' if not report['missed'] else 'MISSED: ' + '; '.join(report['missed'])}.",
    ]
    return "\n".join(lines) + "\n"


def _row(name, row):
    def cell(v):
        return "–" if v is None else f"{v:g}"

    return (
        f"| {name} | {row['requests']} | {cell(row['p50_ms'])} | {cell(row['p95_ms'])} | "
        f"{cell(row['p99_ms'])} |"
    )


HEADER = """# Load test

Made by `make loadtest` (`python manage.py loadtest`); each scenario's section is rewritten
by its own run. See README.md, "Load test", for the options.
"""


def write_section(path, scenario, table):
    """Replace (or add) this scenario's section of the Markdown file, keeping the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    begin, end = f"<!-- scenario: {scenario} -->", f"<!-- end: {scenario} -->"
    section = f"{begin}\n{table}{end}"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
