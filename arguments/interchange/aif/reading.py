"""AIF JSON read into a Graph: the "nodes" and "edges" lists walked one entry at a time
(jsonstream.py), with only what the Graph needs kept."""

import json
import sys
from contextlib import contextmanager
from json import JSONDecodeError

from ..graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    MAX_DEPTH,
    MAX_NODES,
    SUPPORT,
    Edge,
    FormatError,
    Graph,
    Node,
    Quote,
    check_size,
)
from ..jsonstream import nesting_at_most, skip_whitespace, value_at, walk_array, walk_object
from .texts import quote_locutions, quotes_of_locutions, source_texts

STANCE_OF_TYPE = {"RA": SUPPORT, "CA": ATTACK}
TYPE_OF_STANCE = {SUPPORT: "RA", ATTACK: "CA"}
KEPT_ASIDE = {
    "MA": ("rephrases", "rephrasing is not modelled"),
    "PA": ("is preferred to", "preferences are not modelled"),
}
DIALOGUE_TYPES = {"L", "YA", "TA"}
REPORT_TEXT_CHARS = 60


def parse(text: str) -> Graph:
    """Read an AIF JSON document into a Graph.

    Guarantees: returns a Graph or raises FormatError, for any input string; limits from
    graph.py are checked while the document is read; every Edge's premises and target
    name Nodes (or, for undercutters, Edges) of the returned Graph.
    """
    if not isinstance(text, str):
        raise FormatError(f"expected text, got {type(text).__name__}")
    check_size(text)
    start = skip_whitespace(text, 1 if text.startswith("\ufeff") else 0)
    if not text.startswith("{", start):
        _aif_object(_load_json(text))  # not an object, so not AIF: say which error comes first
    reader = _Reader(text)
    with _json_errors():
        end = skip_whitespace(text, walk_object(text, start, reader.top_member))
        if end != len(text):
            raise JSONDecodeError("Extra data", text, end)
    return reader.graph()


