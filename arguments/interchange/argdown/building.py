"""What the reader collected, turned into the Graph: nodes, edges, conclusions."""

import heapq
from collections import Counter, defaultdict

from ..graph import (
    ATTACK,
    MAX_CLAIM_CHARS,
    SUPPORT,
    Edge,
    FormatError,
    Graph,
    Node,
)
from .elements import ARGUMENT, STATEMENT, UNDERCUT, Relation, element_label
from .names import UniqueNames


def build_graph(reader):
    graph = Graph(title=reader.title, reports=reader.reports)
    relations = _onto_premises(_settle_conclusions(reader), reader.reports)
    node_ids = _node_ids(reader)
    for element, node_id in node_ids.items():
        graph.nodes[node_id] = _node(element, node_id, reader.reports)
    for element in reader.elements:
        if element.empty:
            reader.reports.append(
                f"line {element.line}: a line with tags or data but no statement text is ignored"
            )
    _EdgeBuilder(graph, node_ids).build(relations)
    premises = {premise for edge in graph.edges for premise in edge.premises}
    graph.roots = [node_id for node_id in graph.nodes if node_id not in premises]
    return graph


def _settle_conclusions(reader):
    """Decide which conclusions become nodes; return the relations in file order."""
    targets = {relation.target for relation in reader.relations}
    sources = {relation.source for relation in reader.relations}
    supports = []
    for pcs in reader.reconstructions:
        conclusion, argument = pcs.conclusion, pcs.argument
        bears = argument in sources or conclusion in sources
        if conclusion.occurrences > 1 or conclusion in targets or not bears:
            supports.append(Relation(SUPPORT, argument, conclusion, pcs.conclusion_line))
        else:
            conclusion.hidden_by = argument
        for element in pcs.intermediates:
            if element.occurrences == 1 and element not in sources and element not in targets:
                element.hidden_by = argument
    for relation in reader.relations:
        if relation.source.hidden_by is not None:
            relation.source = relation.source.hidden_by
    return sorted(reader.relations + supports, key=lambda relation: relation.line)


def _onto_premises(relations, reports):
    """Supports and attacks of a reconstructed argument, read as Argdown reads them: a
    statement supporting the argument is one of its premises (it joins the co-premises of
    every edge the argument stands for), and one attacking it contradicts a premise (an
    attack on the argument's only premise; with several, on the first, reported). Neither
    is an undercut, and each is one relation, however many the argument has. A
    reconstructed argument bearing on another still bears on its inference: that is how
    `emit` writes a support or an attack of an edge."""
    kept = []
    for relation in relations:
        target = relation.target
        pcs = target.reconstruction if target.kind == ARGUMENT else None
        source_pcs = relation.source.kind == ARGUMENT and relation.source.reconstruction
        if pcs is None or relation.kind == UNDERCUT or not pcs.premises or source_pcs:
            kept.append(relation)  # a reconstructed argument on another: on its inference
        elif relation.kind == SUPPORT:
            if relation.source not in pcs.premises:
                pcs.premises.append(relation.source)
        else:
            if len(pcs.premises) > 1:
                reports.append(
                    f"line {relation.line}: {element_label(relation.source)} attacks"
                    f" {element_label(target)} without saying which premise; it is taken to"
                    f" attack the first, {element_label(pcs.premises[0])}"
                )
            kept.append(Relation(relation.kind, relation.source, pcs.premises[0], relation.line))
    return kept


def _is_node(element):
    if element.kind == ARGUMENT:
        return element.reconstruction is None
    return element.hidden_by is None and not element.empty


def _node_ids(reader):
    names = UniqueNames()
    ids = {}
    for element in reader.elements:
        if element.kind == STATEMENT and element.title and _is_node(element):
            ids[element] = names.claim(element.title)
    for element in reader.elements:
        if element.kind == ARGUMENT and _is_node(element):
            title = element.title
            ids[element] = names.claim(title if title not in names.taken else f"{title} (argument)")
    number = 0
    for element in reader.elements:
        if element.kind == STATEMENT and element.title is None and _is_node(element):
            number += 1
            while f"Untitled {number}" in names.taken:
                number += 1
            ids[element] = names.claim(f"Untitled {number}")
    return {element: ids[element] for element in reader.elements if element in ids}


def _node(element, node_id, reports):
    text = element.text or element.title
    if not element.text:
        reports.append(
            f"line {element.line}: {element_label(element)} has no text; its title is used"
        )
    if len(text) > MAX_CLAIM_CHARS:
        raise FormatError(
            f"the claim is {len(text)} characters long; the limit is {MAX_CLAIM_CHARS}",
            line=element.text_line or element.line,
        )
    data = dict(element.data)
    if element.title:
        data["title"] = element.title
    return Node(
        id=node_id,
        text=text,
        speaker=element.speaker,
        quotes=list(element.quotes),
        sources=list(element.sources),
        tags=list(element.tags),
        data=data,
    )


