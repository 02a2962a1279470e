"""The walk over an Argdown file's lines that collects its elements, relations and
reconstructions (turned into a Graph by building.py)."""

import re

from ..graph import ATTACK, MAX_CLAIM_CHARS, MAX_DEPTH, MAX_NODES, SUPPORT, FormatError
from .data import apply_data, as_text, read_front_matter
from .elements import (
    ARGUMENT,
    CONTRADICTION,
    STATEMENT,
    UNDERCUT,
    Element,
    Occurrence,
    OpenInference,
    Reconstruction,
    Relation,
    Step,
    element_label,
)
from .lines import indentation
from .texts import read_text

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


class Reader:
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
        self.strict = False  # `model: {mode: strict}`: attacks between statements are mutual
        self.counted = [None, 0, 0]  # for in_data: (occurrence, segments counted, open braces)

    def read_front_matter(self, lines):
        """Read the `===` block at the top, if any; return the index of the next line."""
        first = next((i for i, line in enumerate(lines) if line is not None and line.strip()), None)
        if first is None or not _FENCE.fullmatch(lines[first].strip()):
            return 0
        for end in range(first + 1, len(lines)):
            line = lines[end]
            if line is not None and _FENCE.fullmatch(line.strip()):
                body = lines[first + 1 : end]
                settings, title_line = read_front_matter(body, first + 2, self.reports)
                if settings.get("title") is not None:
                    self.title = as_text(settings["title"], "title", title_line)
                model = settings.get("model")
                self.strict = isinstance(model, dict) and model.get("mode") == "strict"
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
        indent = indentation(line)
        if indent == 0 and _HEADING.match(content):
            self.read_heading()
        elif relation := _RELATION.match(content):
            self.read_relation(number, indent, content, relation)
        elif numbered := _NUMBERED.match(content):
            self.read_numbered(number, indent, content, numbered)
        elif content.startswith("--"):
            self.read_inference(number, content)
        elif self.current is not None and (
            indent > self.current_indent or not opens_element(content) or self.in_data()
        ):
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
        self.current, self.current_indent = Occurrence(None, []), 0

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
        closed = None
        while len(self.stack) > 1 and self.stack[-1][0] >= indent:
            closed = self.stack.pop()[0]
        # A dedent to a depth between two open levels closes both, as Argdown's own lexer
        # does: `A` / `  + B` / `    - C` / `   -> G` attaches G to A.
        if closed is not None and len(self.stack) > 1 and self.stack[-1][0] < indent < closed:
            self.stack.pop()
        if len(self.stack) > MAX_DEPTH:
            raise FormatError(
                f"relations are nested more than {MAX_DEPTH} levels deep", line=number
            )
        occurrence = self.read_element(content[match.end() :].strip(), number)
        parent, child = self.stack[-1][1], occurrence.element
        kind, parent_is_source = _RELATION_KINDS[match.group(1)]
        mutual = self.strict and kind == ATTACK and parent.kind == child.kind == STATEMENT
        if kind == CONTRADICTION or mutual:
            self.relations.append(Relation(ATTACK, child, parent, number))
            self.relations.append(Relation(ATTACK, parent, child, number))
        elif parent_is_source:
            self.relations.append(Relation(kind, parent, child, number))
        else:
            self.relations.append(Relation(kind, child, parent, number))
        self.stack.append((indent, child))
        self.current, self.current_indent = occurrence, indent

    def read_numbered(self, number, indent, content, match):
        self.close_current()
        if self.pcs is None:
            self.open_reconstruction(number)
        occurrence = self.read_element(match.group(2).strip(), number)
        if occurrence.element.kind == ARGUMENT:
            raise FormatError("a numbered statement cannot be an argument", line=number)
        self.pcs.steps.append(Step(number, content, occurrence=occurrence))
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
        self.pcs = Reconstruction(argument, number)
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
            self.inference = OpenInference(number, [rest], [content])

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
        text, _, _ = read_text([(number, rule)])
        self.pcs.steps.append(Step(number, "\n".join(raw), rule=text))
        self.pcs.inferences += 1

    def finish_reconstruction(self):
        pcs, self.pcs = self.pcs, None
        if pcs is None:
            return
        after_inference = False
        rules = []
        premises = set()  # a set beside the list: a long structure is read in linear time
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
            if not after_inference and element not in premises:
                premises.add(element)
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
        return Occurrence(element, [(number, text)])

    def new_element(self, kind, title, number):
        if len(self.elements) >= self.max_nodes:
            raise FormatError(f"more than {self.max_nodes} statements and arguments", line=number)
        element = Element(kind, title, number)
        self.elements.append(element)
        return element

    def in_data(self):
        """Whether the text read so far leaves a `{…}` open, so that the next line, whatever
        it starts with, continues the data (`{list: [a,` / `[b]]}`)."""
        current = self.current
        if self.counted[0] is not current:  # counted incrementally: linear in the lines
            self.counted = [current, 0, 0]
        for _, text in current.segments[self.counted[1] :]:
            self.counted[2] += text.count("{") - text.count("}")
        self.counted[1] = len(current.segments)
        return self.counted[2] > 0

    def close_current(self):
        occurrence, self.current = self.current, None
        if occurrence is None or occurrence.element is None:
            return
        element = occurrence.element
        line = occurrence.segments[0][0]
        text, tags, data_maps = read_text(occurrence.segments)
        for data, data_line in data_maps:
            apply_data(element, data, data_line)
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
                f"line {line}: {element_label(element)} is given another text; "
                f"the text from line {element.text_line} is kept"
            )


def opens_element(content):
    """Whether a line starts a statement or an argument (`[T]: …`, `[T]`, `<A> #tag`…), as
    read_element reads it; `[here](https://…) more text` is text that continues a line."""
    if not content or content[0] not in "[<":
        return False
    end = content.find("]" if content[0] == "[" else ">")
    if end <= 1:  # unbalanced (an error) or untitled: read_element decides, as before
        return True
    rest = content[end + 1 :]
    return rest.startswith(":") or not rest.strip() or rest.lstrip()[0] in "#{"


def _step_text(step):
    if step.occurrence is None:
        return step.raw
    return " ".join([step.raw] + [text for _, text in step.occurrence.segments[1:]])
