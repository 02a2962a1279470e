"""Argdown read into and written from the Graph: the line walk, the YAML subset, the writer."""

import heapq
import math
import re
import string
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from ..graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    MAX_DEPTH,
    MAX_NODES,
    STANCES,
    SUPPORT,
    Edge,
    FormatError,
    Graph,
    Node,
    Quote,
)

TAB_WIDTH = 4
EMIT_DEPTH = 50

UNDERCUT = "undercut"
CONTRADICTION = "contradiction"
STATEMENT = "statement"
ARGUMENT = "argument"

# The relation sign, then whitespace or the element's bracket: `-x` stays text.
_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)(?=\s*[\[<]|\s+\S)")
# sign -> (kind, whether the element above is the source)
_RELATION_KINDS = {
    "+": (SUPPORT, False),
    "<+": (SUPPORT, False),
    "+>": (SUPPORT, True),
    "-": (ATTACK, False),
    "<-": (ATTACK, False),
    "->": (ATTACK, True),
    "_": (UNDERCUT, False),
    "<_": (UNDERCUT, False),
    "_>": (UNDERCUT, True),
    "><": (CONTRADICTION, False),
}
_NUMBERED = re.compile(r"\(([0-9]+)\)(.*)", re.DOTALL)
_INFERENCE = re.compile(r"(-{2,})(.*)", re.DOTALL)
_HEADING = re.compile(r"#+(?:\s|$)")
_FENCE = re.compile(r"={3,}")
_TITLE_KEY = re.compile(r"""["']?title["']?\s*:""")
_COMMENT_OPENER = re.compile(r"(?:^|\s)/[/*]|<!--")
_TEXT_SPECIAL = re.compile(r"[\\{#]")
_QUOTED_SPECIAL = re.compile(r'["\\]')
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_PUNCTUATION = frozenset(string.punctuation)
_TITLE_PUNCTUATION = frozenset("-_'’.,?:;&%+")
_RESERVED_KEYS = frozenset({"title", "speaker", "source", "quote", "quotes", "sources"})
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "~"})
_YAML_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_WIDTHS = {"x": 2, "u": 4, "U": 8}


# Reading: lines and comments


def _split_lines(text):
    # Not str.splitlines(): that also breaks at \x1c, \x85, \u2028…, which are text here.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _indent(line):
    width = 0
    for character in line:
        if character == " ":
            width += 1
        elif character == "\t":
            width += TAB_WIDTH
        else:
            break
    return width


@dataclass
class _OpenComment:
    closer: str
    line: int


def _strip_comments(lines):
    """The lines without comments; None for a line that held nothing but comment."""
    result = []
    comment = None
    for number, line in enumerate(lines, 1):
        if comment is None and not _COMMENT_OPENER.search(line):
            result.append(line)
            continue
        kept, comment = _strip_line(line, comment, number)
        result.append(None if line.strip() and not kept.strip() else kept)
    if comment is not None:
        raise FormatError(
            f"comment opened here is never closed with {comment.closer}", line=comment.line
        )
    return result


def _strip_line(line, comment, number):
    kept = []
    quote = None
    braces = 0
    boundary = True
    index = 0
    while index < len(line):
        if comment is not None:
            end = line.find(comment.closer, index)
            if end < 0:
                return "".join(kept), comment
            index = end + len(comment.closer)
            comment = None
            boundary = True
            continue
        character = line[index]
        if character == "\\":
            kept.append(line[index : index + 2])
            index += 2
            boundary = False
            continue
        if quote is not None:
            if character == quote:
                quote = None
        elif character == '"' or (character == "'" and braces):
            quote = character
        elif character == "{":
            braces += 1
        elif character == "}" and braces:
            braces -= 1
        elif character == "<" and line.startswith("<!--", index):
            comment = _OpenComment("-->", number)
            index += 4
            continue
        elif character == "/" and boundary and line[index + 1 : index + 2] in ("/", "*"):
            if line[index + 1] == "/":
                break
            comment = _OpenComment("*/", number)
            index += 2
            continue
        kept.append(character)
        boundary = character.isspace()
        index += 1
    return "".join(kept), comment


# Reading: the line walk


@dataclass(eq=False)
class _Element:
    """A statement or an argument, gathered over all the places the file mentions it."""

    kind: str
    title: str | None
    line: int
    occurrences: int = 0
    text: str = ""
    text_line: int = 0
    speaker: str = ""
    quotes: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    empty: bool = False
    reconstruction: "_Reconstruction | None" = None
    hidden_by: "_Element | None" = None


@dataclass(eq=False)
class _Occurrence:
    """One place an element is written: its lines of text (element None for a heading)."""

    element: _Element | None
    segments: list


@dataclass(eq=False)
class _Relation:
    kind: str
    source: _Element
    target: _Element
    line: int


@dataclass(eq=False)
class _Step:
    """A numbered statement (occurrence set) or an inference line of a reconstruction."""

    line: int
    raw: str
    occurrence: _Occurrence | None = None
    rule: str = ""


@dataclass(eq=False)
class _Reconstruction:
    argument: _Element
    line: int
    steps: list = field(default_factory=list)
    premises: list = field(default_factory=list)
    intermediates: list = field(default_factory=list)
    conclusion: _Element | None = None
    conclusion_line: int = 0
    scheme: str = ""
    text: str = ""
    inferences: int = 0

    def complete(self):
        """Whether it ends with a conclusion, so that a blank line may close it."""
        return self.inferences > 0 and self.steps[-1].occurrence is not None


