"""How long bringing a source takes: extract() of a generated 50-page PDF and of a 200 KB
web page, each read a few times (p50 and p95). The issue's target is under 3 s for each
to become a reviewed source; this measures the extraction, the costly part. And hostile
texts for the Markdown reader and the cleaning, read at two sizes: linear time takes about
4 times as long for 4 times the input, quadratic 16."""

import random
import statistics
import time

from arguments.devtools.adversarial import read_seconds
from corpus.ingest import clean_text, extract
from corpus.ingest.detect import detect_kind
from corpus.ingest.markdown import markdown_text

HOSTILE_SIZE = 25_000  # characters; each case is also read at four times this

VOCABULARY = (
    "the report argues that quiet diplomacy pressure rights trade minister detention camps "
    "record decade prisoners released campaign treaty council statement evidence review "
    "government critics answer public case nineties ledger Geneva delegation"
)
WORDS = VOCABULARY.split()


def _paragraph(rng, words=70):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def sample_pdf(pages=50, *, seed=1):
    """A PDF of `pages` pages of set text, four paragraphs a page, made with fpdf2."""
    from fpdf import FPDF

    rng = random.Random(seed)
    document = FPDF()
    document.set_font("Helvetica", size=11)
    for _ in range(pages):
        document.add_page()
        for _ in range(4):
            document.multi_cell(0, 6, _paragraph(rng))
            document.ln(4)
    return bytes(document.output())


def sample_html(size=200_000, *, seed=1):
    """A news page of about `size` bytes: navigation, a cookie notice, scripts and styles,
    an article of many paragraphs, share buttons, a related list and comments."""
    rng = random.Random(seed)
    head = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A long read"
        "</title><meta name='author' content='A. Writer'><style>"
        + ".c{color:#333}" * 300
        + "</style><script>"
        + "var tracking = {};" * 300
        + "</script></head><body><nav><ul>"
        + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(40))
        + "</ul></nav><div class='cookie-consent'>We use cookies.</div><article><h1>A long read"
        "</h1>"
    )
    tail = (
        "<div class='share'><a href='#'>Share</a></div></article><aside class='related'><ul>"
        + "".join(f"<li><a href='/r{i}'>Related story {i}</a></li>" for i in range(30))
        + "</ul></aside><section class='comments'>"
        + "".join(f"<div class='comment'><p>Comment {i}</p></div>" for i in range(30))
        + "</section><footer>Footer</footer></body></html>"
    )
    paragraphs = []
    length = len(head) + len(tail)
    while length < size:
        paragraph = f"<p>{_paragraph(rng)}</p>\n"
        paragraphs.append(paragraph)
        length += len(paragraph)
    return (head + "".join(paragraphs) + tail).encode()


def measure(runs=5):
    """Per document: its size, the characters extracted and extract()'s p50/p95 in ms."""
    samples = {
        "PDF, 50 pages": (sample_pdf(), "report.pdf"),
        "HTML page, 200 KB": (sample_html(), "page.html"),
    }
    report = {}
    for name, (data, filename) in samples.items():
        timings, result = [], None
        for _ in range(runs):
            started = time.perf_counter()
            result = extract(data, filename=filename)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        report[name] = {
            "bytes": len(data),
            "characters": len(result.text),
            "pages": len(result.pages),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, -(-len(timings) * 95 // 100) - 1)], 1),
            "runs": runs,
        }
    return report


def _repeat(unit):
    return lambda size: unit * (size // len(unit))


def _sniff(text):
    return detect_kind(text.encode(), filename="a.txt")


# name: (reader, build(size) -> text shaped to make a careless reader slow)
HOSTILE = {
    "markdown: open brackets": (markdown_text, _repeat("[")),
    "markdown: brackets never closed by a link": (markdown_text, _repeat("[a](")),
    "markdown: image openers": (markdown_text, _repeat("![")),
    "markdown: one long emphasis run": (markdown_text, _repeat("*")),
    "markdown: underscores": (markdown_text, _repeat("_a")),
    "markdown: backticks": (markdown_text, _repeat("`")),
    "markdown: tags never closed": (markdown_text, _repeat("<a ")),
    "markdown: autolinks never closed": (markdown_text, _repeat("<http:")),
    "markdown: escapes": (markdown_text, _repeat("\\*")),
    "markdown: quote markers": (markdown_text, _repeat("> ")),
    "markdown: a rule of dashes": (markdown_text, _repeat("- ")),
    "markdown: headings": (markdown_text, _repeat("# a\n")),
    "markdown: fences": (markdown_text, _repeat("```\n")),
    "markdown: definitions": (markdown_text, _repeat("[a]: ")),
    "clean: carriage returns": (clean_text, _repeat("\r")),
    "clean: blank lines": (clean_text, _repeat("\n \n")),
    "clean: controls": (clean_text, _repeat("\x07a")),
    "detect: meta charset openers": (_sniff, _repeat("<meta charset=")),
}


def measure_hostile(size=HOSTILE_SIZE):
    """{"reader: case": {"small_ms", "large_ms", "ratio"}}, best of three, 4 × apart."""
    figures = {}
    for name, (reader, build) in HOSTILE.items():
        small = read_seconds(reader, build(size))
        large = read_seconds(reader, build(4 * size))
        figures[name] = {
            "small_ms": round(small * 1000, 2),
            "large_ms": round(large * 1000, 2),
            "ratio": round(large / small, 1) if small else None,
        }
    return figures
