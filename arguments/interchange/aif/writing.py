"""A Graph written as AIF JSON, in chunks, byte for byte what json.dumps(indent=1) gives."""

import json
from itertools import chain

from ..graph import ATTACK, SUPPORT, FormatError
from .reading import TYPE_OF_STANCE

DEFAULT_SCHEME = {SUPPORT: "Default Inference", ATTACK: "Default Conflict"}


def chunks(graph, size):
    """The document in pieces of about `size` nodes or edges each (see aif.emit_chunks)."""
    node_ids, edge_ids = _allocate_ids(graph)
    first_edge_id = {}
    for index, edge in enumerate(graph.edges):
        first_edge_id.setdefault(edge.id, edge_ids[index])
    for edge in graph.edges:  # check first, so a refused graph yields nothing
        if edge.stance not in TYPE_OF_STANCE:
            raise FormatError(f"edge {edge.id} has stance {edge.stance!r}, not support or attack")
        for premise in edge.premises:
            _known(node_ids, premise, edge)
        _known(first_edge_id if edge.target_is_edge else node_ids, edge.target, edge)

    def arrows():
        for index, edge in enumerate(graph.edges):
            s_id = edge_ids[index]
            for premise in edge.premises:
                yield node_ids[premise], s_id
            yield s_id, (first_edge_id if edge.target_is_edge else node_ids)[edge.target]

    quoting = _quoting(graph, node_ids, edge_ids)
    nodes = chain(
        (_i_node_json(node_ids[key], node) for key, node in graph.nodes.items()),
        (_s_node_json(edge_ids[index], edge) for index, edge in enumerate(graph.edges)),
        (
            json_node
            for l_id, ya_id, _, quote in quoting
            for json_node in (_l_node_json(l_id, quote), _ya_node_json(ya_id))
        ),
    )
    quote_arrows = (
        arrow
        for l_id, ya_id, claim_id, _ in quoting
        for arrow in ((l_id, ya_id), (ya_id, claim_id))
    )
    edges = (
        _arrow_json(number, source, target)
        for number, (source, target) in enumerate(chain(arrows(), quote_arrows), start=1)
    )
    yield "{\n"
    if graph.title:
        yield f' "title": {_string(graph.title)},\n'
    yield ' "nodes": '
    yield from _list_chunks(nodes, size)
    yield ',\n "edges": '
    yield from _list_chunks(edges, size)
    if not quoting and not graph.texts:
        yield ',\n "locutions": [],\n "participants": []\n}'
        return
    locutions = [
        {"nodeID": l_id, "source": quote.source, "start": quote.start, "end": quote.end}
        for l_id, _, _, quote in quoting
    ]
    texts = [
        {"source": t.handle, "title": t.title, "url": t.url, "text": t.text}
        for t in graph.texts.values()
    ]
    yield f',\n "locutions": {_top(locutions)},\n "participants": []'
    if len(texts) == 1:  # OVA3's analysed text
        yield f',\n "text": {_string(texts[0]["text"])}'
    yield f',\n "texts": {_top(texts)}\n}}'


def _quoting(graph, node_ids, edge_ids):
    """(L-node id, YA-node id, I-node id, Quote) for each quote whose place in a source text
    the graph carries (`Graph.texts`, `Quote.start`): the locutions of an OVA3-style text."""
    if not graph.texts:
        return []
    taken = {*node_ids.values(), *edge_ids}
    counter = 0

    def fresh(prefix):
        nonlocal counter
        counter += 1
        while f"{prefix}{counter}" in taken:
            counter += 1
        taken.add(f"{prefix}{counter}")
        return f"{prefix}{counter}"

    found = []
    for key, node in graph.nodes.items():
        for quote in node.quotes:
            if quote.source in graph.texts and quote.start is not None:
                found.append((fresh("L"), fresh("YA"), node_ids[key], quote))
    return found


def _l_node_json(node_id, quote):
    return (
        f'{{\n   "nodeID": {_string(node_id)},\n   "text": {_string(quote.text)},\n'
        '   "type": "L"\n  }'
    )


def _ya_node_json(node_id):
    return f'{{\n   "nodeID": {_string(node_id)},\n   "text": "Asserting",\n   "type": "YA"\n  }}'


def _top(value):
    """A list at the top level of the document, as json.dumps(indent=1) writes it there."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")


_string = json.encoder.encode_basestring  # the C encoder's, as json.dumps(ensure_ascii=False)


def _list_chunks(items, size):
    """A JSON list of already encoded items at indent level 1, in chunks."""
    batch, empty = [], True
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield ("[\n  " if empty else ",\n  ") + ",\n  ".join(batch)
            batch, empty = [], False
    if batch:
        yield ("[\n  " if empty else ",\n  ") + ",\n  ".join(batch)
        empty = False
    yield "[]" if empty else "\n ]"


def _allocate_ids(graph):
    """Emitted ids: the graph's own where unique across nodes and edges, else fresh numbers."""
    reserved = set(graph.nodes) | {edge.id for edge in graph.edges}
    taken = set()
    counter = 0

    def allocate(wanted):
        nonlocal counter
        if wanted and wanted not in taken:
            taken.add(wanted)
            return wanted
        counter += 1
        while str(counter) in reserved or str(counter) in taken:
            counter += 1
        taken.add(str(counter))
        return str(counter)

    node_ids = {key: allocate(key) for key in graph.nodes}
    edge_ids = [allocate(edge.id) for edge in graph.edges]
    return node_ids, edge_ids


def _known(ids, wanted, edge):
    if wanted not in ids:
        raise FormatError(f"edge {edge.id} names {wanted!r}, which is not in the graph")
    return ids[wanted]


def _i_node_json(node_id, node):
    """One I-node as it sits in the "nodes" list (indent 1, level 2)."""
    fields = [
        f'"nodeID": {_string(node_id)}',
        f'"text": {_string(node.text)}',
        '"type": "I"',
    ]
    if node.speaker:
        fields.append(f'"speaker": {_string(node.speaker)}')
    if node.quotes:
        quotes = [_quote(q) for q in node.quotes]
        fields.append(f'"quotes": {_nested(quotes)}')
    if node.sources:
        fields.append(f'"sources": {_nested(list(node.sources))}')
    return "{\n   " + ",\n   ".join(fields) + "\n  }"


def _quote(quote):
    if quote.start is None:
        return {"text": quote.text, "source": quote.source}
    return {"text": quote.text, "source": quote.source, "start": quote.start, "end": quote.end}


def _nested(value):
    # JSON text never holds a raw newline inside a string, so re-indenting lines is safe.
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n   ")


def _s_node_json(node_id, edge):
    return (
        f'{{\n   "nodeID": {_string(node_id)},\n'
        f'   "text": {_string(edge.scheme or DEFAULT_SCHEME[edge.stance])},\n'
        f'   "type": "{TYPE_OF_STANCE[edge.stance]}"\n  }}'
    )


def _arrow_json(number, source, target):
    return (
        f'{{\n   "edgeID": "{number}",\n   "fromID": {_string(source)},\n'
        f'   "toID": {_string(target)},\n   "formEdgeID": null\n  }}'
    )
