"""Kialo's plain-text discussion export read into and written from a Graph (pure Python).

Reading accepts both forms Kialo has used: the older one (`1.2. Pro: text` on one line) and
the newer one (`1.2. Pro:` with the text on the following indented lines), mixed freely,
with a BOM, CRLF or CR line ends, tabs or spaces, blank lines and trailing spaces. Every
problem is a `FormatError` naming the line, or a plain line in `Graph.reports`.

Decisions where the export is ambiguous:
- A position line starts at the beginning of the line (`1.2.` then a space or the end of the
  line). An indented line is claim text, unless it has a Pro:/Con:/Thesis: label or a link
  after its number, so that a claim may itself begin with "2. ".
- A claim's text is its header's text after the label plus every following line up to the
  next position line (or up to a `Sources:` line), each stripped, blank lines dropped, joined
  with a newline: line breaks inside a claim survive, blank lines inside it do not.
- Lines after an indented `Sources:` are the claim's references, a leading `[n]` removed.
  One shaped `<source>: "<quote>"` (or just `"<quote>"`) becomes a Quote, any other a plain
  source.
- An unindented `Sources:` after which no labelled position comes is the file's closing
  block (newer exports): each `[n] …` line starts reference n, other lines continue it, and
  nothing in it is a position. A claim whose text holds the marker `[n]` gets reference n
  as a source (or a quote); the text keeps the marker. One report gives the block's size;
  each reference no claim cites is reported with its text (and not kept). A block that no
  claim cites at all is the last claim's own, as in older exports.
- The newer export's `Discussion Name:` line takes the title from the next line; its
  positions are indented two spaces a level, their text on the lines below.
- A multi-thesis discussion (`1. Question:`, its theses at `1.N. Thesis:`): the question is
  the debate's question, not a claim. It becomes the title when the file has none, and each
  thesis is a root (reported), so an import puts the theses as the top-level positions
  under a thesis worded as the question. A Pro/Con right under the question is read as a
  thesis (reported); a link to the question is reported and ignored.
- Position numbers are the Node ids ("1.2.3"); the parent of 1.2.3 is 1.2 and must be in the
  file, else it is an error on that line. Each non-thesis position also gives one Edge, with
  the position as its id: its claim (or linked claim) -> the parent's claim, Pro = support,
  Con = attack. A non-thesis position without Pro:/Con: is an error; a label on a thesis is
  ignored. Top-level positions are the roots, in file order.
- `-> See 1.2.3.` (trailing dot optional, on the header or as the claim's only text) is a
  link: no new Node, an Edge from the claim at 1.2.3 (which may come later in the file; links
  to links are followed) to this position's parent. A link to a position that is not in the
  file is an error on the link's line; a top-level link has no parent and is reported and
  ignored. Positions under a link hang under the linked claim.
- An empty claim, or one whose text is "(deleted)", "[deleted]" or "This claim was/has been
  deleted", or a link to another discussion (`-> See discussion #…`, reported with the
  link), is skipped with its whole subtree; one report line gives how many claims went
  with it. Links to a skipped claim and claims that would bear on themselves are reported
  and skipped.
- Text before the first position other than the `Discussion Title:` (or `Discussion
  Name:` and its next line) is reported and ignored.
- Every pattern here runs in linear time on any line (quotes and position numbers are read
  by hand); tests/interchange/test_linear_time.py holds them to it.

Writing uses the newer form: `Discussion Title:`, then per claim a `<position>. Thesis:`,
`Pro:` or `Con:` header with its text on indented lines and a `Sources:` block (sources first,
then quotes as `[n] <source>: "<quote text>"`). The walk starts from each root in order,
depth first, children in edge order; a claim met a second time (a linked claim, or a claim
on a cycle) is written as `-> See <its first position>.` on the header line. Roots take
positions 1, 2, … before the walk, so a root met under another claim is a link to it.

What Kialo cannot carry, so `emit` loses it: speakers, tags and data; edge ids, text and
schemes; co-premises (each premise of an Edge is written as a claim of its own under the
target with the Edge's stance, so the grouping is lost); undercutters (written as a Con --
or a Pro, for a support -- of the undercut Edge's first premise, so they read back as
ordinary claims); line breaks inside a source or a quote (collapsed to spaces); claims not
reachable from a root become extra theses. Nothing limits the depth of what is written, so a
chain deeper than MAX_DEPTH is written but not read back.
"""

import re
from dataclasses import dataclass, field

