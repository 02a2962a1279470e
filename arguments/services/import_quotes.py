"""An import's quotes: matched to the sources the importer may list, or to the source texts
the file carries (AIF's "texts"), and stored as excerpts and citations.

- A quote names its source by slug, title or URL. Only sources the importing person may
  list are matched (`permissions.listed_sources_q`): a class's readings, or an unlisted
  debate's, never reach another debate through a file, and nothing about them is told.
- A quote whose source the library does not list, or whose words are not in it, is looked
  for in the text the file carries under that name, if any. That text then becomes a new
  source of the imported debate (origin "Imported map", added by the importer), made once
  per file text and only when one of its quotes is found in it; its slug is made from its
  title and a digest of its text, never from an existing source's slug. The reader bounds
  how many texts a file holds and how long each is (graph.MAX_TEXTS, MAX_TEXT_CHARS).
- A quote with offsets (`Quote.start`) is the excerpt at those offsets when the words
  there are its words; otherwise its first verbatim occurrence. One not found is left out
  and reported.
"""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from arguments.models import Citation
from arguments.services.bulk import insert_rows
from arguments.services.import_labels import REPORT_ITEMS
from corpus.models import Excerpt, Source

SOURCE_TITLE_LENGTH = 300  # Source.title
SOURCE_URL_LENGTH = 200  # Source.url


@dataclass
class Quoted:
    """What `cite_quotes` stored: how many quotes, and the ids of the sources they are in."""

    count: int = 0
    source_ids: set = field(default_factory=set)


def cite_quotes(graph, claims, reports, *, reused, sources, owner=None):
    """Store the graph's quotes that are found verbatim in one of `sources` or in a text the
    file carries (see the module notes); return how many and in which sources (`Quoted`).

    `reused` are the claims of the debate the file was matched to (its thesis): only they
    can cite something already, so only their citations are looked up before inserting."""
    if not any(node.quotes for node in graph.nodes.values()):
        return Quoted()
    known, sources = sources, {}
    for source in known:
        for handle in (source.slug, source.title, source.url):
            if handle:
                sources[handle.casefold()] = source
    existing = {
        (source_id, start, end): pk
        for pk, source_id, start, end in Excerpt.objects.filter(
            source_id__in={source.pk for source in sources.values()}
        ).values_list("pk", "source_id", "start", "end")
    }
    carried = {}  # handle of a file text -> the Source made from it
    pairs, used = set(), set()
    for node in graph.nodes.values():
        for quote in node.quotes:
            source = sources.get(quote.source.casefold()) if quote.source else None
            located = _locate(source, quote) if source else None
            if located is None and quote.source in graph.texts:
                source = carried.get(quote.source)
                if source is None:
                    source = _unsaved_source(graph.texts[quote.source], owner)
                located = _locate(source, quote)
                if located is not None and source.pk is None:
                    source.save()
                    carried[quote.source] = source
                    located.source = source
            if located is None:
                where = f"source “{quote.source}”" if source is None else f"“{source.slug}”"
                reports.append(
                    f"Quote on “{node.text[:60]}” not found verbatim in {where}: left out."
                )
                continue
            key = (source.pk, located.start, located.end)
            if key not in existing:
                located.save()
                existing[key] = located.pk
            pairs.add((claims[node.id], existing[key]))
            used.add(source.pk)
    if carried:
        titles = [f"“{source.title[:60]}”" for source in carried.values()]
        more = len(titles) - REPORT_ITEMS
        reports.append(
            f"{len(carried)} source text(s) came with the file and were added to this"
            f" debate's library: {', '.join(titles[:REPORT_ITEMS])}"
            + (f" and {more} more." if more > 0 else ".")
        )
    cited = Citation.objects.filter(claim_id__in=reused).values_list("claim_id", "excerpt_id")
    fresh = sorted(pairs - set(cited))
    insert_rows(Citation, [{"claim_id": c, "excerpt_id": e, "note": ""} for c, e in fresh])
    return Quoted(len(pairs), used)


def _locate(source, quote):
    """The unsaved Excerpt of `quote` in `source`: at the quote's offsets when its words are
    there, else at their first verbatim occurrence; None when they are not in the text."""
    start, end = quote.start, quote.end
    if start is not None and end is not None and source.text[start:end] == quote.text:
        return Excerpt(source=source, start=start, end=end, quote=quote.text)
    return Excerpt.locate(source, quote.text.strip())


def _unsaved_source(text, owner):
    """A new Source for a text the file carries; saved only once a quote is found in it."""
    title = " ".join((text.title or text.handle).split())[:SOURCE_TITLE_LENGTH]
    return Source(
        slug=_new_slug(title, text.text),
        title=title or "Source from an imported map",
        url=_safe_url(text.url),
        genre=Source.Genre.OTHER,
        text=text.text,
        origin=Source.Origin.IMPORT,
        added_by=owner,
        note="Brought in with an imported map.",
    )


def _new_slug(title, text):
    """A slug from the title and a digest of the text: it says nothing about the slugs that
    other sources, private ones among them, already have."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    slug = f"{(slugify(title)[:60].strip('-') or 'source')}-{digest}"
    while Source.objects.filter(slug=slug).exists():
        slug = f"{slug[:66]}-{secrets.token_hex(4)}"
    return slug


def _safe_url(url):
    """The file's address for the source when it is a web address, else none."""
    url = (url or "").strip()
    if not url or len(url) > SOURCE_URL_LENGTH or not url.startswith(("https://", "http://")):
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url
