"""The shape of a whole debate as a sunburst: pure Python on plain tuples, no ORM.

The debate's graph may be a DAG (linked claims) and, in imported maps, contain cycles.
`layout` unfolds it as a tree from the thesis breadth first, so every claim is placed once,
at its shortest distance from the thesis (the first such path in reading order), and a
claim met again — a linked claim's other place, or a cycle back up — is not expanded
again. Each claim is a ring segment whose angle is proportional to the number of claims
in its subtree; the thesis is the disc at the centre.

What is too small to draw is aggregated, so a map of 10,000 claims stays readable: a
parent's children whose arc would be shorter than `min_arc` are drawn as one "N more"
segment at the end of the parent's span, nothing is drawn below `max_depth` rings, and a
segment too thin to hold children draws none. Every segment says how many claims it
stands for and how many of them are not drawn.

Angles are radians clockwise from twelve o'clock; lengths are in the drawing's units, the
disc of radius `radius` centred on the origin.
"""

import math
from collections import defaultdict, deque
from dataclasses import dataclass, replace

SUPPORT, ATTACK, UNDERCUT = "support", "attack", "undercut"
FULL_TURN = 2 * math.pi
THESIS_SHARE = 0.16  # of the radius, for the disc at the centre


@dataclass(frozen=True)
class Segment:
    claim_id: int | None  # None for an aggregate of small siblings ("N more")
    parent_id: int | None
    stance: str | None  # support, attack or undercut; None for the thesis and aggregates
    label: str
    depth: int
    start: float
    end: float
    inner: float
    outer: float
    claims: int  # the claims this segment stands for: its subtree, or the aggregated ones
    hidden: int  # of those, how many have no segment of their own
    path: tuple  # claim ids from the thesis down to the parent
    d: str  # SVG path data
    covers: tuple = ()  # for an aggregate: the ids of the children it gathers

    @property
    def is_aggregate(self):
        return self.claim_id is None

    @property
    def mid_angle(self):
        return (self.start + self.end) / 2

    @property
    def span(self):
        return self.end - self.start

    @property
    def parent_path(self):
        """Claim ids from the thesis down to the parent's parent: the path to the parent."""
        return self.path[:-1]

    @property
    def roomy(self):
        """Whether a short label fits in the middle of the segment."""
        middle = (self.inner + self.outer) / 2
        return self.span * middle >= 9 and self.outer - self.inner >= 7

    @property
    def label_x(self):
        return round((self.inner + self.outer) / 2 * math.sin(self.mid_angle), 2)

    @property
    def label_y(self):
        return round(-(self.inner + self.outer) / 2 * math.cos(self.mid_angle), 2)


@dataclass(frozen=True)
class Drawing:
    segments: list  # the thesis first, then every claim before its descendants
    placed: int  # claims reachable from the thesis, each counted once
    rings: int  # rings drawn around the thesis disc
    radius: float

    @property
    def main_lines(self):
        """The segments of the first ring: the thesis's own pros, cons and aggregate."""
        return [segment for segment in self.segments if segment.depth == 1]

    @property
    def by_claim(self):
        """Index of the segment showing each claim drawn alone or gathered in an aggregate."""
        found = {}
        for index, segment in enumerate(self.segments):
            for claim_id in segment.covers or (segment.claim_id,):
                found[claim_id] = index
        return found


def unfold(links, root_id):
    """The tree of `links` from `root_id`, breadth first: (parent of, children of, order).

    `links` are (claim id, parent id, stance, label) in reading order; a claim is placed
    under the first parent that reaches it at the least depth, and never twice.
    """
    under = defaultdict(list)
    for claim_id, parent_id, stance, label in links:
        under[parent_id].append((claim_id, stance, label))
    parent_of = {root_id: None}
    children = defaultdict(list)
    order = [root_id]
    queue = deque([root_id])
    while queue:
        node = queue.popleft()
        for claim_id, stance, label in under.get(node, ()):
            if claim_id in parent_of:
                continue
            parent_of[claim_id] = node
            children[node].append((claim_id, stance, label))
            order.append(claim_id)
            queue.append(claim_id)
    return parent_of, children, order


def reading_order(rows):
    """Links (claim id, parent id, relation, label) in the order the focus view reads a
    claim's children: its pros, then its cons, each argument's premises followed by those
    of the arguments that undercut it (relation "undercut", under the same parent).

    `rows` are (premise claim id, concluded claim id, stance, argument id, undercut
    argument id or None, label), sorted as the arguments were made.
    """
    direct = defaultdict(list)
    undercutters = defaultdict(list)
    premises = defaultdict(list)
    stance_of = {}
    for claim_id, parent_id, stance, argument_id, undercut_id, label in rows:
        if argument_id not in stance_of:
            stance_of[argument_id] = stance
            if undercut_id is None:
                direct[parent_id].append(argument_id)
            else:
                undercutters[undercut_id].append(argument_id)
        premises[argument_id].append((claim_id, label))
    links = []
    for parent_id, arguments in direct.items():
        for stance in (SUPPORT, ATTACK):
            for argument_id in arguments:
                if stance_of[argument_id] != stance:
                    continue
                links += [(c, parent_id, stance, text) for c, text in premises[argument_id]]
                for undercutter in undercutters[argument_id]:
                    links += [(c, parent_id, UNDERCUT, text) for c, text in premises[undercutter]]
    return links