from .graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    MAX_DEPTH,
    MAX_LINE_CHARS,
    MAX_NODES,
    SUPPORT,
    Edge,
    FormatError,
    Graph,
    Node,
    Quote,
    check_size,
)

NUMBER = r"[0-9]+(?:\.[0-9]+)*"
POSITION_RUN = re.compile(r"[0-9.]+")  # one character class: linear, no backtracking
LABELLED = re.compile(r"(?:pro|con|thesis|question)[ \t]*:|->", re.IGNORECASE)
LABEL = re.compile(r"(pro|con|thesis|question)[ \t]*:[ \t]*(.*)", re.IGNORECASE)
LINK = re.compile(rf"->[ \t]*see[ \t]+({NUMBER})\.?", re.IGNORECASE)
TITLE = re.compile(r"discussion (?:title|name)[ \t]*:[ \t]*(.*)", re.IGNORECASE)
SOURCES = re.compile(r"sources[ \t]*:", re.IGNORECASE)
SOURCE_NUMBER = re.compile(r"\[\d+\][ \t]*")
DELETED = re.compile(
    r"[(\[]?[ \t]*(?:this claim (?:was|has been)[ \t]+)?deleted\.?[ \t]*[)\]]?", re.IGNORECASE
)
OTHER_DISCUSSION = re.compile(r"->[ \t]*see[ \t]+discussion\b", re.IGNORECASE)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
STANCE_OF_LABEL = {"pro": SUPPORT, "con": ATTACK}
LABEL_OF_STANCE = {SUPPORT: "Pro", ATTACK: "Con"}
INDENT = "    "


@dataclass
class _Entry:
    """One numbered position as read: its header line and the lines that follow it."""

    line: int
    position: str
    header: str
    body: list[str] = field(default_factory=list)
    label: str = ""
    text: str = ""
    link: str | None = None
    sources: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    parent_is_question: bool = False

    @property
    def parent(self):
        return self.position.rpartition(".")[0] or None

    @property
    def deleted(self):
        return self.link is None and (
            not self.text or DELETED.fullmatch(self.text) is not None or self.elsewhere
        )

    @property
    def elsewhere(self):
        """Whether the claim is a link to another discussion (`-> See discussion #123`)."""
        return OTHER_DISCUSSION.match(self.text) is not None


def parse(text: str) -> Graph:
    """Read a Kialo text export into a Graph.

    Guarantees: returns a Graph or raises FormatError, for any input string; the limits
    from graph.py are checked line by line before claims are built; every Edge has one
    premise and targets a Node of the returned Graph.
    """
    if not isinstance(text, str):
        raise FormatError(f"expected text, got {type(text).__name__}")
    check_size(text)
    title, entries, reports = _read_entries(text)
    by_position = {entry.position: entry for entry in entries}
    for entry in entries:
        if entry.parent is not None and entry.parent not in by_position:
            raise FormatError(
                f"claim {entry.position} has no parent: there is no position {entry.parent}",
                line=entry.line,
            )
    hidden = _hidden_by_deleted(entries, reports)
    graph = Graph(title=title, reports=reports)
    questions = {e.position: e for e in entries if e.parent is None and e.label == "question"}
    for entry in entries:
        if entry.position in hidden:
            continue
        if entry.position in questions:
            _read_question(entry, entries, graph)
            continue
        if entry.parent in questions:
            if entry.label in STANCE_OF_LABEL:
                reports.append(
                    f"line {entry.line}: claim {entry.position} is a {entry.label.title()} of"
                    " the question; read as one of its theses"
                )
            entry.parent_is_question = True
        if entry.link is None:
            _check_claim_length(entry)
            graph.nodes[entry.position] = Node(
                id=entry.position, text=entry.text, quotes=entry.quotes, sources=entry.sources
            )
        if entry.parent is None or entry.parent_is_question:
            if entry.link is None:
                graph.roots.append(entry.position)
            else:
                _claim_at(entry.position, entry.line, by_position)
                reports.append(f"line {entry.line}: a link at the top level has no parent; ignored")
            continue
        edge = _edge(entry, by_position, hidden, reports)
        if edge is not None and questions.keys() & {edge.target, *edge.premises}:
            reports.append(f"line {entry.line}: links to the question; ignored")
        elif edge is not None:
            graph.edges.append(edge)
    return graph