@dataclass
class _OpenInference:
    line: int
    parts: list
    raw: list


class _Reader:
    """Walks the lines once, collecting elements, relations and reconstructions."""

    def __init__(self, *, max_nodes=MAX_NODES):
        self.max_nodes = max_nodes
        self.title = ""
        self.elements = []
        self.titled = {}
        self.relations = []
        self.reconstructions = []
        self.reports = []
        self.stack = []  # (indentation, element); the top-level element sits at -1
        self.current = None  # the occurrence that following lines may continue
        self.current_indent = 0
        self.pcs = None
        self.pending_argument = None  # a top-level argument a reconstruction may belong to
        self.inference = None

    def read_front_matter(self, lines):
        """Read the `===` block at the top, if any; return the index of the next line."""
        first = next((i for i, line in enumerate(lines) if line is not None and line.strip()), None)
        if first is None or not _FENCE.fullmatch(lines[first].strip()):
            return 0
        for end in range(first + 1, len(lines)):
            line = lines[end]
            if line is not None and _FENCE.fullmatch(line.strip()):
                body = [(i + 1, lines[i]) for i in range(first + 1, end) if lines[i] is not None]
                settings, title_line = _read_block_yaml(body, self.reports)
                if settings.get("title") is not None:
                    self.title = _as_text(settings["title"], "title", title_line)
                return end + 1
        raise FormatError("front matter opened with === is never closed", line=first + 1)

    def read_line(self, number, line):
        if line is None:
            return
        content = line.strip()
        if self.inference is not None:
            self.continue_inference(content)
            return
        if not content:
            self.close_current()
            if self.pcs is not None and self.pcs.complete():
                self.finish_reconstruction()
            return
        indent = _indent(line)
        if indent == 0 and _HEADING.match(content):
            self.read_heading()
        elif relation := _RELATION.match(content):
            self.read_relation(number, indent, content, relation)
        elif numbered := _NUMBERED.match(content):
            self.read_numbered(number, indent, content, numbered)
        elif content.startswith("--"):
            self.read_inference(number, content)
        elif self.current is not None and (indent > self.current_indent or content[0] not in "[<"):
            self.current.segments.append((number, content))
        else:
            self.read_top_level(number, indent, content)

    def finish(self):
        self.close_current()
        if self.inference is not None:
            raise FormatError(
                "inference opened here is never closed with --", line=self.inference.line
            )
        self.finish_reconstruction()

    def read_heading(self):
        self.close_current()
        self.finish_reconstruction()
        self.stack = []
        self.pending_argument = None
        self.current, self.current_indent = _Occurrence(None, []), 0

    def read_top_level(self, number, indent, content):
        self.close_current()
        self.finish_reconstruction()
        occurrence = self.read_element(content, number)
        element = occurrence.element
        self.stack = [(-1, element)]
        self.current, self.current_indent = occurrence, indent
        self.pending_argument = element if element.kind == ARGUMENT else None

    def read_relation(self, number, indent, content, match):
        self.close_current()
        if not self.stack:
            raise FormatError("relation with no statement or argument above it", line=number)
        while len(self.stack) > 1 and self.stack[-1][0] >= indent:
            self.stack.pop()
        if len(self.stack) > MAX_DEPTH:
            raise FormatError(
                f"relations are nested more than {MAX_DEPTH} levels deep", line=number
            )
        occurrence = self.read_element(content[match.end() :].strip(), number)
        parent, child = self.stack[-1][1], occurrence.element
        kind, parent_is_source = _RELATION_KINDS[match.group(1)]
        if kind == CONTRADICTION:
            self.relations.append(_Relation(ATTACK, child, parent, number))
            self.relations.append(_Relation(ATTACK, parent, child, number))
        elif parent_is_source:
            self.relations.append(_Relation(kind, parent, child, number))
        else:
            self.relations.append(_Relation(kind, child, parent, number))
        self.stack.append((indent, child))
        self.current, self.current_indent = occurrence, indent

    def read_numbered(self, number, indent, content, match):
        self.close_current()
        if self.pcs is None:
            self.open_reconstruction(number)
        occurrence = self.read_element(match.group(2).strip(), number)
        if occurrence.element.kind == ARGUMENT:
            raise FormatError("a numbered statement cannot be an argument", line=number)
        self.pcs.steps.append(_Step(number, content, occurrence=occurrence))
        self.stack = [(-1, occurrence.element)]
        self.current, self.current_indent = occurrence, indent

    def open_reconstruction(self, number):
        argument, self.pending_argument = self.pending_argument, None
        if argument is not None and argument.reconstruction is not None:
            self.reports.append(
                f"line {number}: <{argument.title}> already has a premise–conclusion structure "
                f"(line {argument.reconstruction.line}); this one is read as an untitled argument"
            )
            argument = None
        if argument is None:
            argument = self.new_element(ARGUMENT, None, number)
        self.pcs = _Reconstruction(argument, number)
        argument.reconstruction = self.pcs

    def read_inference(self, number, content):
        self.close_current()
        self.stack = []
        if self.pcs is None:
            self.reports.append(f"line {number}: an inference line outside an argument is ignored")
            return
        dashes, rest = _INFERENCE.match(content).groups()
        rest = rest.strip()
        if len(dashes) >= 4 or rest.endswith("--"):
            self.add_inference(number, rest.rstrip("-"), [content])
        else:
            self.inference = _OpenInference(number, [rest], [content])

    def continue_inference(self, content):
        inference = self.inference
        inference.raw.append(content)
        if content.endswith("--"):
            inference.parts.append(content.rstrip("-"))
            self.inference = None
            self.add_inference(inference.line, " ".join(inference.parts), inference.raw)
        else:
            inference.parts.append(content)

    def add_inference(self, number, rule, raw):
        text, _, _ = _read_text([(number, rule)])
        self.pcs.steps.append(_Step(number, "\n".join(raw), rule=text))
        self.pcs.inferences += 1

    def finish_reconstruction(self):
        pcs, self.pcs = self.pcs, None
        if pcs is None:
            return
        after_inference = False
        rules = []
        for index, step in enumerate(pcs.steps):
            if step.occurrence is None:
                if index == 0 or after_inference:
                    raise FormatError("an inference line needs a premise above it", line=step.line)
                after_inference = True
                rules.append(step.rule)
                continue
            element = step.occurrence.element
            if element.title is None and not element.text:
                raise FormatError("the numbered statement has no text", line=step.line)
            if not after_inference and element not in pcs.premises:
                pcs.premises.append(element)
            elif after_inference and step is not pcs.steps[-1]:
                pcs.intermediates.append(element)
            after_inference = False
        last = pcs.steps[-1]
        if last.occurrence is None:
            raise FormatError(
                "the argument ends with an inference and no conclusion", line=last.line
            )
        if not rules:
            raise FormatError(
                "numbered statements need an inference line (----) before the conclusion",
                line=pcs.line,
            )
        pcs.conclusion, pcs.conclusion_line = last.occurrence.element, last.line
        pcs.scheme = next((rule for rule in reversed(rules) if rule), "")
        pcs.text = "\n".join(_step_text(step) for step in pcs.steps)
        self.reconstructions.append(pcs)

    def read_element(self, content, number):
        """The statement or argument a line (after any relation sign) starts."""
        for opener, closer, kind in (("[", "]", STATEMENT), ("<", ">", ARGUMENT)):
            if not content.startswith(opener):
                continue
            end = content.find(closer)
            if end < 0:
                raise FormatError(f"unbalanced '{opener}': no closing '{closer}'", line=number)
            title = " ".join(content[1:end].split())
            rest = content[end + 1 :]
            if title and rest.startswith(":"):
                return self.occurrence(kind, title, number, rest[1:])
            if title and (not rest.strip() or rest.lstrip()[0] in "#{"):
                return self.occurrence(kind, title, number, rest)
            break
        return self.occurrence(STATEMENT, None, number, content)

    def occurrence(self, kind, title, number, text):
        element = self.titled.get((kind, title)) if title else None
        if element is None:
            element = self.new_element(kind, title, number)
            if title:
                self.titled[(kind, title)] = element
        element.occurrences += 1
        return _Occurrence(element, [(number, text)])

    def new_element(self, kind, title, number):
        if len(self.elements) >= self.max_nodes:
            raise FormatError(f"more than {self.max_nodes} statements and arguments", line=number)
        element = _Element(kind, title, number)
        self.elements.append(element)
        return element

    def close_current(self):
        occurrence, self.current = self.current, None
        if occurrence is None or occurrence.element is None:
            return
        element = occurrence.element
        line = occurrence.segments[0][0]
        text, tags, data_maps = _read_text(occurrence.segments)
        for data, data_line in data_maps:
            _apply_data(element, data, data_line)
        element.tags.extend(tag for tag in dict.fromkeys(tags) if tag not in element.tags)
        if not text:
            element.empty = element.title is None and not element.text
            return
        if element.kind == STATEMENT and len(text) > MAX_CLAIM_CHARS:
            raise FormatError(
                f"the statement is {len(text)} characters long; the limit is {MAX_CLAIM_CHARS}",
                line=line,
            )
        if not element.text:
            element.text, element.text_line = text, line
        elif element.text != text:
            self.reports.append(
                f"line {line}: {_label(element)} is given another text; "
                f"the text from line {element.text_line} is kept"
            )


