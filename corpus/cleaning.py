"""Turn raw web-page texts into clean article bodies, reproducibly.

Each source in ``corpus/texts/sources.toml`` names the raw line where its body starts,
the raw line just after the body ends, and regexes for furniture lines inside the body.
``clean_text`` applies those rules; ``main`` regenerates ``corpus/texts/<slug>.txt`` from
``corpus/texts/raw/<slug>.txt``::

    python -m corpus.cleaning            # rewrite every cleaned text
    python -m corpus.cleaning --check    # exit 1 if a cleaned text is out of date

Pure standard library; no Django.
"""

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

TEXTS_DIR = Path(__file__).resolve().parent / "texts"
SOURCES_TOML = TEXTS_DIR / "sources.toml"


class CleaningError(ValueError):
    """A cleaning rule does not fit the raw text it is applied to."""


@dataclass(frozen=True)
class Rules:
    """Cleaning rules for one source, as written in sources.toml."""

    slug: str
    start: str
    end: str | None
    drop: tuple[str, ...] = ()


def clean_text(raw: str, *, start: str, end: str | None = None, drop: Iterable[str] = ()) -> str:
    """Return the article body of ``raw`` without page furniture.

    The body runs from the first line of ``raw`` equal to ``start`` (inclusive) to the next
    line equal to ``end`` (exclusive), or to the end of ``raw`` if ``end`` is None or empty.
    Lines are compared after stripping leading and trailing whitespace. Inside the body,
    blank lines and lines for which any ``drop`` regex matches (``re.search`` on the
    stripped line) are left out.

    Guarantees about the result:

    * every paragraph is exactly one line of ``raw`` with only its leading and trailing
      whitespace stripped; inner whitespace, punctuation, quotes and dashes are untouched;
    * paragraphs appear in their raw order, separated by exactly one blank line;
    * the text ends with exactly one newline and has no leading or trailing blank line.

    Raises ``CleaningError`` if ``start`` or ``end`` is not found, if a ``drop`` regex
    matches no body line (a stale rule), or if nothing remains.
    """
    lines = [line.strip() for line in raw.split("\n")]
    start = start.strip()
    end = end.strip() if end else None
    try:
        first = lines.index(start)
    except ValueError:
        raise CleaningError(f"start line not found: {start[:60]!r}") from None
    if end is None:
        stop = len(lines)
    else:
        try:
            stop = lines.index(end, first + 1)
        except ValueError:
            raise CleaningError(f"end line not found after start: {end[:60]!r}") from None

    patterns = [re.compile(pattern) for pattern in drop]
    used = set()
    paragraphs = []
    for line in lines[first:stop]:
        if not line:
            continue
        hits = {p.pattern for p in patterns if p.search(line)}
        if hits:
            used |= hits
            continue
        paragraphs.append(line)

    unused = [p.pattern for p in patterns if p.pattern not in used]
    if unused:
        raise CleaningError(f"drop patterns match no body line: {unused}")
    if not paragraphs:
        raise CleaningError("no body text left")
    return "\n\n".join(paragraphs) + "\n"


def load_rules(path: Path = SOURCES_TOML) -> dict[str, Rules]:
    """Read the cleaning rules of every ``[[sources]]`` table in ``path``, keyed by slug.

    An empty ``end`` in the file becomes None (body runs to the end of the raw text).
    """
    with open(path, "rb") as f:
        data = tomllib.load(f)
    rules = {}
    for source in data["sources"]:
        slug = source["slug"]
        rules[slug] = Rules(
            slug=slug,
            start=source["start"],
            end=source["end"] or None,
            drop=tuple(source.get("drop", ())),
        )
    return rules


def clean_source(rules: Rules, texts_dir: Path = TEXTS_DIR) -> str:
    """Return the cleaned text of ``texts_dir/raw/<slug>.txt`` under ``rules``."""
    raw = (texts_dir / "raw" / f"{rules.slug}.txt").read_text(encoding="utf-8")
    return clean_text(raw, start=rules.start, end=rules.end, drop=rules.drop)


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate (or with ``--check`` verify) the cleaned texts; return an exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="sources to process (default: all)")
    parser.add_argument("--check", action="store_true", help="only report stale texts")
    parser.add_argument("--texts-dir", type=Path, default=TEXTS_DIR)
    args = parser.parse_args(argv)

    all_rules = load_rules(args.texts_dir / "sources.toml")
    unknown = sorted(set(args.slugs) - set(all_rules))
    if unknown:
        parser.error(f"unknown slugs: {', '.join(unknown)}")

    stale = []
    for slug in args.slugs or all_rules:
        cleaned = clean_source(all_rules[slug], args.texts_dir)
        target = args.texts_dir / f"{slug}.txt"
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == cleaned:
            continue
        stale.append(slug)
        if not args.check:
            target.write_text(cleaned, encoding="utf-8", newline="\n")
            print(f"wrote {target}")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
