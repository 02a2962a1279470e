"""Search queries as people type them, and highlighted snippets of what they found (pure).

A query reads like PostgreSQL's `websearch_to_tsquery`: words must all occur, "quoted
words" must occur together, `or` offers alternatives and `-word` excludes. `parse` turns
it into that structure, `fts5_expression` into a SQLite FTS5 query made only of quoted
words (so no input can be a syntax error), and `highlight` / `snippet` mark the words of a
text that match, by a light stemming that approximates the databases' English stemmer.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from arguments.search.similarity import STOPWORDS

WORD = re.compile(r"\w+")
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "ers", "er", "s")
MAX_QUERY_LENGTH = 200
MAX_SNIPPET_MATCHES = 200


@dataclass(frozen=True)
class Query:
    """`clauses`: every clause must match; a clause is alternatives, each a phrase (a tuple
    of words). `excluded`: phrases that must not occur."""

    clauses: tuple = ()
    excluded: tuple = ()
    text: str = ""

    def __bool__(self):
        # Stopwords alone find nothing (PostgreSQL drops them from the query).
        return bool(self.words)

    @property
    def meaningful_clauses(self):
        """The clauses without phrases of stopwords only (PostgreSQL ignores those too)."""
        kept = []
        for clause in self.clauses:
            phrases = tuple(p for p in clause if any(w not in STOPWORDS for w in p))
            if phrases:
                kept.append(phrases)
        return tuple(kept)

    @property
    def words(self):
        """The words worth highlighting: every wanted word that is not a stopword."""
        return [w for c in self.clauses for p in c for w in p if w not in STOPWORDS]


def parse(text):
    """A `Query` from what a person typed (at most MAX_QUERY_LENGTH characters are read).

    A null character reads as a space: no database takes one in a query."""
    text = (text or "")[:MAX_QUERY_LENGTH].replace("\x00", " ")
    clauses, excluded, joining = [], [], False
    for match in TOKEN.finditer(text):
        negated, quoted, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            joining = bool(clauses)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        phrase = tuple(w.lower() for w in WORD.findall(quoted if bare is None else bare))
        if not phrase:
            continue
        if negated:
            excluded.append(phrase)
        elif joining:
            clauses[-1] = (*clauses[-1], phrase)
        else:
            clauses.append((phrase,))
        joining = False
    return Query(tuple(clauses), tuple(excluded), text.strip())


def fts5_expression(query):
    """The query in FTS5 syntax, every word double-quoted (FTS5 then stems it too)."""

    def phrase(words):
        return '"' + " ".join(words) + '"'

    parts = [
        "(" + " OR ".join(phrase(p) for p in clause) + ")" for clause in query.meaningful_clauses
    ]
    expression = " AND ".join(parts)
    for words in query.excluded:
        expression += " NOT " + phrase(words)
    return expression


def stem(word):
    """A light English stem: enough that "pressure", "pressures" and "pressured" meet."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@dataclass
class Snippet:
    """Text cut into (part, is_match) pieces, with `clipped_start`/`_end` when cut short."""

    parts: list = field(default_factory=list)
    clipped_start: bool = False
    clipped_end: bool = False

    @property
    def has_match(self):
        return any(hit for _, hit in self.parts)


def highlight(text, query):
    """The whole `text` as a `Snippet`, its words that match the query marked."""
    stems = {stem(w) for w in query.words}
    parts, last = [], 0
    for match in WORD.finditer(text):
        if stem(match.group()) in stems:
            if match.start() > last:
                parts.append((text[last : match.start()], False))
            parts.append((match.group(), True))
            last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return Snippet(parts)


def snippet(text, query, width=240):
    """About `width` characters of `text` around its first place where most of the query's
    words occur together (its start if none), cut at spaces, with the matches marked."""
    if len(text) <= width:
        return highlight(text, query)
    stems = {stem(w) for w in query.words}
    matches = [(m.start(), stem(m.group())) for m in WORD.finditer(text)]
    matches = [(at, found) for at, found in matches if found in stems][:MAX_SNIPPET_MATCHES]
    first = _densest(matches, width)
    start = max(0, first - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    result = highlight(" ".join(text[start:end].split()), query)
    result.clipped_start, result.clipped_end = start > 0, end < len(text)
    return result


def _densest(matches, width):
    """Where the window holding the most different query words starts (0 if none)."""
    best, best_at = 0, 0
    for index, (at, _) in enumerate(matches):
        found = {word for where, word in matches[index:] if where < at + width * 2 // 3}
        if len(found) > best:
            best, best_at = len(found), at
    return best_at


def _grams(word):
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@lru_cache(maxsize=64)
def _wanted_grams(query_text):
    """The trigrams of each wanted word of a query: worked out once per query, not once
    per row the similarity is asked of."""
    words = dict.fromkeys(WORD.findall((query_text or "").lower()))
    return tuple(_grams(w) for w in words if w not in STOPWORDS)


def word_similarity(query_text, text):
    """How well the query's words are found in `text`, typos allowed, in [0, 1]: for each
    query word the best trigram likeness with a word of the text; the worst of these, since
    every word should be there. It plays the part of pg_trgm's word similarity on SQLite."""
    wanted = _wanted_grams(query_text)
    if not wanted:
        return 0.0
    have = [_grams(w) for w in set(WORD.findall((text or "").lower()))]
    if not have:
        return 0.0
    return min(max(len(word & other) / len(word | other) for other in have) for word in wanted)