@contextmanager
def _json_errors():
    """Turns what the json module raises into a FormatError naming the line and column."""
    try:
        yield
    except JSONDecodeError as error:
        raise FormatError(
            f"invalid JSON at column {error.colno}: {error.msg}", line=error.lineno
        ) from None
    except RecursionError:
        raise FormatError(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except FormatError:
        raise
    except ValueError as error:  # a number too long to convert, say
        raise FormatError(f"invalid JSON: {error}") from None


# Kinds of node whose arrows in and out are kept while reading: the others (I, L, TA…) are
# never asked for theirs, and a 100,000-claim file has some 300,000 arrows.
LINKED_TYPES = {*STANCE_OF_TYPE, *KEPT_ASIDE, "YA"}
KEPT_MEMBERS = {"title", "locutions", "participants", "nodes", "edges", "texts", "text"}
SHORT_ENTRY = MAX_DEPTH  # characters: an entry this short cannot nest too deeply


class _Reader:
    """Reads the top object and, if there is one, an OVA wrapper {"AIF": {...}} in it."""

    def __init__(self, text):
        self.text = text
        self.top = _Collector(text, depth=1)
        self.wrapped = None

    def top_member(self, key, index):
        if key == "AIF" and self.text.startswith("{", index):
            self.wrapped = _Collector(self.text, depth=2)
            return walk_object(self.text, index, self.wrapped.member)
        return self.top.member(key, index)

    def graph(self):
        if "nodes" in self.top.seen:
            aif = self.top
        elif self.wrapped is not None and "nodes" in self.wrapped.seen:
            aif = self.wrapped
        else:
            raise FormatError('not an AIF document: expected a JSON object with a "nodes" list')
        title = _title(self.top.values, aif.values)
        return aif.graph(title, texts=source_texts(self.top.values, aif.values))


class _Collector:
    """What one AIF object's members leave behind: a compact node table, the I-nodes as
    Nodes, and the arrows of the S-nodes that need them."""

    def __init__(self, text, *, depth):
        self.text, self.depth = text, depth
        self.seen, self.values = set(), {}
        self.table = {}  # node id -> (type, scheme of an RA/CA, speaker of an L-node)
        self.nodes = {}  # I-node id -> Node, in file order
        self.node_count = 0
        self.error = None  # the first bad node, raised once the whole file has been read
        self.too_many = None
        self.nodes_read = False
        self.waiting_edges = []  # edges met before the nodes: linked once the nodes are known
        self.edge_count = 0
        self.reports = []
        self.incoming, self.outgoing = {}, {}

    def member(self, key, index):
        self.seen.add(key)
        text = self.text
        if key == "nodes" and text.startswith("[", index):
            end = walk_array(text, index, self._node_entry)
            self.nodes_read = True
            for number, ends in self.waiting_edges:
                self._link(number, ends)
            self.waiting_edges = []
            return end
        if key == "edges" and text.startswith("[", index):
            return walk_array(text, index, self._edge_entry)
        value, end = value_at(text, index)
        if nesting_at_most(text, index, end) + self.depth > MAX_DEPTH:
            _check_depth(value, self.depth + 1)
        if key in KEPT_MEMBERS:
            self.values[key] = value
        if key == "nodes":
            self._fail(FormatError('"nodes" must be a list'))
        elif key == "edges" and value:
            self._fail(FormatError('"edges" must be a list'))
        return end

    def _fail(self, error):
        if self.error is None:
            self.error = error

    def _deep(self, value, start, end):
        if nesting_at_most(self.text, start, end) + self.depth + 1 > MAX_DEPTH:
            _check_depth(value, self.depth + 2)

    def _node_entry(self, raw, start, end):
        if end - start > SHORT_ENTRY:
            self._deep(raw, start, end)
        self.node_count += 1
        if self.node_count > MAX_NODES:
            self.too_many = FormatError(f"more than {MAX_NODES} nodes; the limit is {MAX_NODES}")
        if self.error is not None or self.too_many is not None:
            return
        try:
            self._read_node(self.node_count, raw)
        except FormatError as error:
            self._fail(error)
            self.table, self.nodes = {}, {}  # nothing more will be needed from them

    def _read_node(self, number, raw):
        if not isinstance(raw, dict):
            raise FormatError(f'entry {number} of "nodes" is not an object')
        node_id = _identifier(raw.get("nodeID"))
        if node_id is None:
            hint = " (this looks like OVA's own format; save it as AIF)" if "id" in raw else ""
            raise FormatError(f'entry {number} of "nodes" has no usable "nodeID"{hint}')
        if node_id in self.table:
            raise FormatError("the nodeID is used twice", node=node_id)
        node_id = sys.intern(node_id)
        kind = raw.get("type")
        kind = sys.intern(kind.strip().upper()) if isinstance(kind, str) else ""
        detail = None
        if kind == "I":
            self.nodes[node_id] = _node(node_id, raw)
        elif kind in STANCE_OF_TYPE:
            detail = sys.intern(_scheme(raw, kind))
        elif kind == "L":
            detail = _ova_speaker(raw)
        self.table[node_id] = (kind, detail)

    def _edge_entry(self, raw, start, end):
        if end - start > SHORT_ENTRY:
            self._deep(raw, start, end)
        self.edge_count += 1
        ends = None
        if isinstance(raw, dict):
            ends = (raw.get("edgeID"), raw.get("fromID"), raw.get("toID"))
        if self.nodes_read:
            self._link(self.edge_count, ends)
        elif self.error is None:
            self.waiting_edges.append((self.edge_count, ends))

    def _link(self, number, ends):
        """Record one arrow of the file, or report why it is skipped."""
        if self.error is not None:
            return
        if ends is None:
            self.reports.append(f'entry {number} of "edges" is not an object; skipped')
            return
        name = _identifier(ends[0]) or f"#{number}"
        source, target = _identifier(ends[1]), _identifier(ends[2])
        if source is None or target is None:
            self.reports.append(f"edge {name}: no fromID or toID; skipped")
            return
        source_entry, target_entry = self.table.get(source), self.table.get(target)
        if source_entry is None or target_entry is None:
            missing = source if source_entry is None else target
            self.reports.append(f"edge {name}: node {missing} is not in the file; skipped")
            return
        source_kind, target_kind = source_entry[0], target_entry[0]
        if source_kind == "I" and target_kind == "I":
            self.reports.append(
                f"edge {name}: joins I-nodes {source} and {target} without an RA or CA node;"
                " skipped"
            )
            return
        if target_kind in LINKED_TYPES:
            self.incoming.setdefault(target, []).append(sys.intern(source))
        if source_kind in LINKED_TYPES:
            self.outgoing.setdefault(source, []).append(sys.intern(target))

    def graph(self, title, texts=None):
        if self.too_many is not None:
            raise self.too_many
        if self.error is not None:
            raise self.error
        table, incoming, outgoing = self.table, self.incoming, self.outgoing
        graph = Graph(title=title, nodes=self.nodes, reports=self.reports, texts=texts or {})
        quoting = quote_locutions(self.values, graph.texts)
        quotes_of_locutions(graph, quoting, table, incoming, outgoing)
        speakers = _speakers(self.values, table, incoming, outgoing, graph.reports, quoting)
        for node_id, speaker in speakers.items():
            node = graph.nodes.get(node_id)
            if node is not None and not node.speaker:
                node.speaker = speaker
        edges = []
        for node_id, (kind, detail) in table.items():
            if kind in STANCE_OF_TYPE:
                edge = _edge(node_id, kind, detail, table, incoming, outgoing, graph.reports)
                if edge is not None:
                    edges.append(edge)
            elif kind in KEPT_ASIDE:
                graph.reports.append(_kept_aside(node_id, kind, graph, table, incoming, outgoing))
            elif kind not in DIALOGUE_TYPES and kind != "I":
                graph.reports.append(f"node {node_id}: unknown type {kind or '(none)'!r}; ignored")
        graph.edges = _without_dangling_undercutters(edges, graph.reports)
        premises = {premise for edge in graph.edges for premise in edge.premises}
        graph.roots = [node_id for node_id in graph.nodes if node_id not in premises]
        return graph


def _load_json(text):
    """The whole document, for input that is not a JSON object (and so is refused)."""
    with _json_errors():
        document = json.loads(text.removeprefix("\ufeff"))
    _check_depth(document)
    return document


def _check_depth(document, depth=1):
    stack = [(document, depth)] if isinstance(document, dict | list) else []
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise FormatError(f"JSON nested deeper than {MAX_DEPTH} levels")
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _aif_object(document):
    if isinstance(document, dict) and "nodes" not in document:
        wrapped = document.get("AIF")
        if isinstance(wrapped, dict) and "nodes" in wrapped:
            return wrapped
    if not isinstance(document, dict) or "nodes" not in document:
        raise FormatError('not an AIF document: expected a JSON object with a "nodes" list')
    return document


def _title(document, aif):
    for holder in (document, aif):
        title = holder.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
    return ""


def _identifier(value):
    """The id as a string, or None when the value cannot be an id (bools and floats cannot)."""
    kind = type(value)  # exact types: JSON gives no subclasses, and bool is not an id
    if kind is str:
        return value.strip() or None
    if kind is int:
        return str(value)
    return None


def _node(node_id, raw):
    """The Node of an I-node; its speaker is the "speaker" key's, the dialogue layer's later."""
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FormatError("I-node has no text", node=node_id)
    text = text.strip()
    if len(text) > MAX_CLAIM_CHARS:
        raise FormatError(
            f"claim text is {len(text)} characters long; the limit is {MAX_CLAIM_CHARS}",
            node=node_id,
        )
    speaker = raw.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        raise FormatError('"speaker" must be a string', node=node_id)
    return Node(
        id=node_id,
        text=text,
        speaker=(speaker or "").strip(),
        quotes=_quotes(node_id, raw["quotes"] or []) if "quotes" in raw else [],
        sources=_sources(node_id, raw["sources"] or []) if "sources" in raw else [],
    )


def _quotes(node_id, raw_quotes):
    shape = '"quotes" must be a list of {"text": …, "source": …} objects'
    if not isinstance(raw_quotes, list):
        raise FormatError(shape, node=node_id)
    quotes = []
    for raw in raw_quotes:
        if not isinstance(raw, dict):
            raise FormatError(shape, node=node_id)
        text, source = raw.get("text"), raw.get("source", "")
        if not isinstance(text, str) or not text.strip() or not isinstance(source, str):
            raise FormatError(shape, node=node_id)
        start, end = raw.get("start"), raw.get("end")
        if type(start) is int and type(end) is int and 0 <= start < end:
            quotes.append(Quote(text=text, source=source.strip(), start=start, end=end))
        else:
            quotes.append(Quote(text=text.strip(), source=source.strip()))
    return quotes


def _sources(node_id, raw_sources):
    if not isinstance(raw_sources, list) or not all(isinstance(s, str) for s in raw_sources):
        raise FormatError('"sources" must be a list of strings', node=node_id)
    return [source.strip() for source in raw_sources if source.strip()]


def _edge(node_id, kind, scheme, table, incoming, outgoing, reports):
    """The Edge an RA/CA node stands for, or None (reported) when it cannot be one."""
    sources = _unique(incoming.get(node_id, []))
    premises = [source for source in sources if table[source][0] == "I"]
    arguments = [source for source in sources if table[source][0] in STANCE_OF_TYPE]
    targets = [
        target
        for target in _unique(outgoing.get(node_id, []))
        if table[target][0] == "I" or table[target][0] in STANCE_OF_TYPE
    ]
    where = f"{kind} node {node_id}"
    if not premises and arguments:
        reports.append(
            f"{where}: its premise is node {arguments[0]}, an argument; arguments used as"
            " premises are not supported; skipped"
        )
        return None
    if not premises:
        reports.append(f"{where}: no premises; skipped")
        return None
    if not targets:
        reports.append(f"{where}: no conclusion; skipped")
        return None
    if len(targets) > 1:
        reports.append(
            f"{where}: points to {len(targets)} nodes; kept the first ({targets[0]}),"
            f" dropped {', '.join(targets[1:])}"
        )
    target = targets[0]
    if target in premises or target == node_id:
        reports.append(f"{where}: its conclusion is also its premise; skipped")
        return None
    return Edge(
        id=node_id,
        premises=premises,
        stance=STANCE_OF_TYPE[kind],
        target=target,
        target_is_edge=table[target][0] in STANCE_OF_TYPE,
        scheme=scheme,
    )


def _unique(ids):
    return list(dict.fromkeys(ids))


def _scheme(raw, kind):
    """The first of "scheme", text and "schemeID" that is a name, else the first number; the
    node's own type written as its text ("RA") is no scheme."""
    numbers = []
    for key in ("scheme", "text", "schemeID"):
        value = _identifier(raw.get(key))
        if value is not None and value.upper() not in (kind, *STANCE_OF_TYPE):
            if not value.isdigit():
                return value
            numbers.append(value)
    return numbers[0] if numbers else ""


def _without_dangling_undercutters(edges, reports):
    """Drop undercutters whose undercut S-node was itself skipped, and then those undercutting
    a dropped one, level by level (each level in file order). Linear in the edges: a chain of
    undercutters is walked once, not once per link."""
    order = {edge.id: index for index, edge in enumerate(edges)}
    undercutters = {}
    for edge in edges:
        if edge.target_is_edge:
            undercutters.setdefault(edge.target, []).append(edge)
    dropped = set()
    level = [e for e in edges if e.target_is_edge and e.target not in order]
    while level:
        for edge in level:
            reports.append(
                f"{TYPE_OF_STANCE[edge.stance]} node {edge.id}: bears on node {edge.target},"
                " which was skipped; skipped"
            )
            dropped.add(edge.id)
        following = {e.id: e for edge in level for e in undercutters.get(edge.id, ())}
        level = sorted(
            (e for e in following.values() if e.id not in dropped), key=lambda e: order[e.id]
        )
    return [edge for edge in edges if edge.id not in dropped]


def _kept_aside(node_id, kind, graph, table, incoming, outgoing):
    verb, reason = KEPT_ASIDE[kind]
    sources = [_describe(graph, table, n) for n in _unique(incoming.get(node_id, []))]
    targets = [_describe(graph, table, n) for n in _unique(outgoing.get(node_id, []))]
    if sources and targets:
        return (
            f"{kind} node {node_id}: {' and '.join(sources)} {verb} {' and '.join(targets)}"
            f" (kept aside: {reason})"
        )
    return f"{kind} node {node_id}: not connected at both ends (kept aside: {reason})"


def _describe(graph, table, node_id):
    kind = table[node_id][0]
    if kind == "I":
        text = " ".join(graph.nodes[node_id].text.split())
        if len(text) > REPORT_TEXT_CHARS:
            text = text[: REPORT_TEXT_CHARS - 1] + "…"
        return repr(text)
    return f"{kind or 'untyped'} node {node_id}"


def _speakers(aif, table, incoming, outgoing, reports, quoting=()):
    """{I-node id: speaker} from L -> YA -> I paths, the first locution in edge order winning.
    The locutions in `quoting` quote a source text and name no speaker."""
    names = _participant_names(aif)
    speaker_of_locution = {}
    for locution in aif.get("locutions") if isinstance(aif.get("locutions"), list) else []:
        if isinstance(locution, dict):
            node_id = _identifier(locution.get("nodeID"))
            name = names.get(_identifier(locution.get("personID")))
            if node_id and name:
                speaker_of_locution.setdefault(node_id, name)
    speakers = {}
    for ya_id, (kind, _) in table.items():
        if kind != "YA":
            continue
        locutions = [n for n in incoming.get(ya_id, []) if table[n][0] == "L" and n not in quoting]
        claims = [n for n in outgoing.get(ya_id, []) if table[n][0] == "I"]
        if not locutions or not claims:
            continue
        speaker = speaker_of_locution.get(locutions[0]) or table[locutions[0]][1]
        if not speaker:
            reports.append(
                f"L node {locutions[0]}: no speaker (its text has no 'Name:' part and no"
                " participant is named for it); its claim has none"
            )
        for claim in claims:
            if speaker:
                speakers.setdefault(claim, speaker)
    return speakers


def _participant_names(aif):
    participants = aif.get("participants")
    names = {}
    for person in participants if isinstance(participants, list) else []:
        if not isinstance(person, dict):
            continue
        person_id = _identifier(person.get("participantID"))
        parts = [person.get("firstname"), person.get("surname")]
        name = " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())
        if person_id and name:
            names[person_id] = name
    return names


def _ova_speaker(raw):
    text = raw.get("text")
    if not isinstance(text, str) or ":" not in text:
        return ""
    return text.split(":", 1)[0].strip()
