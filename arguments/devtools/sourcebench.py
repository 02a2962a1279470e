"""The benchmark of a long source (issue 16): the reader of a 100,000-word source with 1,000
quoted passages, and its ledger, as a debate of 1,000 claims quotes them."""

import random
import statistics
import time

from django.core.cache import caches
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arguments.devtools.generate import TOPICS, generate_debate
from arguments.models import Citation, Claim, Status
from arguments.selectors.ledger import debate_camps, debate_citations, source_ledgers
from corpus.models import DebateSource, Excerpt, Source

SLUG = "bench-long-source"
WORDS = 100_000
EXCERPTS = 1_000
TARGETS = {"reader_p95_ms": 100, "ledger_p95_ms": 50}


def long_text(words, seed=16):
    """About `words` words in paragraphs of five to eight sentences, deterministic."""
    rng = random.Random(seed)
    vocabulary = " ".join(TOPICS).replace(".", "").lower().split()
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(5, 8)):
            length = rng.randint(8, 22)
            sentence = " ".join(rng.choice(vocabulary) for _ in range(length))
            sentences.append(sentence.capitalize() + ".")
            count += length
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def build(*, words=WORDS, excerpts=EXCERPTS):
    """The debate and its source, made once (a later run measures the same rows)."""
    source = Source.objects.filter(slug=SLUG).first()
    if source is not None:
        return source, source.debate_links.get().debate
    # Every 25th generated claim is pending: enough claims that each passage has an approved one.
    debate = generate_debate(claims=excerpts + excerpts // 20 + 2, seed=16, slug=SLUG)
    text = long_text(words)
    source = Source.objects.create(
        slug=SLUG, title="A long report", genre=Source.Genre.REPORT, text=text
    )
    DebateSource.objects.create(debate=debate, source=source)
    # A passage at the start of evenly spread sentences: the first eight words.
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)]
    step = max(1, len(starts) // excerpts)
    passages = []
    for start in starts[::step][:excerpts]:
        end = start
        for _ in range(8):
            end = text.find(" ", end + 1) if end >= 0 else end
        if end < 0:
            continue  # the text ends before eight words
        passages.append(Excerpt(source=source, start=start, end=end, quote=text[start:end]))
    Excerpt.objects.bulk_create(passages, batch_size=500)
    claims = Claim.objects.filter(debate=debate, status=Status.APPROVED).exclude(
        pk=debate.thesis_id
    )
    pairs = zip(claims.order_by("pk").values_list("pk", flat=True), passages, strict=False)
    Citation.objects.bulk_create(
        [Citation(claim_id=claim_id, excerpt=excerpt) for claim_id, excerpt in pairs],
        batch_size=500,
    )
    return source, debate


def measure(requests=50, **size):
    source, debate = build(**size)
    reader = Client()
    timings = {}
    url = reverse("corpus:source", args=[source.slug])
    ledger_url = reverse("arguments:source_ledger", args=[debate.slug, source.slug])
    camps = debate_camps(debate)

    def read():
        assert reader.get(url).status_code == 200

    def count():
        loaded = Source.objects.defer("raw").get(pk=source.pk)
        source_ledgers(sources=[loaded], citations=debate_citations(debate), camps=camps)

    def ledger_page():
        caches["pages"].clear()  # rendered each time, as after every change of the debate
        assert reader.get(ledger_url).status_code == 200

    result = {
        "words": len(source.text.split()),
        "excerpts": source.excerpts.count(),
    }
    for name, step in (("reader", read), ("ledger", count), ("ledger page", ledger_page)):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            step()
        timings = []
        for _ in range(requests):
            begin = time.perf_counter()
            step()
            timings.append((time.perf_counter() - begin) * 1000)
        timings.sort()
        result[name] = {
            "queries": len(queries),
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        }
    return result


def table(result):
    """Markdown lines for docs/benchmarks.md."""
    lines = [
        "",
        f"A long source: {result['words']:,} words, {result['excerpts']:,} passages each "
        "quoted by an approved claim (arguments/devtools/sourcebench.py). Targets: the reader "
        f"p95 < {TARGETS['reader_p95_ms']} ms, the ledger p95 < {TARGETS['ledger_p95_ms']} ms "
        "(the ledger page renders it with the queue of unmapped paragraphs).",
        "",
        "| what | queries | p50 ms | p95 ms | meets target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, target in (("reader", "reader_p95_ms"), ("ledger", "ledger_p95_ms")):
        row = result[name]
        ok = "yes" if row["p95_ms"] < TARGETS[target] else "no"
        lines.append(f"| {name} | {row['queries']} | {row['p50_ms']} | {row['p95_ms']} | {ok} |")
    row = result["ledger page"]
    lines.append(f"| ledger page | {row['queries']} | {row['p50_ms']} | {row['p95_ms']} | – |")
    return lines
