"""Measures what a reader feels: queries and latency per view at several debate sizes,
served throughput under gunicorn, and import/export of large maps. Prints JSON and a table;
with --output, writes the table and the machine to a Markdown file."""

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management.base import BaseCommand
from django.core.signals import request_started
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from psycopg import sql

from arguments.devtools import adversarial, ingesting, sourcebench
from arguments.devtools.generate import deep_claim, generate_debate
from arguments.devtools.serving import drive, gunicorn
from arguments.interchange.formats import FORMATS, read
from arguments.models import (
    MAX_IMPACT,
    Argument,
    Citation,
    Claim,
    Debate,
    Membership,
    Premise,
    Role,
    Vote,
)
from arguments.permissions import Access
from arguments.selectors.exporting import graph_from_debate
from arguments.selectors.paths import encode_path
from arguments.selectors.weighing import compute, load_scope
from arguments.services.evaluate import evaluate_debate
from arguments.services.vote import cast_vote

FRAGMENTS = {"focus fragment", "children fragment", "focus 304 (conditional GET)"}
# Rows that read pages as anonymous readers get them once the page cache holds them.
CACHED = {"focus (deep, cached)", "focus 304 (conditional GET)"}
# The overview draws the whole map; its target is the issue's: the SVG in under 200 ms,
# measured with the cached drawing and with the cache emptied before every request.
OVERVIEWS = {"overview", "overview (uncached)"}
# Two words a reader might type, found in a few claims in a hundred of a generated debate.
SEARCH_QUERY = "political prisoners"
HOSTILE_SIZE = 25_000  # characters; each case is also read at four times this

TARGETS = {
    "page_queries": 10,
    "fragment_queries": 5,
    "page_p95_ms": 40,
    "fragment_p95_ms": 15,
    "overview_p95_ms": 200,
    "search_p95_ms": 50,  # issue 8: search p95 under 50 ms at 100,000 claims
}


