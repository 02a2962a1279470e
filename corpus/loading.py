"""Loads the corpus from corpus/texts/ into the database: the sources and their cleaned
texts (site-wide), and the camps and actors, which belong to the debate loaded with them."""

import tomllib
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import Actor, Camp, Source

TEXTS_DIR = Path(__file__).resolve().parent / "texts"

ACTOR_FIELDS = ("name", "kind", "url", "description")
SOURCE_FIELDS = ("title", "publisher", "byline", "published_precision", "url", "genre", "language")


def read_metadata(texts_dir=TEXTS_DIR):
    with open(Path(texts_dir) / "sources.toml", "rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load_corpus(*, texts_dir=TEXTS_DIR):
    """Create or update every source; running it again changes nothing. Returns how many."""
    texts_dir = Path(texts_dir)
    metadata = read_metadata(texts_dir)
    for row in metadata["sources"]:
        defaults = {name: row.get(name, "") for name in SOURCE_FIELDS}
        defaults["note"] = row.get("note", "")
        defaults["published"] = date.fromisoformat(str(row["published"]))
        defaults["text"] = (texts_dir / f"{row['slug']}.txt").read_text(encoding="utf-8")
        defaults["raw"] = (texts_dir / "raw" / f"{row['slug']}.txt").read_text(encoding="utf-8")
        Source.objects.update_or_create(slug=row["slug"], defaults=defaults)
    return len(metadata["sources"])


@transaction.atomic
def load_speakers(*, debate, texts_dir=TEXTS_DIR):
    """Create or update the corpus's camps and actors in `debate`, and the sources'
    signatories among them (sources must be loaded). Running it again changes nothing.

    Returns the debate's actors by slug."""
    metadata = read_metadata(texts_dir)
    camps = {}
    for order, row in enumerate(metadata["camps"]):
        camps[row["key"]], _ = Camp.objects.update_or_create(
            debate=debate,
            key=row["key"],
            defaults={"name": row["name"], "style": row["style"], "order": order},
        )
    actors = {}
    for row in metadata["actors"]:
        defaults = {name: row.get(name, "") for name in ACTOR_FIELDS}
        defaults.update(camp=camps[row["camp"]], status=Actor.Status.APPROVED)
        actors[row["slug"]], _ = Actor.objects.update_or_create(
            debate=debate, slug=row["slug"], defaults=defaults
        )
    sources = Source.objects.in_bulk(
        [row["slug"] for row in metadata["sources"]], field_name="slug"
    )
    for row in metadata["sources"]:
        source = sources.get(row["slug"])
        if source is not None:
            source.signatories.set([actors[slug] for slug in row.get("signatories", [])])
    return actors
