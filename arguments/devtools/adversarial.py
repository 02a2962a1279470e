"""Hostile inputs for the interchange readers, and how their reading time grows with size.

Each case builds a text of about `size` characters shaped to make a careless parser slow:
repeated delimiters, deep nesting, long lines, many references to one thing. Lines stay
within MAX_LINE_CHARS, so the readers really read them instead of refusing them at once.
The test (tests/interchange/test_linear_time.py) and the benchmark command both use
`growth`: the time to read a case at `size` and at four times `size`.
"""

import contextlib
import gc
import json
import time

from arguments.interchange import aif, argdown, detect, kialo
from arguments.interchange.graph import MAX_LINE_CHARS, FormatError


def _repeat(unit, size, *, head="", tail=""):
    """head + unit repeated to about `size` characters + tail, each line within the limit."""
    count = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


def _lines(line, size, *, head=""):
    """head + copies of `line` (each ending in a newline) to about `size` characters."""
    return head + (line + "\n") * max(1, (size - len(head)) // (len(line) + 1))


def _wide(unit, size, *, head="", prefix=""):
    """Lines of `unit` repeated to about `size` characters in all: one line as long as `size`
    while the line limit allows (so a cost that grows with a line's length shows)."""
    width = min(size, MAX_LINE_CHARS - 200)
    line = prefix + unit * (width // len(unit))
    return head + "\n".join([line] * max(1, size // width)) + "\n"


def _aif_chain(size):
    """An RA node with no premise, undercut by a chain of RA nodes each undercutting the last:
    skipping the first skips them all, one after another."""
    count = max(2, size // 165)
    nodes = [{"nodeID": "i", "text": "a claim", "type": "I"}]
    edges = []
    for number in range(count):
        nodes.append({"nodeID": f"s{number}", "text": "Default Inference", "type": "RA"})
        if number:
            edges.append({"edgeID": f"p{number}", "fromID": "i", "toID": f"s{number}"})
            edges.append({"edgeID": f"t{number}", "fromID": f"s{number}", "toID": f"s{number - 1}"})
    edges.append({"edgeID": "t0", "fromID": "s0", "toID": "i"})
    return json.dumps({"nodes": nodes, "edges": edges})


def _aif_many(size):
    count = max(2, size // 205)
    nodes = [{"nodeID": str(n), "text": f"claim {n}", "type": "I"} for n in range(count)]
    nodes += [{"nodeID": f"r{n}", "text": "Default Inference", "type": "RA"} for n in range(count)]
    edges = [{"edgeID": f"a{n}", "fromID": str(n), "toID": f"r{n}"} for n in range(1, count)]
    edges += [{"edgeID": f"b{n}", "fromID": f"r{n}", "toID": "0"} for n in range(1, count)]
    return json.dumps({"nodes": nodes, "edges": edges})


def _aif_quoting(size):
    """Many quoting locutions (L -> YA -> I) on one claim, each quoting the same long span of
    the file's text: the quotes are matched through a table, never against each other."""
    count = max(2, size // 260)
    text = "words " * 800
    nodes = [{"nodeID": "i", "text": "a claim", "type": "I"}]
    edges, locutions = [], []
    for n in range(count):
        nodes.append({"nodeID": f"l{n}", "text": "x", "type": "L"})
        nodes.append({"nodeID": f"y{n}", "text": "Asserting", "type": "YA"})
        edges.append({"edgeID": f"a{n}", "fromID": f"l{n}", "toID": f"y{n}"})
        edges.append({"edgeID": f"b{n}", "fromID": f"y{n}", "toID": "i"})
        locutions.append({"nodeID": f"l{n}", "source": "t", "start": n % 7, "end": 4000})
    texts = [{"source": "t", "text": text}]
    return json.dumps({"nodes": nodes, "edges": edges, "locutions": locutions, "texts": texts})


KIALO_HEAD = "Discussion Title: t\n\n1. Thesis: a thesis\n1.1. Pro: a reason\n"

CASES = {
    "kialo": {
        "quoted sources": lambda n: _wide(': "x', n, head=KIALO_HEAD + "Sources:\n", prefix="[1] "),
        "colons in a source": lambda n: _wide(": ", n, head=KIALO_HEAD + "Sources:\n"),
        "footnote markers": lambda n: _wide("[1", n, head=KIALO_HEAD + "    text "),
        "dotted numbers": lambda n: _wide("1.", n),
        "labels": lambda n: _wide("pro: ", n, head="1. a\n", prefix="1.1. "),
        "links": lambda n: _wide("1.", n, head="1. a\n", prefix="1.1. Pro: -> See "),
        "many siblings": lambda n: (
            "1. a\n" + "".join(f"1.{i}. Pro: reason {i}\n" for i in range(1, max(2, n // 24)))
        ),
        "deleted words": lambda n: _wide("(deleted ", n, head="1. a\n1.1. Pro: "),
    },
    "argdown": {
        "tags in brackets": lambda n: _wide("#( ", n, head="[A]: "),
        "open brackets": lambda n: _wide("[", n, head="[A]: a {x: "),
        "relation signs": lambda n: _wide("+ ", n, head="[A]: a\n", prefix="  + "),
        "comment openers": lambda n: _wide("/* ", n),
        "html comments": lambda n: _wide("<!-- ", n) + "-->\n",
        "escapes": lambda n: _wide("\\#", n, head="[A]: "),
        "quotes in data": lambda n: _wide("'", n, head="[A]: a {x: '") + "'}\n",
        "many references": lambda n: _lines("  + [B]", n, head="[A]: a\n[B]: b\n"),
        "markdown links": lambda n: _lines("[x](y) z", n, head="a\n"),
        "numbered statements": lambda n: _lines("(1) p", n),
        "dashes": lambda n: _wide("-", n, head="(1) p\n"),
    },
    "aif": {
        "deep nesting": lambda n: _repeat("[", n, head='{"nodes": ', tail=""),
        "escapes": lambda n: _repeat("\\u0041", n, head='{"nodes": [{"text": "', tail='"}]}'),
        "undercut chain": _aif_chain,
        "many arguments": _aif_many,
        "quoting locutions": _aif_quoting,
    },
    "guess": {
        "a nodes key far down": lambda n: _repeat('"nodes" ', n, head="{"),
        "brackets": lambda n: _repeat("[", n) + "]",
    },
}

READERS = {
    "kialo": kialo.parse,
    "argdown": argdown.parse,
    "aif": aif.parse,
    "guess": detect.guess_format,
}


def read_seconds(reader, text, *, repeat=3):
    """The best of `repeat` timings of reading `text`, in seconds of this process's CPU
    time (what other processes on a shared machine do barely moves it, where the wall
    clock doubled under load); a FormatError is a valid outcome.

    The garbage collector is paused while timing: its full passes over every object alive
    grow with what earlier tests left behind, which is not the reader's own cost."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.process_time()
            with contextlib.suppress(FormatError):
                reader(text)
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


def growth(fmt, case, size):
    """(seconds at `size`, seconds at 4 × `size`) for one case of one reader."""
    build, reader = CASES[fmt][case], READERS[fmt]
    return read_seconds(reader, build(size)), read_seconds(reader, build(4 * size))


def measure(size=25_000):
    """{"reader: case": {"small_ms", "large_ms", "ratio"}} for every case, 4 × apart."""
    figures = {}
    for fmt, cases in CASES.items():
        for case in cases:
            small, large = growth(fmt, case, size)
            figures[f"{fmt}: {case}"] = {
                "small_ms": round(small * 1000, 2),
                "large_ms": round(large * 1000, 2),
                "ratio": round(large / small, 1) if small else None,
            }
    return figures