class Command(BaseCommand):
    help = "Benchmark views, serving and interchange on debates of several sizes."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="1000,10000,100000")
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--serve-seconds", type=float, default=10.0)
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--no-interchange", action="store_true")
        parser.add_argument("--no-sources", action="store_true", help="skip the long source")
        parser.add_argument(
            "--only-interchange", action="store_true", help="skip the views and serving"
        )
        parser.add_argument("--no-ingest", action="store_true", help="skip bringing sources")
        parser.add_argument(
            "--only-ingest", action="store_true", help="only time bringing sources (no database)"
        )
        parser.add_argument("--ingest-runs", type=int, default=5)
        parser.add_argument("--output", help="write the result table to this Markdown file")

    def handle(self, *args, **options):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # Django empties the query log when a request starts, which would hide every query
        # the in-process requests make from CaptureQueriesContext.
        request_started.disconnect(reset_queries)
        try:
            self.run(options)
        finally:
            request_started.connect(reset_queries)

    def run(self, options):
        sizes = [int(size) for size in options["sizes"].split(",")]
        report = {"machine": machine(), "database": connection.vendor, "sizes": {}}
        if options["only_ingest"]:
            sizes = []
            options.update(no_interchange=True, no_serve=True, no_ingest=False, no_sources=True)
        for size in sizes:
            self.stderr.write(f"Size {size}…")
            report["sizes"][str(size)] = self.measure(size, options)
        if not options["no_sources"] and not options["only_interchange"]:
            self.stderr.write("A long source: the reader and its ledger…")
            report["source"] = sourcebench.measure()
        if not options["no_interchange"]:
            self.stderr.write("Readers on hostile input…")
            report["hostile"] = adversarial.measure(HOSTILE_SIZE)
        if not options["no_ingest"]:
            self.stderr.write("Bringing sources…")
            report["ingest"] = ingesting.measure(runs=options["ingest_runs"])
            report["ingest_hostile"] = ingesting.measure_hostile()
        if not options["no_serve"] and not options["only_interchange"]:
            self.stderr.write("Serving under gunicorn…")
            report["served"] = serve(self.deep_url(max(sizes)), options["serve_seconds"])
        self.stdout.write(json.dumps(report, indent=2))
        table = render_table(report)
        self.stdout.write(table)
        if options["output"]:
            Path(options["output"]).write_text(table, encoding="utf-8")

    def measure(self, size, options):
        slug = f"bench-{size}"
        started = time.perf_counter()
        debate = Debate.objects.filter(slug=slug).first()
        generated = None
        if debate is None:
            debate = generate_debate(claims=size, seed=size, slug=slug)
            generated = round(time.perf_counter() - started, 2)
            settle()
        views = {} if options["only_interchange"] else self.views(debate)
        result = {"generate_s": generated, "views": {}}
        for name, (url, headers, client, *prepare) in views.items():
            # Rows that measure rendering start each request with no cached page (drawings
            # stay cached, as they are between changes of a debate); the cached rows
            # measure what anonymous readers get once a page is cached.
            uncached = name not in CACHED
            if uncached:
                caches["pages"].clear()
            else:
                client.get(url)  # warm the page cache
            reset_queries()  # the log is bounded; a full one would count nothing
            for step in prepare:
                step()
            with CaptureQueriesContext(connection) as queries:
                client.get(url, **headers)
            timings = []
            for _ in range(options["requests"]):
                if uncached:
                    caches["pages"].clear()
                for step in prepare:
                    step()
                begin = time.perf_counter()
                response = client.get(url, **headers)
                timings.append((time.perf_counter() - begin) * 1000)
                assert response.status_code in (200, 304), (name, response.status_code)
            timings.sort()
            result["views"][name] = {
                "queries": len(queries),
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            }
        result["evaluation"] = evaluation(debate)
        if not options["no_interchange"]:
            result["interchange"] = interchange(debate)
        return result

    def views(self, debate):
        claim_ids, path = deep_claim(debate)
        moderator, _ = get_user_model().objects.get_or_create(username="bench-moderator")
        Membership.objects.get_or_create(
            debate=debate, user=moderator, defaults={"role": Role.MODERATOR}
        )
        reader, staff = Client(), Client()
        staff.force_login(moderator)
        claim = reverse("arguments:claim", args=[debate.slug, claim_ids])
        children = reverse("arguments:children", args=[debate.slug, path[1]])
        htmx = {"HTTP_HX_REQUEST": "true"}
        search = urlencode({"q": SEARCH_QUERY, "debate": debate.pk})
        return {
            "focus (deep)": (f"{claim}?path={encode_path(path)}", {}, reader),
            "focus fragment": (f"{claim}?path={encode_path(path)}", htmx, reader),
            "children fragment": (f"{children}?path={path[0]}-{path[1]}", htmx, reader),
            "outline": (reverse("arguments:outline", args=[debate.slug]), {}, reader),
            "overview": (reverse("arguments:overview", args=[debate.slug]), {}, reader),
            "overview (uncached)": (
                reverse("arguments:overview", args=[debate.slug]),
                {},
                reader,
                caches["default"].clear,
            ),
            "source reader": (reverse("corpus:source", args=["prc-rebuttal-2021"]), {}, reader),
            "moderation queue": (reverse("arguments:moderation"), {}, staff),
            "search": (f"{reverse('arguments:search')}?{search}", {}, reader),
            "home": ("/", {}, reader),
            "focus (deep, cached)": (f"{claim}?path={encode_path(path)}", {}, reader),
            "focus 304 (conditional GET)": (
                f"{claim}?path={encode_path(path)}",
                {"HTTP_IF_NONE_MATCH": reader.get(f"{claim}?path={encode_path(path)}")["ETag"]},
                reader,
            ),
        }

    def deep_url(self, size):
        debate = Debate.objects.get(slug=f"bench-{size}")
        claim_id, path = deep_claim(debate)
        url = reverse("arguments:claim", args=[debate.slug, claim_id])
        return f"{url}?path={encode_path(path)}"


def settle():
    """Vacuum what a generated debate just filled, as autovacuum soon would: otherwise it
    does so in the background while the next rows are measured, and they measure it too.
    (Not inside a transaction, where VACUUM cannot run: the test suite's smoke run.)"""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (Claim, Argument, Premise, Citation, Vote):
            table = sql.Identifier(model._meta.db_table)
            cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(table))