def _step_text(step):
    if step.occurrence is None:
        return step.raw
    return " ".join([step.raw] + [text for _, text in step.occurrence.segments[1:]])


def _label(element):
    if element.title is None:
        return f"the untitled {element.kind} on line {element.line}"
    return f"[{element.title}]" if element.kind == STATEMENT else f"<{element.title}>"


# Reading: texts, tags and data


def _read_text(segments):
    """Join an occurrence's lines; return its text, its tags and its data maps with lines."""
    raw = " ".join(text for _, text in segments)
    if "\\" not in raw and "{" not in raw and "#" not in raw:
        return " ".join(raw.split()), [], []
    starts = []
    offset = 0
    for number, text in segments:
        starts.append((offset, number))
        offset += len(text) + 1
    kept, tags, data_maps = [], [], []
    index = 0
    while index < len(raw):
        special = _TEXT_SPECIAL.search(raw, index)
        if special is None:
            kept.append(raw[index:])
            break
        kept.append(raw[index : special.start()])
        index = special.start()
        character = raw[index]
        if character == "\\" and raw[index + 1 : index + 2] in _PUNCTUATION:
            kept.append(raw[index + 1])
            index += 2
            continue
        if character == "{":
            line = next(number for start, number in reversed(starts) if start <= index)
            reader = _Flow(raw, line, index)
            data_maps.append((reader.mapping(1), line))
            kept.append(" ")
            index = reader.position
            continue
        if character == "#" and (index == 0 or raw[index - 1].isspace()):
            tag, end = _read_tag(raw, index)
            if tag:
                tags.append(tag)
                kept.append(" ")
                index = end
                continue
        kept.append(character)
        index += 1
    return " ".join("".join(kept).split()), tags, data_maps


