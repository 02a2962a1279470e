"""A CI-sized run of the benchmark proves the command works; the full run is for people."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from arguments.devtools.management.commands.benchmark import PEAK_REPORTING_CHILD

pytestmark = pytest.mark.django_db


def test_benchmark_smoke_run_prints_json_and_a_table(seed, tmp_path):
    out = io.StringIO()
    table = tmp_path / "bench.md"
    call_command(
        "benchmark",
        "--sizes",
        "80",
        "--requests",
        "3",
        "--no-serve",
        "--no-interchange",
        "--no-ingest",  # timed in tests/corpus/test_ingest_bench.py
        "--no-sources",  # built small in tests/corpus/test_sourcebench.py
        "--output",
        str(table),
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    report = json.loads(text[: text.index("# Benchmarks")])
    views = report["sizes"]["80"]["views"]
    assert set(views) >= {"focus (deep)", "children fragment", "outline", "moderation queue"}
    assert {"overview", "overview (uncached)"} <= set(views)
    assert all(1 <= row["queries"] <= 10 for row in views.values())
    assert views["focus (deep)"]["queries"] >= 5
    assert views["children fragment"]["queries"] <= 5
    assert views["focus 304 (conditional GET)"]["queries"] <= 2
    assert views["focus (deep, cached)"]["queries"] <= 2
    assert "| 80 | focus (deep) |" in table.read_text()
    evaluation = report["sizes"]["80"]["evaluation"]
    assert evaluation["claims"] >= 70  # the approved claims of the generated debate
    assert evaluation["vote_update_p50_ms"] > 0
    assert "update after a deep vote" in table.read_text()


def test_generate_debate_command_reports_its_time():
    out = io.StringIO()
    call_command("generate_debate", "--claims", "300", "--seed", "2", stdout=out)
    assert "Generated generated-300-2: 300 claims in" in out.getvalue()


def test_the_import_child_reports_its_own_peak_memory_not_the_benchmarks():
    ballast = bytearray(400 * 2**20)  # the benchmark holds an export when it starts the child
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page, so it is resident

    child = subprocess.run(
        [sys.executable, "-c", PEAK_REPORTING_CHILD, "manage.py", "check"],
        capture_output=True,
        text=True,
        check=True,
    )

    peak_mb = int(child.stderr.rsplit("peak-kb:", 1)[1]) / 1024
    assert "no issues" in child.stdout
    assert 10 < peak_mb < 300
    del ballast
