"""Tell which interchange format a text is in, from its first non-blank line (pure Python).

Rules, in order, after a BOM and leading blank lines:
- `{` opens AIF JSON when the text has a "nodes" key anywhere (this also covers OVA's
  {"AIF": {"nodes": …}} wrapper). The AIF parser then reports any JSON error by line and
  column. Other JSON (an object without "nodes", or a whole document that is a JSON array)
  is an error.
- A first line `Discussion Title: …` (older exports) or `Discussion Name:` (newer ones, the
  title on the next line), or one starting `1.` followed by a space or nothing,
  is Kialo.
- Empty input, binary input (NUL characters) and XML/HTML are errors.
- Anything else is Argdown, which has no required opening: plain text lines are statements.
"""

import json
import re

from .graph import FormatError, check_size

AIF = "aif"
ARGDOWN = "argdown"
KIALO = "kialo"

NODES_KEY = re.compile(r'"nodes"\s*:')
KIALO_FIRST_LINE = re.compile(r"discussion (?:title|name)\s*:|1\.(?:\s|$)", re.IGNORECASE)
MARKUP_FIRST_LINE = re.compile(r"<(?:\?xml|!doctype|html)\b", re.IGNORECASE)


def guess_format(text: str) -> str:
    """Return "aif", "argdown" or "kialo" for the text, or raise FormatError saying why not.

    Guarantees: reads at most the first line closely (and, for JSON, searches for the
    "nodes" key); never raises anything but FormatError.
    """
    if not isinstance(text, str):
        raise FormatError(f"expected text, got {type(text).__name__}")
    check_size(text)
    body = text.removeprefix("\ufeff").lstrip()
    if not body:
        raise FormatError("the file is empty")
    if "\x00" in body:
        raise FormatError("the file is binary, not text")
    if body.startswith("{"):
        if NODES_KEY.search(body):
            return AIF
        raise FormatError('this is JSON without a "nodes" list, so it is not AIF')
    if body.startswith("[") and _is_json(body):
        raise FormatError('this is a JSON array; AIF is a JSON object with a "nodes" list')
    first_line = body.split("\n", 1)[0].strip()
    if KIALO_FIRST_LINE.match(first_line):
        return KIALO
    if MARKUP_FIRST_LINE.match(first_line):
        raise FormatError("this looks like XML or HTML, not AIF, Argdown or Kialo")
    return ARGDOWN


def _is_json(body):
    # Argdown statements open with "[Title]", so only a parse can tell a JSON array apart.
    if not body.rstrip().endswith("]"):
        return False
    try:
        json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False
    return True