def _is_tag_character(character):
    return (
        character.isalnum()
        or character in "-_"
        or (ord(character) >= 0xA0 and not character.isspace())
    )


def _read_tag(raw, index):
    """The tag starting at raw[index] == '#' and the index after it, or (None, index)."""
    if raw[index + 1 : index + 2] != "(":
        end = index + 1
        while end < len(raw) and _is_tag_character(raw[end]):
            end += 1
        return raw[index + 1 : end], end
    kept = []
    position = index + 2
    limit = min(len(raw), position + MAX_CLAIM_CHARS * 2)
    if raw.find(")", position, limit) < 0:
        return None, index
    while position < limit:
        character = raw[position]
        if character == "\\" and raw[position + 1 : position + 2] in _PUNCTUATION:
            kept.append(raw[position + 1])
            position += 2
            continue
        if character == ")":
            tag = " ".join("".join(kept).split())
            return (tag, position + 1) if len(tag) <= MAX_CLAIM_CHARS else (None, index)
        kept.append(character)
        position += 1
    return None, index


def _apply_data(element, data, line):
    data = dict(data)
    if "speaker" in data:
        element.speaker = _as_text(data.pop("speaker"), "speaker", line)
    source = _as_text(data.pop("source"), "source", line) if "source" in data else None
    quotes = []
    if "quote" in data:
        quotes.append(Quote(_as_text(data.pop("quote"), "quote", line), source or ""))
    elif source:
        _add_unique(element.sources, [source])
    for item in _as_list(data.pop("quotes", None)):
        if isinstance(item, dict):
            quote = _as_text(item.get("quote"), "quote", line)
            quotes.append(Quote(quote, _as_text(item.get("source"), "source", line)))
        else:
            quotes.append(Quote(_as_text(item, "quotes", line)))
    _add_unique(element.quotes, quotes)
    sources = [_as_text(item, "sources", line) for item in _as_list(data.pop("sources", None))]
    _add_unique(element.sources, [source for source in sources if source])
    element.data.update(data)


def _add_unique(items, new_items):
    for item in new_items:
        if item not in items:
            items.append(item)


def _as_text(value, key, line):
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise FormatError(f"'{key}' must be text", line=line)


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# Reading: turning elements and relations into the graph


def _build_graph(reader):
    graph = Graph(title=reader.title, reports=reader.reports)
    relations = _settle_conclusions(reader)
    node_ids = _node_ids(reader)
    for element, node_id in node_ids.items():
        graph.nodes[node_id] = _node(element, node_id, reader.reports)
    for element in reader.elements:
        if element.empty:
            reader.reports.append(
                f"line {element.line}: a line with tags or data but no statement text is ignored"
            )
    _EdgeBuilder(graph, node_ids).build(relations)
    premises = {premise for edge in graph.edges for premise in edge.premises}
    graph.roots = [node_id for node_id in graph.nodes if node_id not in premises]
    return graph


def _settle_conclusions(reader):
    """Decide which conclusions become nodes; return the relations in file order."""
    targets = {relation.target for relation in reader.relations}
    sources = {relation.source for relation in reader.relations}
    supports = []
    for pcs in reader.reconstructions:
        conclusion, argument = pcs.conclusion, pcs.argument
        bears = argument in sources or conclusion in sources
        if conclusion.occurrences > 1 or conclusion in targets or not bears:
            supports.append(_Relation(SUPPORT, argument, conclusion, pcs.conclusion_line))
        else:
            conclusion.hidden_by = argument
        for element in pcs.intermediates:
            if element.occurrences == 1 and element not in sources and element not in targets:
                element.hidden_by = argument
    for relation in reader.relations:
        if relation.source.hidden_by is not None:
            relation.source = relation.source.hidden_by
    return sorted(reader.relations + supports, key=lambda relation: relation.line)


def _is_node(element):
    if element.kind == ARGUMENT:
        return element.reconstruction is None
    return element.hidden_by is None and not element.empty


class _UniqueNames:
    """Hands out names, adding " 2", " 3"… to one already taken."""

    def __init__(self):
        self.taken = set()
        self.counters = {}

    def claim(self, base):
        candidate = base
        number = self.counters.get(base, 1)
        while candidate in self.taken:
            number += 1
            candidate = f"{base} {number}"
        self.counters[base] = number
        self.taken.add(candidate)
        return candidate


def _node_ids(reader):
    names = _UniqueNames()
    ids = {}
    for element in reader.elements:
        if element.kind == STATEMENT and element.title and _is_node(element):
            ids[element] = names.claim(element.title)
    for element in reader.elements:
        if element.kind == ARGUMENT and _is_node(element):
            title = element.title
            ids[element] = names.claim(title if title not in names.taken else f"{title} (argument)")
    number = 0
    for element in reader.elements:
        if element.kind == STATEMENT and element.title is None and _is_node(element):
            number += 1
            while f"Untitled {number}" in names.taken:
                number += 1
            ids[element] = names.claim(f"Untitled {number}")
    return {element: ids[element] for element in reader.elements if element in ids}


def _node(element, node_id, reports):
    text = element.text or element.title
    if not element.text:
        reports.append(f"line {element.line}: {_label(element)} has no text; its title is used")
    if len(text) > MAX_CLAIM_CHARS:
        raise FormatError(
            f"the claim is {len(text)} characters long; the limit is {MAX_CLAIM_CHARS}",
            line=element.text_line or element.line,
        )
    data = dict(element.data)
    if element.title:
        data["title"] = element.title
    return Node(
        id=node_id,
        text=text,
        speaker=element.speaker,
        quotes=list(element.quotes),
        sources=list(element.sources),
        tags=list(element.tags),
        data=data,
    )


