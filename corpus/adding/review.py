"""The facts an extraction hands to the review form, signed so they come back unchanged.

No server state lies between the two steps: the review form posts back the text and the
metadata as the person corrected them, and this token with what they may not change — the
origin, the kind, the page offsets and a digest of the extracted text. A text edited in
review no longer matches its page offsets, so they are dropped (`Carried.pages_for`).
"""

import hashlib
from dataclasses import dataclass

from django.core import signing

SALT = "corpus.adding.review"
MAX_AGE = 24 * 3600  # a review left open for a day starts again


def digest(text):
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Carried:
    debate_id: int
    origin: str
    kind: str
    pages: tuple[int, ...]
    text_digest: str

    def pages_for(self, text):
        """The page offsets if `text` is the extracted text, else none."""
        return list(self.pages) if digest(text) == self.text_digest else []


def sign(*, debate_id, origin, kind, pages, text):
    payload = {
        "d": debate_id,
        "o": origin,
        "k": kind,
        "p": list(pages),
        "h": digest(text),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def unsign(token, *, debate_id):
    """The Carried facts of `token`, or None when it is forged, expired or of another
    debate's form."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        carried = Carried(
            debate_id=int(payload["d"]),
            origin=str(payload["o"]),
            kind=str(payload["k"]),
            pages=tuple(int(offset) for offset in payload["p"]),
            text_digest=str(payload["h"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return carried if carried.debate_id == debate_id else None
