"""A Graph written as an Argdown document."""

from collections import defaultdict, deque

from ..graph import STANCES, SUPPORT, FormatError
from .data import quoted, yaml_key, yaml_value
from .names import UniqueNames
from .texts import is_tag_character

EMIT_DEPTH = 50
_TITLE_PUNCTUATION = frozenset("-_'’.,?:;&%+")
_RESERVED_KEYS = frozenset({"title", "speaker", "source", "quote", "quotes", "sources"})


class Writer:
    """Lays a graph out as Argdown blocks: root trees, reconstructions, the rest."""

    def __init__(self, graph):
        _check_graph(graph)
        self.graph = graph
        self.titles = _node_titles(graph.nodes.values())
        targeted = {edge.target for edge in graph.edges if edge.target_is_edge}
        self.arguments = {
            edge.id
            for edge in graph.edges
            if len(edge.premises) > 1
            or edge.target_is_edge
            or edge.id in targeted
            or _labelled(edge)
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
        blocks = [["===", f"title: {quoted(self.graph.title or '')}", "==="]]
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
        text = edge.description or ("" if "\n" in (edge.text or "") else edge.text or "")
        description = _escape(_one_line(text))
        head = f"<{title}>: {description}" if description else f"<{title}>"
        lines = [head + _tags(edge.tags), ""]
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
    names = UniqueNames()
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
    names = UniqueNames()
    titles = {}
    for edge in edges:  # the argument's own title first, as for statements
        if title := _clean_title(edge.title):
            titles[edge.id] = names.claim(title)
    for edge in edges:
        if edge.id in titles:
            continue
        premises = [node_titles[premise] for premise in edge.premises]
        titles[edge.id] = names.claim(derived_argument_title(premises))
    return titles


def derived_argument_title(premise_titles):
    """The title `emit` gives an argument without one of its own, from its premises'."""
    joined = " + ".join(premise_titles)
    if len(joined) > 80:
        joined = joined[:80].rsplit(" ", 1)[0].rstrip(" +")
    return _clean_title(joined) or "Argument"


def derived_title(text):
    """The title `emit` gives a statement without one of its own, from its first words."""
    return _title_from_text(text)


def _labelled(edge):
    """Whether the edge has a title, description or tags, which only an argument can carry."""
    return bool(_clean_title(edge.title) or _one_line(edge.description) or edge.tags)


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
        if all(is_tag_character(character) for character in tag):
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
    return (
        " {" + ", ".join(f"{yaml_key(key)}: {yaml_value(value, 0)}" for key, value in items) + "}"
    )


def _quote_map(quote):
    return {"source": quote.source, "quote": quote.text} if quote.source else {"quote": quote.text}