class _EdgeBuilder:
    """Turns relations into edges: first those on claims, then those on inferences."""

    def __init__(self, graph, node_ids):
        self.graph = graph
        self.node_ids = node_ids
        self.by_key = {}
        self.of_argument = defaultdict(list)
        self.names = _UniqueNames()
        self.counter = 0

    def build(self, relations):
        on_edges = []
        for relation in relations:
            if _targets_edges(relation):
                on_edges.append(relation)
            elif relation.kind == UNDERCUT:
                label = _label(relation.target)
                self.report(relation, f"{label} is a statement; only arguments can be undercut")
            else:
                self.add_on_node(relation)
        self.add_on_edges(on_edges)

    def report(self, relation, reason):
        self.graph.reports.append(f"line {relation.line}: {reason}; the relation is skipped")

    def premises(self, element):
        if element.kind == ARGUMENT and element.reconstruction is not None:
            ids = [self.node_ids.get(premise) for premise in element.reconstruction.premises]
            return None if None in ids else ids
        node_id = self.node_ids.get(element)
        return None if node_id is None else [node_id]

    def add_on_node(self, relation):
        premises = self.premises(relation.source)
        target = self.node_ids.get(relation.target)
        if premises is None or target is None:
            return
        if target in premises:
            self.report(relation, f"{_label(relation.target)} cannot bear on itself")
            return
        self.add(relation.source, premises, relation.kind, target, False)

    def add_on_edges(self, relations):
        # A relation on <B>'s inference waits until every relation from <B> has its edge,
        # so that it reaches all of them; what a cycle blocks is then taken in file order.
        pending = Counter(relation.source for relation in relations)
        waiting = defaultdict(list)
        for index, relation in enumerate(relations):
            waiting[relation.target].append(index)
        ready = [index for index, relation in enumerate(relations) if not pending[relation.target]]
        heapq.heapify(ready)
        done = [False] * len(relations)
        forced = 0
        while True:
            if ready:
                index = heapq.heappop(ready)
            else:
                while forced < len(relations) and done[forced]:
                    forced += 1
                if forced == len(relations):
                    return
                index = forced
            if done[index]:
                continue
            done[index] = True
            relation = relations[index]
            self.add_on_edge(relation)
            pending[relation.source] -= 1
            if not pending[relation.source]:
                for waiting_index in waiting[relation.source]:
                    heapq.heappush(ready, waiting_index)

    def add_on_edge(self, relation):
        if relation.source is relation.target:
            self.report(relation, f"{_label(relation.target)} cannot bear on itself")
            return
        targets = list(self.of_argument.get(relation.target, ()))
        if not targets:
            label = _label(relation.target)
            self.report(relation, f"{label} bears on no claim, so it has no inference")
            return
        premises = self.premises(relation.source)
        if premises is None:
            return
        stance = SUPPORT if relation.kind == SUPPORT else ATTACK
        for edge_id in targets:
            self.add(relation.source, premises, stance, edge_id, True)

    def add(self, source, premises, stance, target, target_is_edge):
        key = (tuple(premises), stance, target, target_is_edge)
        edge = self.by_key.get(key)
        pcs = source.reconstruction if source.kind == ARGUMENT else None
        if edge is None:
            edge = Edge(
                id=self.new_id(source),
                premises=list(premises),
                stance=stance,
                target=target,
                target_is_edge=target_is_edge,
            )
            self.graph.edges.append(edge)
            self.by_key[key] = edge
        if pcs is not None and not edge.text:
            edge.text = f"{source.text}\n{pcs.text}" if source.text else pcs.text
            edge.scheme = edge.scheme or pcs.scheme
        if source.kind == ARGUMENT and edge.id not in self.of_argument[source]:
            self.of_argument[source].append(edge.id)

    def new_id(self, source):
        if source.kind == ARGUMENT and source.title:
            return self.names.claim(source.title)
        while True:
            self.counter += 1
            candidate = f"e{self.counter}"
            if candidate not in self.names.taken:
                return self.names.claim(candidate)


def _targets_edges(relation):
    target = relation.target
    if target.kind != ARGUMENT:
        return False
    return relation.kind == UNDERCUT or target.reconstruction is not None


# Reading: the YAML subset


def _read_block_yaml(lines, reports):
    """Front matter as a dict (block `key: value` lines); also the line of `title`."""
    entries = []
    for number, line in lines:
        content = line.strip()
        if content and not content.startswith("#"):
            entries.append((number, _indent(line), content))
    settings = {}
    title_line = entries[0][0] if entries else 1
    position = 0
    while position < len(entries):
        block, position = _read_block(entries, position, 0, reports)
        if isinstance(block, dict):
            settings.update(block)
    for number, indent, content in entries:
        if indent == entries[0][1] and _TITLE_KEY.match(content):
            title_line = number
            break
    return settings, title_line


