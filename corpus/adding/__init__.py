"""Adding a source in the browser: paste, upload or fetch, one review step, then save.

`forms` (what people type), `review` (the signed facts carried from the extraction to the
review form), `services` (the writes: `add_source`, `edit_source`, `correct_source`),
`selectors` (who may edit a source), `views`. Extraction itself is `corpus.ingest`.
"""
