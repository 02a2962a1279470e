"""What this feature uses of `corpus.ingest`, named in one place.

Until the ingest package is on this branch, a stand-in cleans pasted text and reads plain
text and Markdown files; HTML, PDF, DOCX and fetching refuse with a message. Delete the
stand-in when `corpus.ingest` lands.
"""

try:
    from corpus.ingest import Extracted, IngestError, clean_text, extract
    from corpus.ingest.fetch import fetch
except ImportError:  # the stand-in, until corpus.ingest is merged
    from corpus.adding.standin import Extracted, IngestError, clean_text, extract, fetch

__all__ = ["Extracted", "IngestError", "clean_text", "extract", "fetch"]