def _read_block(entries, position, depth, reports):
    """The mapping or list that starts at entries[position], and the position after it."""
    if depth > MAX_DEPTH:
        raise FormatError("front matter is nested too deeply", line=entries[position][0])
    indent = entries[position][1]
    is_list = _is_list_item(entries[position][2])
    result = [] if is_list else {}
    while position < len(entries):
        number, line_indent, content = entries[position]
        if line_indent < indent:
            break
        position += 1
        if line_indent > indent or _is_list_item(content) != is_list:
            reports.append(f"line {number}: front matter line not understood; ignored")
            continue
        if is_list:
            key, rest = None, content[1:].strip()
        else:
            reader = _Flow(content, number)
            key = reader.key()
            reader.skip_space()
            if reader.peek() != ":":
                reports.append(f"line {number}: front matter line not understood; ignored")
                continue
            rest = content[reader.position + 1 :].strip()
        if rest:
            value = _block_scalar(rest, number)
            while isinstance(value, str) and _deeper(entries, position, indent):
                value = f"{value} {entries[position][2]}"
                position += 1
        elif _deeper(entries, position, indent):
            value, position = _read_block(entries, position, depth + 1, reports)
        else:
            value = None
        if is_list:
            result.append(value)
        else:
            result[key] = value
    return result, position


def _deeper(entries, position, indent):
    return position < len(entries) and entries[position][1] > indent


def _is_list_item(content):
    return content == "-" or content.startswith("- ")


def _block_scalar(rest, number):
    if rest[0] in "\"'{[":
        reader = _Flow(rest, number)
        value = reader.value(0)
        reader.skip_space()
        if reader.position < len(rest) and rest[reader.position] != "#":
            raise FormatError("unexpected text after the value", line=number)
        return value
    comment = rest.find(" #")
    return _typed((rest if comment < 0 else rest[:comment]).strip())


def _typed(plain):
    if plain in ("", "~", "null", "Null", "NULL"):
        return None
    if plain in ("true", "True", "TRUE"):
        return True
    if plain in ("false", "False", "FALSE"):
        return False
    # Python refuses int() of more than 4300 digits; such a number stays text.
    if len(plain) <= 4000:
        if _INT.fullmatch(plain):
            return int(plain)
        if _FLOAT.fullmatch(plain) and math.isfinite(number := float(plain)):
            return number
    return plain


class _Flow:
    """Reads YAML flow values (`{a: 1, b: [x, "y"]}`) and scalars out of a string."""

    def __init__(self, text, line, position=0):
        self.text = text
        self.line = line
        self.position = position

    def fail(self, message):
        raise FormatError(message, line=self.line)

    def peek(self):
        return self.text[self.position : self.position + 1]

    def skip_space(self):
        while self.position < len(self.text) and self.text[self.position].isspace():
            self.position += 1

    def value(self, depth):
        self.skip_space()
        character = self.peek()
        if character == "{":
            return self.mapping(depth + 1)
        if character == "[":
            return self.sequence(depth + 1)
        if character == '"':
            return self.double_quoted()
        if character == "'":
            return self.single_quoted()
        start = self.position
        while self.position < len(self.text) and self.text[self.position] not in ",]}":
            self.position += 1
        return _typed(self.text[start : self.position].strip())

    def mapping(self, depth):
        if depth > MAX_DEPTH:
            self.fail(f"data nested more than {MAX_DEPTH} levels deep")
        self.position += 1
        result = {}
        while True:
            self.skip_space()
            character = self.peek()
            if not character:
                self.fail("unbalanced '{': no closing '}'")
            if character == "}":
                self.position += 1
                return result
            key = self.key()
            self.skip_space()
            value = None
            if self.peek() == ":":
                self.position += 1
                value = self.value(depth)
            result[key] = value
            self.separator("}")

    def sequence(self, depth):
        if depth > MAX_DEPTH:
            self.fail(f"data nested more than {MAX_DEPTH} levels deep")
        self.position += 1
        result = []
        while True:
            self.skip_space()
            character = self.peek()
            if not character:
                self.fail("unbalanced '[': no closing ']'")
            if character == "]":
                self.position += 1
                return result
            result.append(self.value(depth))
            self.separator("]")

    def separator(self, closer):
        self.skip_space()
        character = self.peek()
        if character == ",":
            self.position += 1
        elif not character:
            opener = "{" if closer == "}" else "["
            self.fail(f"unbalanced '{opener}': no closing '{closer}'")
        elif character != closer:
            self.fail(f"data: expected ',' or '{closer}' but found {character!r}")

    def key(self):
        character = self.peek()
        if character == '"':
            return self.double_quoted()
        if character == "'":
            return self.single_quoted()
        if character in ("{", "["):
            self.fail("data: a key must be text")
        start = self.position
        text = self.text
        while self.position < len(text):
            character = text[self.position]
            if character in ",{}[]":
                break
            following = text[self.position + 1 : self.position + 2]
            if character == ":" and (not following or following.isspace() or following in ",{}[]"):
                break
            self.position += 1
        return text[start : self.position].strip()

    def double_quoted(self):
        self.position += 1
        kept = []
        text = self.text
        while True:
            if self.position >= len(text):
                self.fail("unterminated string: no closing '\"'")
            character = text[self.position]
            if character == '"':
                self.position += 1
                return "".join(kept)
            if character != "\\":
                special = _QUOTED_SPECIAL.search(text, self.position)
                end = len(text) if special is None else special.start()
                kept.append(text[self.position : end])
                self.position = end
                continue
            escape = text[self.position + 1 : self.position + 2]
            if not escape:
                self.fail("unterminated string: no closing '\"'")
            width = _HEX_WIDTHS.get(escape)
            if width is None:
                # YAML refuses unknown escapes; keeping the character is kinder to hand edits.
                kept.append(_YAML_ESCAPES.get(escape, escape))
                self.position += 2
                continue
            digits = text[self.position + 2 : self.position + 2 + width]
            if len(digits) != width or any(d not in string.hexdigits for d in digits):
                self.fail(f"data: bad escape \\{escape}{digits}")
            code = int(digits, 16)
            if code > 0x10FFFF:
                self.fail(f"data: bad escape \\{escape}{digits}")
            kept.append(chr(code))
            self.position += 2 + width

    def single_quoted(self):
        self.position += 1
        kept = []
        text = self.text
        while True:
            end = text.find("'", self.position)
            if end < 0:
                self.fail('unterminated string: no closing "\'"')
            kept.append(text[self.position : end])
            if text[end + 1 : end + 2] == "'":
                kept.append("'")
                self.position = end + 2
                continue
            self.position = end + 1
            return "".join(kept)


