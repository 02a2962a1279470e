"""The neutral shape every interchange format is read into and written from (pure Python).

A Graph is a set of claims (`Node`) and of arguments (`Edge`): each edge has ordered
premises (node ids), a stance, and a target that is a node or, for an undercutter,
another edge. Parsers return a Graph; emitters take one; `load.py` moves Graphs in and
out of the database. Nothing here knows about Django.
"""

import re
from dataclasses import dataclass, field

SUPPORT = "support"
ATTACK = "attack"
STANCES = (SUPPORT, ATTACK)

# Limits every parser enforces, so hostile input is refused before it costs memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_NODES = 600_000  # all node kinds: a 100,000-claim AIF file holds about 200,000
MAX_LINE_CHARS = 100_000
MAX_DEPTH = 200
# The longest claim text a file may hold (the stored limit, arguments.models.claim's
# CLAIM_STORED_LENGTH); people writing here are held to 500, and an import reports the
# claims longer than that but keeps them whole.
MAX_CLAIM_CHARS = 5000
# Source texts a file may carry (AIF's "texts"): how many, and how long each may be (the
# longest text a source brought in the browser may have, corpus.adding's TEXT_MAX_CHARS).
MAX_TEXTS = 100
MAX_TEXT_CHARS = 800_000


def check_size(text, *, limit=None, line=None):
    """Raise FormatError when `text` is over `limit` (MAX_INPUT_BYTES) bytes as UTF-8.

    Counting characters first avoids encoding a huge string just to measure it.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    if len(text) > limit or (
        len(text) * 4 > limit and len(text.encode("utf-8", "surrogatepass")) > limit
    ):
        raise FormatError(f"the file is larger than {limit} bytes", line=line)


# NUL (PostgreSQL refuses it in text columns) and lone surrogates (a JSON escape such as
# "\ud800" decodes to one; no database encodes it): no column can store them.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def check_storable(graph):
    """Raise FormatError naming the node (or the title) whose words hold a character that
    no column can store; reports, which quote the file, get U+FFFD in its place."""

    def check(value, what, node=None):
        found = UNSTORABLE.search(value)
        if found:
            shown = UNSTORABLE.sub("\ufffd", node)[:80] if node is not None else None
            character = (
                "a null character (binary data)"
                if found.group() == "\x00"
                else f"the character U+{ord(found.group()):04X}"
            )
            raise FormatError(f"the {what} holds {character}, which cannot be stored", node=shown)

    check(graph.title, "title")
    for node in graph.nodes.values():
        check(node.id, "id", node.id)
        check(node.text, "text", node.id)
        check(node.speaker, "speaker", node.id)
        for quote in node.quotes:
            check(quote.text, "quote", node.id)
            check(quote.source, "quote's source", node.id)
        for reference in (*node.sources, *node.tags):
            check(reference, "source or tag", node.id)
    for edge in graph.edges:
        check(edge.id, "id", edge.id)
        check(edge.text, "argument's text", edge.id)
        check(edge.scheme, "scheme", edge.id)
        check(edge.title, "argument's title", edge.id)
        check(edge.description, "argument's description", edge.id)
        for tag in edge.tags:
            check(tag, "argument's tag", edge.id)
    for source in graph.texts.values():
        for value in (source.handle, source.text, source.title, source.url):
            check(value, "source text", source.handle)
    graph.reports = [UNSTORABLE.sub("\ufffd", report) for report in graph.reports]
    return graph


class FormatError(ValueError):
    """The input is not a valid file of its format. Names the line or the node."""

    def __init__(self, message, *, line=None, node=None):
        self.line = line
        self.node = node
        where = f"line {line}: " if line is not None else f"node {node}: " if node else ""
        super().__init__(f"{where}{message}")


# slots: a 100,000-claim import holds some 200,000 of these at once.
@dataclass(slots=True)
class Quote:
    """A verbatim passage backing a claim; `source` is a slug, title or URL as the file has it."""

    text: str
    source: str = ""
    # Where the quote is in the source's text, when the file says (AIF locutions): offsets
    # into `Graph.texts[source].text`.
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class SourceText:
    """A source's whole text as a file carries it, so that quotes can travel with it."""

    handle: str  # what quotes name it by (Quote.source): a slug, a title or a URL
    text: str
    title: str = ""
    url: str = ""


@dataclass(slots=True)
class Node:
    id: str
    text: str
    speaker: str = ""
    quotes: list[Quote] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # references without a quote (URLs…)
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    note: str = ""  # a mapper's note on why the claim stands where it does; no format has one


@dataclass(slots=True)
class Edge:
    id: str
    premises: list[str]
    stance: str
    target: str
    target_is_edge: bool = False
    text: str = ""  # the argument's own wording, where the format has one
    scheme: str = ""
    # Labels a map may carry on an argument (Argdown's `<Title>: description #tag`); the
    # description is also the first line of `text` when the format writes one.
    title: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass
class Graph:
    title: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)  # in file order
    edges: list[Edge] = field(default_factory=list)  # in file order
    roots: list[str] = field(default_factory=list)  # theses, in file order
    reports: list[str] = field(default_factory=list)  # what was kept aside, said plainly
    texts: dict[str, "SourceText"] = field(default_factory=dict)  # by handle, in file order

    def summary(self):
        """Counts for an import summary: claims, supports, attacks, undercuts, linked claims."""
        first_target, linked = {}, set()  # a claim is linked when it bears on two targets
        for edge in self.edges:
            for premise in edge.premises:
                if first_target.setdefault(premise, edge.target) != edge.target:
                    linked.add(premise)
        return {
            "claims": len(self.nodes),
            "supports": sum(1 for e in self.edges if e.stance == SUPPORT and not e.target_is_edge),
            "attacks": sum(1 for e in self.edges if e.stance == ATTACK and not e.target_is_edge),
            "undercuts": sum(1 for e in self.edges if e.target_is_edge),
            "linked": len(linked),
            "sources": len(
                {q.source for n in self.nodes.values() for q in n.quotes if q.source}
                | {s for n in self.nodes.values() for s in n.sources}
            ),
        }

    def root_worded(self, wanted):
        """(the id of the top-level claim worded as `wanted`, spacing and case aside, or
        None; an error message or ""). An empty `wanted` is no choice and no error."""
        key = " ".join(wanted.split()).casefold()
        if not key:
            return None, ""
        for root in self.roots:
            if " ".join(self.nodes[root].text.split()).casefold() == key:
                return root, ""
        shown = "; ".join(f"“{self.nodes[r].text[:80]}”" for r in self.roots[:10])
        return None, f"No top-level claim of the file is worded so; they are: {shown}."


def too_many_claims(name, graph, cap):
    """The refusal of a file holding more than `cap` claims, or "" when it holds fewer."""
    if len(graph.nodes) <= cap:
        return ""
    return (
        f"{name} holds {len(graph.nodes):,} claims; one import through the site takes at most "
        f"{cap:,}. Split the map into parts, or ask the site's administrator to import it from"
        " the command line."
    )