def layout(links, *, root_id, root_label, radius=100.0, max_depth=6, min_arc=1.5):
    """A `Drawing` of the debate unfolded from `root_id` (see the module docstring)."""
    _, children, order = unfold(links, root_id)
    size = {}
    height = {}
    for node in reversed(order):
        kids = children.get(node, ())
        size[node] = 1 + sum(size[kid] for kid, _, _ in kids)
        height[node] = 1 + max((height[kid] for kid, _, _ in kids), default=-1)
    rings = min(max_depth, height[root_id])
    disc = radius * THESIS_SHARE if rings else radius
    width = (radius - disc) / rings if rings else 0.0

    def ring(depth):
        inner = disc + (depth - 1) * width
        return inner, inner + width

    thesis = Segment(
        claim_id=root_id,
        parent_id=None,
        stance=None,
        label=root_label,
        depth=0,
        start=0.0,
        end=FULL_TURN,
        inner=0.0,
        outer=disc,
        claims=size[root_id],
        hidden=0,
        path=(),
        d=sector_path(0.0, FULL_TURN, 0.0, disc),
    )
    segments = [thesis]

    def draw(node, start, end, depth, path):
        """Draw `node`'s children in [start, end] on ring depth+1; return how many of
        `node`'s descendants get no segment of their own."""
        kids = children.get(node, ())
        if not kids:
            return 0
        if depth >= rings:
            return size[node] - 1
        inner, outer = ring(depth + 1)
        middle = (inner + outer) / 2
        if (end - start) * middle < min_arc:
            return size[node] - 1
        per_claim = (end - start) / (size[node] - 1)
        big = [kid for kid in kids if size[kid[0]] * per_claim * middle >= min_arc]
        small = [kid for kid in kids if size[kid[0]] * per_claim * middle < min_arc]
        if len(small) == 1:  # one small child is clearer drawn as itself than as "1 more"
            big, small = list(kids), []
        hidden = 0
        cursor = start
        below = (*path, node)
        for claim_id, stance, label in big:
            span = size[claim_id] * per_claim
            index = len(segments)
            segments.append(None)  # the claim's own place, before its descendants
            own_hidden = draw(claim_id, cursor, cursor + span, depth + 1, below)
            segments[index] = Segment(
                claim_id=claim_id,
                parent_id=node,
                stance=stance,
                label=label,
                depth=depth + 1,
                start=cursor,
                end=cursor + span,
                inner=inner,
                outer=outer,
                claims=size[claim_id],
                hidden=own_hidden,
                path=below,
                d=sector_path(cursor, cursor + span, inner, outer),
            )
            hidden += own_hidden
            cursor += span
        if small:
            claims = sum(size[claim_id] for claim_id, _, _ in small)
            segments.append(
                Segment(
                    claim_id=None,
                    parent_id=node,
                    stance=None,
                    label=f"{claims} more claim{'s' if claims != 1 else ''}",
                    depth=depth + 1,
                    start=cursor,
                    end=end,
                    inner=inner,
                    outer=outer,
                    claims=claims,
                    hidden=claims,
                    path=below,
                    d=sector_path(cursor, end, inner, outer),
                    covers=tuple(claim_id for claim_id, _, _ in small),
                )
            )
            hidden += claims
        return hidden

    thesis_hidden = draw(root_id, 0.0, FULL_TURN, 0, ())
    segments[0] = replace(thesis, hidden=thesis_hidden)
    return Drawing(segments=segments, placed=len(order), rings=rings, radius=radius)


def _point(angle, r):
    return f"{r * math.sin(angle):.2f} {-r * math.cos(angle):.2f}"


def sector_path(start, end, inner, outer):
    """SVG path data of the ring sector between two angles and two radii.

    A full turn is drawn as two half arcs (one arc cannot start and end at the same
    point), with the hole traced the other way round so that it stays empty.
    """
    if end - start >= FULL_TURN - 1e-9:
        half = start + math.pi
        outline = (
            f"M{_point(start, outer)}A{outer:.2f} {outer:.2f} 0 1 1 {_point(half, outer)}"
            f"A{outer:.2f} {outer:.2f} 0 1 1 {_point(start, outer)}Z"
        )
        if inner <= 0:
            return outline
        return (
            f"{outline}M{_point(start, inner)}A{inner:.2f} {inner:.2f} 0 1 0 {_point(half, inner)}"
            f"A{inner:.2f} {inner:.2f} 0 1 0 {_point(start, inner)}Z"
        )
    large = 1 if end - start > math.pi else 0
    return (
        f"M{_point(start, outer)}A{outer:.2f} {outer:.2f} 0 {large} 1 {_point(end, outer)}"
        f"L{_point(end, inner)}A{inner:.2f} {inner:.2f} 0 {large} 0 {_point(start, inner)}Z"
    )
