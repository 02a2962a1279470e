"""The whole map as one nested list for printing, built from an exported Graph (pure)."""

from dataclasses import dataclass, field

from .graph import SUPPORT

MAX_PRINTED = 10_000


@dataclass
class Printed:
    number: str
    texts: list  # several for co-premises, which stand together
    speakers: list
    stance: str | None
    undercut: bool = False
    repeat_of: str = ""  # the number where this claim was printed first
    children: list = field(default_factory=list)


def printable(graph, *, limit=MAX_PRINTED):
    """(root, truncated): the map from its first root, numbered like 1.2.3, pros before cons.

    A claim printed once is printed again only as a reference to its first number, so
    linked claims and cycles end the walk there. Stops after `limit` entries.
    """
    if not graph.roots:
        return None, False
    under = {}
    for edge in graph.edges:
        key = ("edge", edge.target) if edge.target_is_edge else ("node", edge.target)
        under.setdefault(key, []).append(edge)
    for edges in under.values():
        edges.sort(key=lambda e: e.stance != SUPPORT)
    root_node = graph.nodes[graph.roots[0]]
    root = Printed("1", [root_node.text], [root_node.speaker], None)
    first_number = {root_node.id: "1"}
    count, truncated = 1, False
    # Pre-order, first child first, so that "see" always points to a number printed above.
    stack = [(root, [root_node], None)]
    while stack:
        item, nodes, edge = stack.pop()
        if item is not root:
            seen = [first_number[n.id] for n in nodes if n.id in first_number]
            if seen and len(nodes) == 1:
                item.repeat_of = seen[0]
                continue
            for node in nodes:
                first_number.setdefault(node.id, item.number)
        keys = [("node", n.id) for n in nodes] + ([("edge", edge.id)] if edge else [])
        created = []
        for index, child_edge in enumerate(
            (e for key in keys for e in under.get(key, [])), start=1
        ):
            if count >= limit:
                truncated = True
                break
            count += 1
            child_nodes = [graph.nodes[p] for p in child_edge.premises]
            child = Printed(
                f"{item.number}.{index}",
                [n.text for n in child_nodes],
                [n.speaker for n in child_nodes],
                child_edge.stance,
                undercut=child_edge.target_is_edge,
            )
            item.children.append(child)
            created.append((child, child_nodes, child_edge))
        stack.extend(reversed(created))
    return root, truncated
