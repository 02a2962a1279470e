"""Loads the corpus (actors, sources, their cleaned texts) from corpus/texts/ into the database."""

import tomllib
from datetime import date
from pathlib import Path

from django.db import transaction

from .models import Actor, Source

TEXTS_DIR = Path(__file__).resolve().parent / "texts"

ACTOR_FIELDS = ("name", "kind", "camp", "url", "description")
SOURCE_FIELDS = ("title", "publisher", "byline", "published_precision", "url", "genre", "language")


def read_metadata(texts_dir=TEXTS_DIR):
    with open(Path(texts_dir) / "sources.toml", "rb") as handle:
        return tomllib.load(handle)


@transaction.atomic
def load_corpus(*, texts_dir=TEXTS_DIR):
    """Create or update every actor and source; running it again changes nothing.

    Returns (actors, sources) counts.
    """
    texts_dir = Path(texts_dir)
    metadata = read_metadata(texts_dir)
    actors = {}
    for row in metadata["actors"]:
        actors[row["slug"]], _ = Actor.objects.update_or_create(
            slug=row["slug"], defaults={name: row.get(name, "") for name in ACTOR_FIELDS}
        )
    for row in metadata["sources"]:
        defaults = {name: row.get(name, "") for name in SOURCE_FIELDS}
        defaults["note"] = row.get("note", "")
        defaults["published"] = date.fromisoformat(str(row["published"]))
        defaults["text"] = (texts_dir / f"{row['slug']}.txt").read_text(encoding="utf-8")
        defaults["raw"] = (texts_dir / "raw" / f"{row['slug']}.txt").read_text(encoding="utf-8")
        source, _ = Source.objects.update_or_create(slug=row["slug"], defaults=defaults)
        source.signatories.set([actors[slug] for slug in row.get("signatories", [])])
    return len(metadata["actors"]), len(metadata["sources"])
