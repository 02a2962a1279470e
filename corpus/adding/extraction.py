"""What this feature uses of `corpus.ingest` (extraction and fetching), named in one place,
so that the views and services import it from here and tests replace it here."""

from corpus.ingest import Extracted, IngestError, clean_text, extract, page_of
from corpus.ingest.fetch import fetch

__all__ = ["Extracted", "IngestError", "clean_text", "extract", "fetch", "page_of"]