class _EdgeBuilder:
    """Turns relations into edges: first those on claims, then those on inferences."""

    def __init__(self, graph, node_ids):
        self.graph = graph
        self.node_ids = node_ids
        self.by_key = {}
        self.of_argument = defaultdict(list)
        self.names = UniqueNames()
        self.counter = 0

    def build(self, relations):
        on_edges = []
        for relation in relations:
            if _targets_edges(relation):
                on_edges.append(relation)
            elif relation.kind == UNDERCUT:
                label = element_label(relation.target)
                self.report(relation, f"{label} is a statement; only arguments can be undercut")
            else:
                self.add_on_node(relation)
        self.add_on_edges(on_edges)

    def report(self, relation, reason):
        self.graph.reports.append(f"line {relation.line}: {reason}; the relation is skipped")

    def premises(self, element):
        if element.kind == ARGUMENT and element.reconstruction is not None:
            ids = [self.node_ids.get(premise) for premise in element.reconstruction.premises]
            return None if None in ids else ids
        node_id = self.node_ids.get(element)
        return None if node_id is None else [node_id]

    def add_on_node(self, relation):
        premises = self.premises(relation.source)
        target = self.node_ids.get(relation.target)
        if premises is None or target is None:
            return
        if target in premises:
            self.report(relation, f"{element_label(relation.target)} cannot bear on itself")
            return
        self.add(relation.source, premises, relation.kind, target, False)

    def add_on_edges(self, relations):
        # A relation on <B>'s inference waits until every relation from <B> has its edge,
        # so that it reaches all of them; what a cycle blocks is then taken in file order.
        pending = Counter(relation.source for relation in relations)
        waiting = defaultdict(list)
        for index, relation in enumerate(relations):
            waiting[relation.target].append(index)
        ready = [index for index, relation in enumerate(relations) if not pending[relation.target]]
        heapq.heapify(ready)
        done = [False] * len(relations)
        forced = 0
        while True:
            if ready:
                index = heapq.heappop(ready)
            else:
                while forced < len(relations) and done[forced]:
                    forced += 1
                if forced == len(relations):
                    return
                index = forced
            if done[index]:
                continue
            done[index] = True
            relation = relations[index]
            self.add_on_edge(relation)
            pending[relation.source] -= 1
            if not pending[relation.source]:
                for waiting_index in waiting[relation.source]:
                    heapq.heappush(ready, waiting_index)

    def add_on_edge(self, relation):
        if relation.source is relation.target:
            self.report(relation, f"{element_label(relation.target)} cannot bear on itself")
            return
        targets = list(self.of_argument.get(relation.target, ()))
        if not targets:
            label = element_label(relation.target)
            self.report(relation, f"{label} bears on no claim, so it has no inference")
            return
        premises = self.premises(relation.source)
        if premises is None:
            return
        stance = SUPPORT if relation.kind == SUPPORT else ATTACK
        for edge_id in targets:
            self.add(relation.source, premises, stance, edge_id, True)

    def add(self, source, premises, stance, target, target_is_edge):
        key = (tuple(premises), stance, target, target_is_edge)
        edge = self.by_key.get(key)
        pcs = source.reconstruction if source.kind == ARGUMENT else None
        if edge is None:
            edge = Edge(
                id=self.new_id(source),
                premises=list(premises),
                stance=stance,
                target=target,
                target_is_edge=target_is_edge,
            )
            self.graph.edges.append(edge)
            self.by_key[key] = edge
        if pcs is not None and not edge.text:
            edge.text = f"{source.text}\n{pcs.text}" if source.text else pcs.text
            edge.scheme = edge.scheme or pcs.scheme
            edge.title = source.title or ""
            edge.description = source.text
            edge.tags = list(source.tags)
        if source.kind == ARGUMENT and edge.id not in self.of_argument[source]:
            self.of_argument[source].append(edge.id)

    def new_id(self, source):
        if source.kind == ARGUMENT and source.title:
            return self.names.claim(source.title)
        while True:
            self.counter += 1
            candidate = f"e{self.counter}"
            if candidate not in self.names.taken:
                return self.names.claim(candidate)


def _targets_edges(relation):
    target = relation.target
    if target.kind != ARGUMENT:
        return False
    return relation.kind == UNDERCUT or target.reconstruction is not None