def _read_question(entry, entries, graph):
    """A multi-thesis discussion: `1. Question:` with its theses at `1.N. Thesis:`.

    The question is the debate's question, not a claim: it becomes the title (when the file
    has none) and each thesis under it is a root, so an import places the theses as the
    positions under a thesis worded as the question."""
    theses = sum(1 for other in entries if other.parent == entry.position)
    if not graph.title:
        graph.title = " ".join(entry.text.split())
    graph.reports.append(
        f"line {entry.line}: claim {entry.position} is the question “{_one_line(entry.text)}”;"
        f" its {theses} theses are the map's top-level positions"
    )


def emit(graph: Graph) -> str:
    """Write a Graph as a Kialo text export (the newer form; see the module docstring).

    Guarantees: deterministic output that `parse` reads back to the same claims (text,
    sources, quotes) and the same single-premise, claim-targeted edges, for any graph whose
    texts survive the line rules above; every node of the graph is written exactly once.
    """
    lines = [f"Discussion Title: {_one_line(graph.title)}", ""] if graph.title.strip() else []
    children = _children(graph)
    placed = {}
    tops = list(dict.fromkeys(graph.roots))
    for root in tops:
        if root not in graph.nodes:
            raise FormatError(f"root {root!r} is not in the graph")
        placed[root] = str(len(placed) + 1)
    for root in tops:
        _walk(graph, root, placed, children, lines)
    for node_id in graph.nodes:
        if node_id not in placed:
            placed[node_id] = str(len(tops) + 1)
            tops.append(node_id)
            _walk(graph, node_id, placed, children, lines)
    return "\n".join(lines) + "\n"


def _read_entries(text):
    """The title, the positions in file order, and reports; line-level limits raise.

    An unindented `Sources:` line after which no labelled position comes opens the file's
    closing Sources block: what follows it is references, never positions."""
    title, entries, reports, first_line = None, [], [], {}
    title_below = False  # `Discussion Name:` alone: the title is the next line
    lines = LINE_BREAK.split(text.removeprefix("\ufeff"))
    closing = _closing_sources(lines)
    references = {}
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise FormatError(
                f"the line is {len(line)} characters long; the limit is {MAX_LINE_CHARS}",
                line=number,
            )
        line = line.rstrip()
        if closing is not None and number - 1 >= closing:
            if number - 1 > closing:
                _add_reference(references, line.strip(), number)
            continue
        if found := _position_line(line):
            entries.append(_new_entry(number, *found, first_line, entries))
            continue
        stripped = line.strip()
        if not stripped:
            continue
        if entries:
            entries[-1].body.append(stripped)
        elif title is None and (heading := TITLE.fullmatch(stripped)):
            title = heading[1].strip()
            title_below = not title
        elif title_below:
            title, title_below = stripped, False
        else:
            reports.append(f"line {number}: text before the first claim; ignored")
    for entry in entries:
        _finish(entry)
    if references:
        _link_footnotes(entries, references, reports)
    return title or "", entries, reports


def _closing_sources(lines):
    """The index of the line opening the closing Sources block, or None."""
    closing = None
    for index, line in enumerate(lines):
        if line[:1] not in (" ", "\t") and SOURCES.fullmatch(line.rstrip()):
            closing = index
        elif (
            closing is not None
            and (found := _position_line(line.rstrip()))
            and LABELLED.match(found[1])
        ):
            closing = None
    return closing


def _add_reference(references, line, number):
    """`[n] text` starts reference n; a line without a number continues the last one."""
    if not line:
        return
    marker = _footnote_at(line, 0)
    if marker is not None:
        key, end = marker
        references[key] = [line[end:].strip(), number]
    elif references:
        last = references[next(reversed(references))]
        last[0] = f"{last[0]} {line}".strip()


def _footnote_at(text, index):
    """(n, index after the marker) when text[index:] starts with `[n]`, else None."""
    if not text.startswith("[", index):
        return None
    end = index + 1
    while end < len(text) and text[end] in "0123456789":
        end += 1
    if end == index + 1 or not text.startswith("]", end):
        return None
    return text[index + 1 : end], end + 1