def evaluation(debate, votes=30):
    """Full evaluation (reading, computing, writing what changed) and its pure part, with the
    pure part's peak memory; then the update after one impact vote on the deepest argument."""
    started = time.perf_counter()
    evaluate_debate(debate_id=debate.pk)
    full_s = time.perf_counter() - started
    scope = load_scope(debate_id=debate.pk)
    started = time.perf_counter()
    compute(scope)
    compute_s = time.perf_counter() - started
    tracemalloc.start()
    compute(scope)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    claim_id, _ = deep_claim(debate)
    argument = Argument.objects.filter(premises=claim_id, status="approved").first()
    voter, _ = get_user_model().objects.get_or_create(username="bench-voter")
    access = Access(voter, debate)
    timings = []
    for index in range(votes):
        started = time.perf_counter()
        cast_vote(access=access, argument=argument, value=index % (MAX_IMPACT + 1))
        timings.append((time.perf_counter() - started) * 1000)
    cast_vote(access=access, argument=argument, value=None)
    timings.sort()
    return {
        "claims": len(scope.claims),
        "full_s": round(full_s, 3),
        "compute_s": round(compute_s, 3),
        "compute_peak_mb": round(peak / 2**20),
        "vote_update_p50_ms": round(statistics.median(timings), 1),
        "vote_update_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
    }


