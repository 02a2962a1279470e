"""The formats the project reads and writes, by name, with their file conventions."""

from dataclasses import dataclass
from importlib import import_module

from .detect import guess_format
from .graph import MAX_INPUT_BYTES, FormatError, check_storable


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    suffix: str  # as in /d/<slug>/export.<suffix>
    content_type: str

    @property
    def module(self):
        return import_module(f"arguments.interchange.{self.name}")

    def parse(self, text):
        """The Graph of `text`, with nothing in it that a database column cannot store."""
        return check_storable(self.module.parse(text))

    def emit(self, graph):
        return self.module.emit(graph)

    def emit_chunks(self, graph):
        """The emitted text in pieces, for writing a large export without holding it whole."""
        chunks = getattr(self.module, "emit_chunks", None)
        return chunks(graph) if chunks else iter([self.module.emit(graph)])


FORMATS = {
    "aif": Format("aif", "AIF JSON (AIFdb, OVA)", "aif.json", "application/json"),
    "argdown": Format("argdown", "Argdown", "argdown", "text/plain"),
    "kialo": Format("kialo", "Kialo text export", "kialo.txt", "text/plain"),
}
BY_SUFFIX = {fmt.suffix: fmt for fmt in FORMATS.values()}


def decode(data):
    """Text from uploaded or read bytes: UTF-8 (a BOM is allowed), or a FormatError that says
    where the first bad byte is. Refuses input over MAX_INPUT_BYTES before decoding."""
    if len(data) > MAX_INPUT_BYTES:
        raise FormatError(
            f"the file is {len(data):,} bytes; the most accepted is {MAX_INPUT_BYTES:,}"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(f"not valid UTF-8 (byte {error.start})", line=line) from error


def read(data, fmt=None):
    """(Format, Graph) from bytes, guessing the format when `fmt` is None."""
    return read_text(decode(data), fmt)


def read_text(text, fmt=None):
    """(Format, Graph) from decoded text, guessing the format when `fmt` is None.

    A null character is refused wherever it is, written raw or (in JSON) as an escape: no
    text can hold one (PostgreSQL refuses it), so it would fail the import halfway."""
    _refuse_null(text)
    chosen = FORMATS[fmt] if fmt else FORMATS[guess_format(text)]
    return chosen, chosen.parse(text)  # parse() refuses an escaped one (check_storable)


NUL = "\x00"
NUL_MESSAGE = "a null character (binary data), which no text may hold"


def _refuse_null(text):
    at = text.find(NUL)
    if at >= 0:
        raise FormatError(NUL_MESSAGE, line=text.count("\n", 0, at) + 1)
