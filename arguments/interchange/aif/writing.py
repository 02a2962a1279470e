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

    nodes = chain(
        (_i_node_json(node_ids[key], node) for key, node in graph.nodes.items()),
        (_s_node_json(edge_ids[index], edge) for index, edge in enumerate(graph.edges)),
    )
    edges = (
        _arrow_json(number, source, target)
        for number, (source, target) in enumerate(arrows(), start=1)
    )
    yield "{\n"
    if graph.title:
        yield f' "title": {_string(graph.title)},\n'
    yield ' "nodes": '
    yield from _list_chunks(nodes, size)
    yield ',\n "edges": '
    yield from _list_chunks(edges, size)
    yield ',\n "locutions": [],\n "participants": []\n}'


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
        quotes = [{"text": q.text, "source": q.source} for q in node.quotes]
        fields.append(f'"quotes": {_nested(quotes)}')
    if node.sources:
        fields.append(f'"sources": {_nested(list(node.sources))}')
    return "{\n   " + ",\n   ".join(fields) + "\n  }"


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