# Writing


class _Writer:
    """Lays a graph out as Argdown blocks: root trees, reconstructions, the rest."""

    def __init__(self, graph):
        _check_graph(graph)
        self.graph = graph
        self.titles = _node_titles(graph.nodes.values())
        targeted = {edge.target for edge in graph.edges if edge.target_is_edge}
        self.arguments = {
            edge.id
            for edge in graph.edges
            if len(edge.premises) > 1 or edge.target_is_edge or edge.id in targeted
        }
        self.argument_titles = _argument_titles(
            [edge for edge in graph.edges if edge.id in self.arguments], self.titles
        )
        self.children = defaultdict(list)
        for edge in graph.edges:
            self.children[("edge" if edge.target_is_edge else "node", edge.target)].append(edge)
        self.defined = set()
        self.expanded = set()
        self.written = set()
        self.reconstruct = deque()
        self.unexpanded = deque()
        self.node_cursor = iter(list(graph.nodes))
        self.edge_cursor = iter(list(graph.edges))

    def write(self):
        blocks = [["===", f"title: {_quoted(self.graph.title or '')}", "==="]]
        for root in dict.fromkeys(self.graph.roots):
            if root in self.graph.nodes and root not in self.defined:
                blocks.append(self.tree(("node", root)))
        while (block := self.next_block()) is not None:
            blocks.append(block)
        return "\n\n".join("\n".join(block) for block in blocks) + "\n"

    def next_block(self):
        if self.reconstruct:
            return self.reconstruction(self.reconstruct.popleft())
        while self.unexpanded:
            item = self.unexpanded.popleft()
            if item not in self.expanded and self.has_unwritten_children(item):
                return self.tree(item)
        for node_id in self.node_cursor:
            if node_id not in self.defined:
                return self.tree(("node", node_id))
        for edge in self.edge_cursor:
            if edge.id not in self.written:
                return self.stray_argument(edge)
        return None

    def has_unwritten_children(self, item):
        return any(edge.id not in self.written for edge in self.children.get(item, ()))

    def tree(self, item):
        kind, key = item
        if kind == "edge":
            lines = [f"<{self.argument_titles[key]}>"]
        elif key in self.defined:
            lines = [f"[{self.titles[key]}]"]
        else:
            lines = [self.node_line(key)]
            self.defined.add(key)
        self.expanded.add(item)
        self.write_children(item, lines)
        return lines

    def stray_argument(self, edge):
        """An edge no tree reached (an inference cycle): its argument with its own relation."""
        self.written.add(edge.id)
        self.reconstruct.append(edge)
        if edge.target_is_edge:
            sign = "+>" if edge.stance == SUPPORT else "_>"
            target = f"<{self.argument_titles[edge.target]}>"
        else:
            sign = "+>" if edge.stance == SUPPORT else "->"
            target = f"[{self.titles[edge.target]}]"
        item = ("edge", edge.id)
        lines = [f"<{self.argument_titles[edge.id]}>", f"  {sign} {target}"]
        self.expanded.add(item)
        self.write_children(item, lines)
        return lines

    def write_children(self, item, lines):
        stack = [(1, iter(self.children.get(item, ())))]
        while stack:
            depth, children = stack[-1]
            edge = next(children, None)
            if edge is None:
                stack.pop()
                continue
            if edge.id in self.written:
                continue
            self.written.add(edge.id)
            pad = "  " * depth
            if edge.id in self.arguments:
                sign = "+" if edge.stance == SUPPORT else "_" if edge.target_is_edge else "-"
                lines.append(f"{pad}{sign} <{self.argument_titles[edge.id]}>")
                self.reconstruct.append(edge)
                child = ("edge", edge.id)
            else:
                sign = "+" if edge.stance == SUPPORT else "-"
                premise = edge.premises[0]
                if premise in self.defined:
                    lines.append(f"{pad}{sign} [{self.titles[premise]}]")
                    continue
                lines.append(f"{pad}{sign} {self.node_line(premise)}")
                self.defined.add(premise)
                child = ("node", premise)
            if depth < EMIT_DEPTH:
                self.expanded.add(child)
                stack.append((depth + 1, iter(self.children.get(child, ()))))
            else:
                self.unexpanded.append(child)

    def reconstruction(self, edge):
        title = self.argument_titles[edge.id]
        text = edge.text or ""
        description = "" if "\n" in text else _escape(_one_line(text))
        lines = [f"<{title}>: {description}" if description else f"<{title}>", ""]
        for number, premise in enumerate(edge.premises, 1):
            if premise in self.defined:
                lines.append(f"({number}) [{self.titles[premise]}]")
            else:
                lines.append(f"({number}) {self.node_line(premise)}")
                self.defined.add(premise)
                self.unexpanded.append(("node", premise))
        scheme = _escape(_one_line(edge.scheme))
        if scheme.endswith("-"):
            scheme = scheme[:-1] + "\\-"
        lines.append(f"-- {scheme} --" if scheme else "----")
        lines.append(f"({len(edge.premises) + 1}) {self.conclusion(edge)}")
        return lines

    def conclusion(self, edge):
        if edge.target_is_edge:
            argument = self.argument_titles[edge.target]
            verb = "holds" if edge.stance == SUPPORT else "does not hold"
            return f"The inference of @<{argument}> {verb}."
        if edge.stance == SUPPORT:
            return f"[{self.titles[edge.target]}]"
        return f"It is not the case that @[{self.titles[edge.target]}]."

    def node_line(self, node_id):
        node = self.graph.nodes[node_id]
        text = _escape(_one_line(node.text))
        head = f"[{self.titles[node_id]}]: {text}" if text else f"[{self.titles[node_id]}]"
        return head + _tags(node.tags) + _data(node)


