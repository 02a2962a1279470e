"""The benchmark's section on bringing sources runs and reports both documents."""

import io
import json

from django.core.management import call_command

from arguments.devtools.ingesting import HOSTILE, HOSTILE_SIZE, sample_html, sample_pdf
from corpus.ingest import extract


def test_the_benchmark_times_a_50_page_pdf_and_a_200_kb_page(tmp_path):
    out, table = io.StringIO(), tmp_path / "bench.md"
    call_command(
        "benchmark",
        "--only-ingest",
        "--ingest-runs",
        "1",
        "--output",
        str(table),
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    report = json.loads(text[: text.index("# Benchmarks")])
    assert report["sizes"] == {}
    pdf, page = report["ingest"]["PDF, 50 pages"], report["ingest"]["HTML page, 200 KB"]
    assert pdf["pages"] == 50 and pdf["characters"] > 50_000
    assert page["bytes"] >= 200_000 and page["characters"] > 100_000
    assert "| PDF, 50 pages |" in table.read_text()
    assert set(report["ingest_hostile"]) == set(HOSTILE)
    assert "| markdown: open brackets |" in table.read_text()


def test_the_generated_page_loses_its_furniture():
    result = extract(sample_html(50_000))
    assert "Related story" not in result.text and "Section 3" not in result.text
    assert "tracking" not in result.text and result.title == "A long read"


def test_the_generated_pdf_has_its_pages():
    assert len(extract(sample_pdf(3)).pages) == 3


def test_every_hostile_case_is_read_and_of_the_size_it_claims():
    for name, (reader, build) in HOSTILE.items():
        text = build(4 * HOSTILE_SIZE)
        assert 0.9 * 4 * HOSTILE_SIZE <= len(text) <= 4 * HOSTILE_SIZE, name
        reader(text)  # returns (a text, or a kind) rather than failing