def _link_footnotes(entries, references, reports):
    """Give each claim the references its `[n]` markers name (the text keeps the markers),
    and report the block: how many references, which no claim cites."""
    cited = set()
    for entry in entries:
        index = entry.text.find("[")
        while index >= 0:
            marker = _footnote_at(entry.text, index)
            if marker is not None and marker[0] in references:
                key = marker[0]
                reference = references[key][0]
                if (quote := _quote(reference)) is not None:
                    if quote not in entry.quotes:
                        entry.quotes.append(quote)
                elif reference and reference not in entry.sources:
                    entry.sources.append(reference)
                cited.add(key)
            index = entry.text.find("[", index + 1)
    if not cited and entries:
        # No claim cites the block: an older export's last claim with its own references.
        last = entries[-1]
        for reference, _ in references.values():
            if (quote := _quote(reference)) is not None:
                last.quotes.append(quote)
            elif reference:
                last.sources.append(reference)
        return
    uncited = [key for key in references if key not in cited and references[key][0]]
    reports.append(
        f"the Sources block lists {len(references)} reference{'s' * (len(references) != 1)}; "
        f"{len(cited)} cited by [n] in claims are kept as those claims' sources"
    )
    for key in uncited:
        reference, line = references[key]
        reports.append(f"line {line}: source [{key}] is cited by no claim; not kept: {reference}")


def _position_line(line):
    """(position, header) when the line starts a numbered position, else None.

    `1.2. text` at the start of the line, or indented when a label or a link follows the
    number (`  1.2. Pro:`). Read by hand: a pattern with a repeated group backtracks over a
    long line of `1.1.1…`."""
    body = line.lstrip(" \t")
    run = POSITION_RUN.match(body)
    if run is None:
        return None
    end = run.end()
    number = body[: end - 1]
    if body[end - 1] != "." or not number or "." in (number[0], number[-1]) or ".." in number:
        return None
    if end < len(body) and body[end] not in " \t":
        return None
    header = body[end:].strip(" \t")
    if len(body) < len(line) and not LABELLED.match(header):
        return None
    return number, header


def _new_entry(number, position, header, first_line, entries):
    if position.count(".") + 1 > MAX_DEPTH:
        raise FormatError(
            f"position {position} is nested deeper than {MAX_DEPTH} levels", line=number
        )
    if position in first_line:
        raise FormatError(
            f"position {position} is used twice (first on line {first_line[position]})",
            line=number,
        )
    if len(entries) >= MAX_NODES:
        raise FormatError(f"more than {MAX_NODES} claims", line=number)
    first_line[position] = number
    return _Entry(line=number, position=position, header=header.strip())


def _finish(entry):
    """Split an entry's lines into label, text or link, sources and quotes."""
    header = entry.header
    if labelled := LABEL.fullmatch(header):
        entry.label, header = labelled[1].lower(), labelled[2].strip()
    text_lines = [header] if header else []
    references = None
    for line in entry.body:
        if references is None and SOURCES.fullmatch(line):
            references = []
        elif references is None:
            text_lines.append(line)
        else:
            references.append(SOURCE_NUMBER.sub("", line, count=1).strip())
    entry.text = "\n".join(text_lines)
    if link := LINK.fullmatch(entry.text):
        entry.link, entry.text = link[1], ""
        return
    for reference in references or []:
        if quoted := _quote(reference):
            entry.quotes.append(quoted)
        elif reference:
            entry.sources.append(reference)


def _quote(reference):
    """The Quote of a reference shaped `<source>: "<quote>"` or `"<quote>"`, else None.

    Read by hand in one pass (a pattern such as `(?:(.*?):[ \t]+)?"(.*)"` backtracks and
    takes quadratic time on a line of `: "` repeated): the source ends at the first colon
    that is followed by spaces or tabs and then a double quote."""
    if len(reference) < 2 or not reference.endswith('"'):
        return None
    colon = reference.find(":")
    while colon >= 0:
        opening = colon + 1
        while opening < len(reference) and reference[opening] in " \t":
            opening += 1
        if opening > colon + 1 and reference[opening] == '"' and opening < len(reference) - 1:
            return Quote(text=reference[opening + 1 : -1], source=reference[:colon].strip())
        colon = reference.find(":", opening)
    if reference.startswith('"'):
        return Quote(text=reference[1:-1])
    return None


def _hidden_by_deleted(entries, reports):
    """Positions skipped because they, or a position above them, hold a deleted claim."""
    cause = {}
    for entry in sorted(entries, key=lambda e: e.position.count(".")):
        if entry.parent in cause:
            cause[entry.position] = cause[entry.parent]
        elif entry.deleted:
            cause[entry.position] = entry.position
    hidden_below = {}
    for position, top in cause.items():
        if position != top:
            hidden_below[top] = hidden_below.get(top, 0) + 1
    for entry in entries:
        if cause.get(entry.position) == entry.position:
            count = hidden_below.get(entry.position, 0)
            below = f" with the {count} position{'s' * (count > 1)} under it" if count else ""
            why = (
                f"links to another discussion ({_one_line(entry.text)[:200]}), which one file"
                " cannot bring"
                if entry.elsewhere
                else "is empty or deleted"
            )
            reports.append(f"line {entry.line}: claim {entry.position} {why}; skipped{below}")
    return cause