def _check_graph(graph):
    edge_ids = set()
    for edge in graph.edges:
        if edge.id in edge_ids:
            raise FormatError(f"edge {edge.id} appears twice", node=edge.id)
        edge_ids.add(edge.id)
    for edge in graph.edges:
        if not edge.premises:
            raise FormatError(f"edge {edge.id} has no premises", node=edge.id)
        missing = [premise for premise in edge.premises if premise not in graph.nodes]
        if missing:
            raise FormatError(f"edge {edge.id}: premise {missing[0]} is not a node", node=edge.id)
        if edge.stance not in STANCES:
            raise FormatError(f"edge {edge.id}: unknown stance {edge.stance!r}", node=edge.id)
        if edge.target not in (edge_ids if edge.target_is_edge else graph.nodes):
            raise FormatError(f"edge {edge.id}: target {edge.target} is missing", node=edge.id)


def _node_titles(nodes):
    names = _UniqueNames()
    titles = {}
    for node in nodes:
        wanted = node.data.get("title") if isinstance(node.data, dict) else None
        if isinstance(wanted, str) and (title := _clean_title(wanted)):
            titles[node.id] = names.claim(title)
    for node in nodes:
        if node.id not in titles:
            titles[node.id] = names.claim(_title_from_text(node.text))
    return titles


def _argument_titles(edges, node_titles):
    names = _UniqueNames()
    titles = {}
    for edge in edges:
        joined = " + ".join(node_titles[premise] for premise in edge.premises)
        if len(joined) > 80:
            joined = joined[:80].rsplit(" ", 1)[0].rstrip(" +")
        titles[edge.id] = names.claim(_clean_title(joined) or "Argument")
    return titles


def _clean_title(raw):
    kept = "".join(c if c.isalnum() or c in _TITLE_PUNCTUATION else " " for c in str(raw))
    # `<+ x>`, `<- x>`, `<_ x>` at the start of a line would read as relations.
    return " ".join(kept.split())[:80].strip().lstrip("+-_ ")


def _title_from_text(text):
    words = _clean_title(text).split()[:6]
    while len(words) > 1 and len(" ".join(words)) > 50:
        words.pop()
    return " ".join(words)[:50].strip(" .,;:+-") or "Statement"


def _one_line(text):
    return " ".join(str(text or "").split())


def _escape(text, extra=""):
    """Text as it must be written so that the reader gives it back unchanged."""
    kept = []
    for index, character in enumerate(text):
        opens_comment = (
            character == "/"
            and (index == 0 or text[index - 1].isspace())
            and text[index + 1 : index + 2] in ("/", "*")
        ) or (character == "<" and text.startswith("<!--", index))
        if opens_comment or character in '\\#{}"' or character in extra:
            kept.append("\\" + character)
        else:
            kept.append(character)
    return "".join(kept)


def _tags(tags):
    written = []
    for tag in tags:
        tag = _one_line(tag)
        if not tag:
            continue
        if all(_is_tag_character(character) for character in tag):
            written.append(f" #{tag}")
        else:
            written.append(f" #({_escape(tag, '()')})")
    return "".join(written)


def _data(node):
    items = []
    if node.speaker:
        items.append(("speaker", node.speaker))
    if len(node.quotes) == 1:
        quote = node.quotes[0]
        if quote.source:
            items.append(("source", quote.source))
        items.append(("quote", quote.text))
    elif node.quotes:
        items.append(("quotes", [_quote_map(quote) for quote in node.quotes]))
    if node.sources:
        items.append(("sources", list(node.sources)))
    if isinstance(node.data, dict):
        items.extend((key, value) for key, value in node.data.items() if key not in _RESERVED_KEYS)
    if not items:
        return ""
    return " {" + ", ".join(f"{_yaml_key(key)}: {_yaml(value, 0)}" for key, value in items) + "}"


def _quote_map(quote):
    return {"source": quote.source, "quote": quote.text} if quote.source else {"quote": quote.text}


def _yaml_key(key):
    key = str(key)
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS:
        return key
    return _quoted(key)


def _yaml(value, depth):
    if depth > MAX_DEPTH:
        return _quoted(str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else _quoted(repr(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(item, depth + 1) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_yaml_key(key)}: {_yaml(item, depth + 1)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return _quoted(str(value))


_QUOTED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _quoted(text):
    kept = []
    for character in text:
        if character in _QUOTED_ESCAPES:
            kept.append(_QUOTED_ESCAPES[character])
        elif ord(character) < 0x20 or character in "\x7f\x85\u2028\u2029":
            kept.append(f"\\u{ord(character):04x}")
        else:
            kept.append(character)
    return '"' + "".join(kept) + '"'
