"""Hostile text: payloads that would run, inject markup, break out of an attribute, be
evaluated as a template or SQL, or break the layout, if the app ever rendered them raw;
and `injections(html)`, which finds what such a payload would leave in a page.

Every payload that would inject an element marks it with a `data-pwned` attribute and, if
it ran, would set `window.__pwned` (and call alert(), which opens a dialog), so the server
tests look for the marker in the parsed HTML and the browser tests for the dialog and the
variable. Payloads stay under 200 characters (the shortest text field that takes them is
a debate's title) except `LONG_WORD`, which is kept for the fields that take 500.
"""

import re
from html.parser import HTMLParser

from arguments.interchange.graph import ATTACK, SUPPORT, Edge, Graph, Node, Quote

PAYLOADS = [
    "<script data-pwned>window.__pwned=1;alert('script')</script>",
    "<img data-pwned src=x onerror=\"window.__pwned=1;alert('img')\">",
    "<svg data-pwned onload=window.__pwned=1;alert('svg')>",
    "<svg><script data-pwned>window.__pwned=1</script></svg>",
    '"><script data-pwned>window.__pwned=1</script>',
    "'><img data-pwned src=x onerror=window.__pwned=1>",
    '" onmouseover="window.__pwned=1" data-pwned="',
    "<a data-pwned href=\"javascript:window.__pwned=1;alert('href')\">click me</a>",
    "javascript:window.__pwned=1;alert('url')",
    "[markdown link](javascript:window.__pwned=1)",
    '<iframe data-pwned srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "</textarea><script data-pwned>window.__pwned=1</script>",
    "</title><script data-pwned>window.__pwned=1</script>",
    "</style><script data-pwned>window.__pwned=1</script>",
    "<details data-pwned open ontoggle=window.__pwned=1>",
    "<input data-pwned autofocus onfocus=window.__pwned=1>",
    '<div data-pwned hx-get="/pwned" hx-trigger="load">htmx</div>',
    "hx-get=/pwned hx-trigger=load hx-swap=outerHTML",
    "<math><mtext><table><mglyph><style><img data-pwned src=x onerror=window.__pwned=1>",
    "<!-- comment --> ]]> <![CDATA[ x ]]>",
    "&lt;script&gt;shown as typed&lt;/script&gt; &amp; &#x3C;b&#x3E;",
    "'; DROP TABLE arguments_claim; --",
    "1' OR '1'='1\" OR \"1\"=\"1",
    "{{ 7*7 }} {{ user.password }}",
    "{% debug %}{% load static %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    '=HYPERLINK("http://evil.example","csv")',
    "Right-to-left \u202eoverride\u202c and left-to-right \u202doverride\u202c",
    "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoined",
]

# One unbroken word, for layout: it must wrap, not widen the page.
LONG_WORD = "Pneumono" + "ultramicroscopic" * 18

# Null characters: refused by forms with a message, never a 500.
NUL = "before\x00after"

MARKER = "data-pwned"
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc"}


CLAIM_TEXTS = [*PAYLOADS, LONG_WORD]


def normalised(text):
    """A payload as the services store typed text: runs of whitespace made one space."""
    return " ".join(text.split())


def fits(limit):
    """The payloads a field of `limit` characters takes."""
    return [p for p in PAYLOADS if len(p) <= limit]


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.text = []
        self.values = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if MARKER in names:
            self.found.append(f"<{tag}> carries {MARKER}")
        for name, value in attrs:
            value = value or ""
            self.values.append(value)
            if name.startswith("on"):
                self.found.append(f"<{tag}> has an event handler {name}={value!r}")
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"<{tag}> {name} points to {value!r}")
            if name.startswith("hx-") and "/pwned" in value:
                self.found.append(f"<{tag}> {name}={value!r}")
        if tag == "script":
            if "src" not in names:
                self.found.append("an inline <script>")
            self._script = []
        if tag in {"iframe", "object", "embed", "base", "math"}:
            self.found.append(f"a <{tag}> element")
        if tag == "meta" and "http-equiv" in names:
            self.found.append("a <meta http-equiv>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if "".join(self._script).strip():
                self.found.append("a <script> with a body")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def read(html):
    """(what was injected, the page's text, its attribute values) of an HTML document."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found, "".join(finder.text), finder.values


def injections(html):
    """What in `html` a hostile payload would have put there: elements carrying the
    marker, event-handler attributes, inline scripts, dangerous URLs and the like."""
    return read(html)[0]


def shown(html, text):
    """Whether `text` is in the page, as text or in an attribute (e.g. a title)."""
    _, body, values = read(html)
    return text in body or any(text in value for value in values)


def hostile_source():
    """A source (as the corpus would hold one) whose title and text are payloads."""
    from .factories import SourceFactory, debate_with_thesis

    # A source is read where its debate is: a public one, so imports may quote it.
    home = debate_with_thesis(slug="hostile-library", title="The hostile source's debate")
    return SourceFactory(
        slug="hostile-source",
        title=PAYLOADS[1],
        text="\n\n".join(PAYLOADS) + "\n",
        debates=[home],
    )


def hostile_graph():
    """A map whose ids, texts, speakers, sources and quotes are the payloads: the thesis
    with every payload as a pro or a con, each quoting a payload of the hostile source."""
    nodes = {"thesis": Node(id="thesis", text=f"Thesis {PAYLOADS[0]}", speaker=PAYLOADS[1])}
    edges = []
    for number, text in enumerate(CLAIM_TEXTS):
        node_id = f"{number} {PAYLOADS[number % len(PAYLOADS)]}"
        nodes[node_id] = Node(
            id=node_id,
            text=text,
            speaker=PAYLOADS[(number + 1) % len(PAYLOADS)],
            quotes=[Quote(text=PAYLOADS[number % len(PAYLOADS)], source="hostile-source")],
            sources=[PAYLOADS[8]],
        )
        stance = SUPPORT if number % 2 else ATTACK
        edges.append(Edge(id=f"e{number}", premises=[node_id], stance=stance, target="thesis"))
    return Graph(title=PAYLOADS[2], nodes=nodes, edges=edges, roots=["thesis"])