def _check_claim_length(entry):
    if len(entry.text) > MAX_CLAIM_CHARS:
        raise FormatError(
            f"claim {entry.position} is {len(entry.text)} characters long;"
            f" the limit is {MAX_CLAIM_CHARS}",
            line=entry.line,
        )


def _edge(entry, by_position, hidden, reports):
    """The Edge a non-thesis position stands for, or None (reported) when it cannot be one."""
    if entry.label not in STANCE_OF_LABEL:
        raise FormatError(f"claim {entry.position} needs a Pro: or Con: label", line=entry.line)
    target = _claim_at(entry.parent, entry.line, by_position)
    premise = _claim_at(entry.position, entry.line, by_position)
    if premise in hidden or target in hidden:
        skipped = premise if premise in hidden else target
        reports.append(f"line {entry.line}: links to claim {skipped}, which was skipped; ignored")
        return None
    if premise == target:
        reports.append(f"line {entry.line}: claim {premise} would bear on itself; ignored")
        return None
    return Edge(
        id=entry.position,
        premises=[premise],
        stance=STANCE_OF_LABEL[entry.label],
        target=target,
    )


def _claim_at(position, line, by_position):
    """The position of the claim standing at `position`, following links."""
    followed = set()
    while (entry := by_position.get(position)) is not None and entry.link is not None:
        if position in followed:
            raise FormatError(f"the link at {position} leads round in a circle", line=line)
        followed.add(position)
        position = entry.link
    if entry is None:
        raise FormatError(f"links to position {position}, which is not in the file", line=line)
    return position


def _children(graph):
    """{node id: [(stance, premise), …]} in edge order, undercutters under the undercut
    edge's first premise; raises FormatError when an edge names something not in the graph."""
    edges_by_id = {}
    for edge in graph.edges:
        edges_by_id.setdefault(edge.id, edge)
    children = {}
    for edge in graph.edges:
        if edge.stance not in LABEL_OF_STANCE:
            raise FormatError(f"edge {edge.id} has stance {edge.stance!r}, not support or attack")
        if edge.target_is_edge:
            undercut = edges_by_id.get(edge.target)
            if undercut is None or not undercut.premises:
                raise FormatError(f"edge {edge.id} undercuts {edge.target!r}, not in the graph")
            parent = undercut.premises[0]
        else:
            parent = edge.target
        for node_id in (parent, *edge.premises):
            if node_id not in graph.nodes:
                raise FormatError(f"edge {edge.id} names {node_id!r}, which is not in the graph")
        for premise in edge.premises:
            children.setdefault(parent, []).append((edge.stance, premise))
    return children


def _walk(graph, root, placed, children, lines):
    """Write the root's subtree depth first; a claim already placed elsewhere becomes a link."""
    stack = [(placed[root], "Thesis", root)]
    while stack:
        position, label, node_id = stack.pop()
        if placed.setdefault(node_id, position) != position:
            lines.append(f"{position}. {label}: -> See {placed[node_id]}.")
            continue
        lines.append(f"{position}. {label}:")
        lines.extend(_claim_lines(graph.nodes[node_id]))
        below = children.get(node_id, [])
        stack.extend(
            (f"{position}.{number}", LABEL_OF_STANCE[stance], premise)
            for number, (stance, premise) in reversed(list(enumerate(below, start=1)))
        )


def _claim_lines(node):
    lines = [INDENT + line.strip() for line in node.text.split("\n") if line.strip()]
    references = [_one_line(source) for source in node.sources if source.strip()]
    references += [_quote_reference(quote) for quote in node.quotes]
    if references:
        lines.append(INDENT + "Sources:")
        lines.extend(
            f"{INDENT}[{number}] {reference}"
            for number, reference in enumerate(references, start=1)
        )
    return lines


def _quote_reference(quote):
    text = f'"{_one_line(quote.text)}"'
    return f"{_one_line(quote.source)}: {text}" if quote.source.strip() else text


def _one_line(text):
    return " ".join(text.split())
