"""What an import keeps of a file's labels and what it reports it could not keep.

`kept` and `losses` give the summary's lines (with counts); `own_title`,
`own_argument_title` and `scheme_of` are the values `importing.import_graph` stores on
claims and arguments.
"""

from arguments.interchange.aif.writing import DEFAULT_SCHEME
from arguments.interchange.argdown.writing import derived_argument_title, derived_title
from arguments.models.claim import LABEL_LENGTH


def kept(graph):
    """One line saying which labels of the file the map keeps, with counts: titles, tags,
    argument descriptions and schemes (none when the file has none)."""
    nodes, edges = graph.nodes.values(), graph.edges
    parts = []
    claim_titles = sum(1 for node in nodes if own_title(node))
    argument_titles = sum(1 for edge in edges if own_argument_title(edge))
    if claim_titles or argument_titles:
        parts.append(f"the titles of {claim_titles} claim(s) and {argument_titles} argument(s)")
    tags = {tag for node in nodes for tag in node.tags} | {t for e in edges for t in e.tags}
    if tags:
        on = sum(1 for node in nodes if node.tags) + sum(1 for edge in edges if edge.tags)
        parts.append(f"{len(tags)} tag(s) on {on} claim(s) and argument(s)")
    described = sum(1 for edge in edges if edge.description.strip())
    if described:
        parts.append(f"the descriptions of {described} argument(s)")
    schemes = [scheme for edge in edges if (scheme := scheme_of(edge))]
    if schemes:
        names = sorted(set(schemes))
        shown = ", ".join(names[:REPORT_ITEMS])
        more = f", and {len(names) - REPORT_ITEMS} more" if len(names) > REPORT_ITEMS else ""
        parts.append(f"the schemes of {len(schemes)} argument(s) ({shown}{more})")
    return [f"Kept: {'; '.join(parts)}."] if parts else []


def losses(graph):
    """One line per kind of thing the file held that the map does not store, with counts
    and the first few examples: tags, titles, other data, argument texts (descriptions and
    reconstructions) and references without a quote."""
    nodes, edges = graph.nodes.values(), graph.edges

    def listed(items):
        items = list(dict.fromkeys(items))
        more = f", and {len(items) - REPORT_ITEMS} more" if len(items) > REPORT_ITEMS else ""
        return ", ".join(items[:REPORT_ITEMS]) + more

    lines = []
    long_titles = [
        title
        for title in (
            *(node.data.get("title") for node in nodes),
            *(edge.title for edge in edges),
        )
        if isinstance(title, str) and len(title) > LABEL_LENGTH
    ]
    if long_titles:
        lines.append(
            f"Shortened: {len(long_titles)} title(s) longer than {LABEL_LENGTH} characters"
            f" ({listed(title[:40] + '…' for title in long_titles)})."
        )
    keys = [key for node in nodes for key in node.data if key != "title"]
    if keys:
        with_data = sum(1 for node in nodes if set(node.data) - {"title"})
        lines.append(f"Not kept: data on {with_data} claim(s) (keys {listed(keys)}).")
    # An argument's description is kept; the rest of its text is a reconstruction.
    worded = [edge for edge in edges if edge.text.strip() not in ("", edge.description.strip())]
    if worded:
        lines.append(
            f"Not kept: the premise–conclusion structures of {len(worded)}"
            f" argument(s) ({listed(edge.id for edge in worded)})."
        )
    references = [source for node in nodes for source in node.sources]
    if references:
        lines.append(
            f"Not kept: {len(set(references))} reference(s) without a quote, on"
            f" {sum(1 for node in nodes if node.sources)} claim(s); the library keeps"
            f" documents, not bare links ({listed(references)})."
        )
    return lines


def scheme_of(edge):
    """The edge's scheme as stored: AIF's defaults ("Default Inference", which AIFdb and
    our AIF export write for an argument without a scheme) name none."""
    scheme = " ".join(edge.scheme.split())[:LABEL_LENGTH]
    return "" if scheme in DEFAULT_SCHEME.values() else scheme


def own_title(node):
    """The node's title as stored: none when it is only the Argdown writer's title made of
    the claim's first words (an export of this site read back)."""
    title = node.data.get("title")
    if not isinstance(title, str):
        return ""
    title = " ".join(title.split())
    return "" if _derived(title, derived_title(node.text)) else title[:LABEL_LENGTH]


def own_argument_title(edge):
    """The edge's title as stored: none when it is the writer's title made of the premises'."""
    title = " ".join(edge.title.split())
    return "" if _derived(title, derived_argument_title(edge.premises)) else title[:LABEL_LENGTH]


def _derived(title, derived):
    """Whether `title` is `derived`, or `derived` numbered to be unique ("Cars 2")."""
    if title == derived:
        return True
    base, _, number = title.rpartition(" ")
    return base == derived and number.isdigit()


REPORT_ITEMS = 10  # a report names at most this many items, then says how many more