# Runs manage.py in the child and prints the child's own peak memory. Not ru_maxrss: on
# Linux a process keeps, across exec, the peak of the memory it was forked with (here the
# benchmark's own, a copy of everything the export held), so RUSAGE_CHILDREN would report
# the parent's peak. VmHWM is the peak of the memory the exec'd program itself used.
PEAK_REPORTING_CHILD = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path("manage.py", run_name="__main__")
finally:
    try:
        with open("/proc/self/status") as status:
            kb = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except OSError:
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"\\npeak-kb: {kb}\\n")
"""


def interchange(debate):
    """Export to an AIF file, parse it, then import it in a child process that reports its
    own peak memory. Times include reading the database, writing and parsing the file."""
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".aif.json", delete=False
    ) as handle:
        handle.writelines(FORMATS["aif"].emit_chunks(graph_from_debate(debate)))
        path = handle.name
    export_s = time.perf_counter() - started
    started = time.perf_counter()
    read(Path(path).read_bytes(), "aif")
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_REPORTING_CHILD,
            "manage.py",
            "import_debate",
            path,
            "--format",
            "aif",
            "--slug",
            f"{debate.slug}-reimport-{int(time.time())}",
        ],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    import_s = time.perf_counter() - started
    peak_kb = int(child.stderr.rsplit("peak-kb:", 1)[1])
    file_mb = os.path.getsize(path) / 2**20
    os.unlink(path)
    return {
        "export_s": round(export_s, 2),
        "parse_s": round(parse_s, 2),
        "import_s_with_parse": round(import_s, 2),
        "import_peak_mb": round(peak_kb / 1024),
        "file_mb": round(file_mb, 1),
    }


def serve(deep_url, seconds):
    """Requests per second under gunicorn (2 workers) for the deep focus page and /health/."""
    with gunicorn(workers=2) as (port, _):
        deep = drive(port, deep_url, seconds)
        trivial = drive(port, "/health/", seconds)
    return {
        "deep_focus_rps": deep,
        "trivial_rps": trivial,
        "ratio": round(deep / trivial, 3) if trivial else None,
    }


def machine():
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def render_table(report):
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {report['machine']['cpus']} cores, {report['machine']['memory_gb']} GiB, "
        f"Python {report['machine']['python']}, {report['machine']['platform']}; "
        f"database: {report['database']}. Made by `make bench` "
        f"(`python manage.py benchmark`). Targets: pages ≤ {TARGETS['page_queries']} queries "
        f"and p95 < {TARGETS['page_p95_ms']} ms; fragments ≤ {TARGETS['fragment_queries']} "
        f"queries and p95 < {TARGETS['fragment_p95_ms']} ms; the overview p95 < "
        f"{TARGETS['overview_p95_ms']} ms; search p95 < "
        f'{TARGETS["search_p95_ms"]} ms (query "{SEARCH_QUERY}" in the debate).',
        "",
        "| claims | view | queries | p50 ms | p95 ms | meets target |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for size, result in report["sizes"].items():
        for name, row in result["views"].items():
            fragment = name in FRAGMENTS
            queries = TARGETS["fragment_queries" if fragment else "page_queries"]
            p95 = TARGETS["fragment_p95_ms" if fragment else "page_p95_ms"]
            if name in OVERVIEWS:
                p95 = TARGETS["overview_p95_ms"]
            elif name == "search":
                p95 = TARGETS["search_p95_ms"]
            ok = row["queries"] <= queries and row["p95_ms"] < p95
            lines.append(
                f"| {int(size):,} | {name} | {row['queries']} | {row['p50_ms']} | "
                f"{row['p95_ms']} | {'yes' if ok else 'no'} |"
            )
    lines += [
        "",
        "| claims | generate s | AIF export s | AIF parse s | import s (with parse) "
        "| import peak MB | file MB |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, result in report["sizes"].items():
        x = result.get("interchange") or {}
        lines.append(
            f"| {int(size):,} | {result['generate_s'] or 'existing'} | {x.get('export_s', '–')} "
            f"| {x.get('parse_s', '–')} | {x.get('import_s_with_parse', '–')} "
            f"| {x.get('import_peak_mb', '–')} | {x.get('file_mb', '–')} |"
        )
    lines += [
        "",
        "| claims | full evaluation s (read, compute, write) | compute s (target < 1) "
        "| compute peak MB | update after a deep vote p50 / p95 ms (target < 50) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size, result in report["sizes"].items():
        x = result.get("evaluation") or {}
        lines.append(
            f"| {int(size):,} | {x.get('full_s', '–')} | {x.get('compute_s', '–')} "
            f"| {x.get('compute_peak_mb', '–')} | {x.get('vote_update_p50_ms', '–')} / "
            f"{x.get('vote_update_p95_ms', '–')} |"
        )
    if report.get("source"):
        lines += sourcebench.table(report["source"])
    hostile = report.get("hostile")
    if hostile:
        lines += [
            "",
            f"Readers on hostile input (arguments/devtools/adversarial.py), "
            f"{HOSTILE_SIZE:,} and {4 * HOSTILE_SIZE:,} characters, best of three, in CPU "
            "milliseconds: linear time reads about 4 times as long for 4 times the input, "
            "quadratic 16.",
            "",
            f"| reader: input | ms at {HOSTILE_SIZE:,} | ms at {4 * HOSTILE_SIZE:,} | ratio |",
            "|---|---:|---:|---:|",
        ]
        for name, row in hostile.items():
            lines.append(
                f"| {name} | {row['small_ms']} | {row['large_ms']} | {row['ratio'] or '–'} |"
            )
    ingest = report.get("ingest")
    if ingest:
        lines += [
            "",
            "Bringing a source (arguments/devtools/ingesting.py): `corpus.ingest.extract` of a "
            "generated document, the costly part of a source's review (target: under 3 s).",
            "",
            "| document | KB | characters out | p50 ms | p95 ms | runs | meets target |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, row in ingest.items():
            lines.append(
                f"| {name} | {row['bytes'] // 1024:,} | {row['characters']:,} | {row['p50_ms']} "
                f"| {row['p95_ms']} | {row['runs']} | {'yes' if row['p95_ms'] < 3000 else 'no'} |"
            )
        size = ingesting.HOSTILE_SIZE
        lines += [
            "",
            f"The Markdown reader and the cleaning on hostile text, {size:,} and "
            f"{4 * size:,} characters, best of three (linear about 4 times, quadratic 16).",
            "",
            f"| reader: input | ms at {size:,} | ms at {4 * size:,} | ratio |",
            "|---|---:|---:|---:|",
        ]
        for name, row in report.get("ingest_hostile", {}).items():
            lines.append(
                f"| {name} | {row['small_ms']} | {row['large_ms']} | {row['ratio'] or '–'} |"
            )
    served = report.get("served")
    if served:
        lines += [
            "",
            f"Served under gunicorn (2 workers, 4 keep-alive clients on loopback): deep focus "
            f"page {served['deep_focus_rps']} req/s, trivial view {served['trivial_rps']} "
            f"req/s, ratio {served['ratio']} (target ≥ 0.4).",
        ]
    return "\n".join(lines) + "\n"
