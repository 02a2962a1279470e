"""What the reader collects from an Argdown file: elements, relations, reconstructions."""

from dataclasses import dataclass, field

UNDERCUT = "undercut"
CONTRADICTION = "contradiction"
STATEMENT = "statement"
ARGUMENT = "argument"


@dataclass(eq=False)
class Element:
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
    reconstruction: "Reconstruction | None" = None
    hidden_by: "Element | None" = None


@dataclass(eq=False)
class Occurrence:
    """One place an element is written: its lines of text (element None for a heading)."""

    element: Element | None
    segments: list


@dataclass(eq=False)
class Relation:
    kind: str
    source: Element
    target: Element
    line: int


@dataclass(eq=False)
class Step:
    """A numbered statement (occurrence set) or an inference line of a reconstruction."""

    line: int
    raw: str
    occurrence: Occurrence | None = None
    rule: str = ""


@dataclass(eq=False)
class Reconstruction:
    argument: Element
    line: int
    steps: list = field(default_factory=list)
    premises: list = field(default_factory=list)
    intermediates: list = field(default_factory=list)
    conclusion: Element | None = None
    conclusion_line: int = 0
    scheme: str = ""
    text: str = ""
    inferences: int = 0

    def complete(self):
        """Whether it ends with a conclusion, so that a blank line may close it."""
        return self.inferences > 0 and self.steps[-1].occurrence is not None


@dataclass
class OpenInference:
    line: int
    parts: list
    raw: list


def element_label(element):
    if element.title is None:
        return f"the untitled {element.kind} on line {element.line}"
    return f"[{element.title}]" if element.kind == STATEMENT else f"<{element.title}>"
