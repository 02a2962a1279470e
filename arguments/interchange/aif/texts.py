"""Source texts an AIF file carries, and the locutions that quote them (pure Python).

This project's export writes, for a debate whose claims quote sources, a top-level "texts"
list ([{"source", "title", "url", "text"}]) and, OVA3-style, one L-node per quote with a
YA node ("Asserting") to the claim it backs, the locution saying where the quote is:
{"nodeID": L, "source": handle, "start": …, "end": …} (offsets into that text). OVA's own
files carry one analysed "text" instead; a locution without "source" refers to it.
"""

from ..graph import MAX_CLAIM_CHARS, MAX_TEXT_CHARS, MAX_TEXTS, FormatError, Quote, SourceText


def _node_id(value):
    """An id as a string, or None (as reading._identifier: bools and floats are no ids)."""
    kind = type(value)
    if kind is str:
        return value.strip() or None
    if kind is int:
        return str(value)
    return None


# The handle of an OVA-style analysed "text" given without a source name.
OVA_TEXT = "ova-text"


def source_texts(document, aif):
    """{handle: SourceText} from this project's "texts" ([{"source", "title", "url", "text"}])
    or, failing that, OVA's one analysed "text"; refused beyond MAX_TEXTS texts or
    MAX_TEXT_CHARS characters in one."""
    for holder in (document, aif):
        listed = holder.get("texts")
        if listed is not None:
            return _listed_texts(listed)
    for holder in (document, aif):
        text = holder.get("text")
        if isinstance(text, str) and text.strip():
            _check_text_length(text, OVA_TEXT)
            return {OVA_TEXT: SourceText(handle=OVA_TEXT, text=text)}
    return {}


def _listed_texts(listed):
    shape = '"texts" must be a list of {"source": …, "text": …} objects'
    if not isinstance(listed, list):
        raise FormatError(shape)
    if len(listed) > MAX_TEXTS:
        raise FormatError(f'"texts" holds {len(listed)} texts; the most accepted is {MAX_TEXTS}')
    texts = {}
    for raw in listed:
        if not isinstance(raw, dict):
            raise FormatError(shape)
        handle, text = raw.get("source"), raw.get("text")
        title, url = raw.get("title", ""), raw.get("url", "")
        if not all(isinstance(value, str) for value in (handle, text, title, url)):
            raise FormatError(shape)
        handle = handle.strip()
        if not handle or not text.strip():
            raise FormatError(shape)
        _check_text_length(text, handle)
        texts.setdefault(handle, SourceText(handle, text, title.strip(), url.strip()))
    return texts


def _check_text_length(text, handle):
    if len(text) > MAX_TEXT_CHARS:
        raise FormatError(
            f"the text of source {handle[:80]!r} is {len(text)} characters long;"
            f" the limit is {MAX_TEXT_CHARS}"
        )


def quote_locutions(aif, texts):
    """{L-node id: (handle, start, end)} for the locutions that quote one of `texts`: a
    "start" and an "end" offset into the text their "source" names (OVA's one text when
    there is no "source"), the span at most MAX_CLAIM_CHARS long and holding more than
    whitespace. Other locutions are left to the speakers' reading."""
    locutions = aif.get("locutions")
    quoting = {}
    for locution in locutions if isinstance(locutions, list) else []:
        if not isinstance(locution, dict):
            continue
        node_id = _node_id(locution.get("nodeID"))
        handle = locution.get("source", OVA_TEXT)
        start, end = locution.get("start"), locution.get("end")
        source = texts.get(handle) if isinstance(handle, str) else None
        if node_id is None or source is None or type(start) is not int or type(end) is not int:
            continue
        fits = 0 <= start < end <= len(source.text) and end - start <= MAX_CLAIM_CHARS
        if fits and source.text[start:end].strip():
            quoting.setdefault(node_id, (handle, start, end))
    return quoting


def quotes_of_locutions(graph, quoting, table, incoming, outgoing):
    """Give each I-node reached from a quoting locution (L -> YA -> I; a YA node's first
    locution, as for speakers) that quote with its offsets; a quote the node already has
    (its "quotes", same source and words) gets the offsets instead. Linear in the arrows."""
    if not quoting:
        return
    known = {
        (node_id, quote.source, quote.text.strip()): quote
        for node_id, node in graph.nodes.items()
        for quote in node.quotes
    }
    for ya_id, (kind, _) in table.items():
        if kind != "YA":
            continue
        span = next((quoting[n] for n in incoming.get(ya_id, ()) if n in quoting), None)
        if span is None:
            continue
        handle, start, end = span
        text = graph.texts[handle].text[start:end]
        for claim in dict.fromkeys(n for n in outgoing.get(ya_id, ()) if n in graph.nodes):
            key = (claim, handle, text.strip())
            same = known.get(key)
            if same is None:
                known[key] = quote = Quote(text=text, source=handle, start=start, end=end)
                graph.nodes[claim].quotes.append(quote)
            elif same.start is None:
                same.text, same.start, same.end = text, start, end
