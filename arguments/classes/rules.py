"""Pure helpers for classes: join codes, sides of the map, balanced sides, report output.

No ORM here: the services and selectors pass plain ids and rows in.
"""

import random
import secrets
from collections import deque
from dataclasses import dataclass

# Join codes avoid characters read alike aloud or on a projector: no 0/O, 1/I/L.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Ten of its 31 characters: about 49.5 bits. Wrong codes are throttled per user and per
# address (services.join), which stops one client; the length stops many: at a thousand
# guesses a second from everywhere at once, finding any one of 100,000 classes would take
# about three months. Codes made before (six characters) keep working.
JOIN_CODE_LENGTH = 10

PRO, CON, FREE = "pro", "con", "free"


def new_join_code(length=JOIN_CODE_LENGTH):
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))


def shown_join_code(code):
    """A code as people read it off a board: in groups of five ("ABCDE-FGHJK")."""
    return "-".join(code[start : start + 5] for start in range(0, len(code), 5))


def normalise_join_code(typed):
    """What a student typed, as a code to look up: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def positions(edges, thesis_id):
    """{claim id: (depth, side)} for every claim reached from the thesis.

    `edges` are (premise claim id, stance, target claim id) tuples: the premise supports or
    attacks the target (the caller gives an undercutter as an attack on the undercut
    argument's premise: it argues against that reason). The thesis is at depth 0 on the pro
    side; a claim's side is its target's when it supports it, the other one when it
    attacks. Where a
    claim is reached by several routes the shortest one counts (breadth first), so the
    answer is the same whatever order the rows come in.
    """
    below = {}
    for premise, stance, target in edges:
        below.setdefault(target, []).append((premise, stance != "support"))
    for children in below.values():
        children.sort()
    placed = {thesis_id: (0, PRO)}
    queue = deque([thesis_id])
    while queue:
        current = queue.popleft()
        depth, side = placed[current]
        for premise, flips in below.get(current, ()):
            if premise not in placed:
                placed[premise] = (depth + 1, opposite(side) if flips else side)
                queue.append(premise)
    return placed


OPEN, NOT_OPEN, CLOSED, ARCHIVED = "open", "not_open", "closed", "archived"


def assignment_state(*, opens, due, archived, now):
    """Where an assignment stands for its students: ARCHIVED (the class is archived),
    CLOSED (past its due time), NOT_OPEN (before it opens) or OPEN. Only OPEN lets a
    student write; the order is the order of precedence."""
    if archived:
        return ARCHIVED
    if due < now:
        return CLOSED
    if opens > now:
        return NOT_OPEN
    return OPEN


def due_for(due, extension=None):
    """A student's due time: the assignment's, or their extension's when that is later (an
    extension never shortens the time to write)."""
    return extension if extension is not None and extension > due else due


def opposite(side):
    return CON if side == PRO else PRO


def side_of_new_claim(target_side, stance):
    """The side a new claim argues for when it supports or attacks a claim on `target_side`."""
    return target_side if stance == "support" else opposite(target_side)


def side_refusal(student_side, target_side, stance):
    """Why a student on `student_side` may not add this pro/con, or "" when they may.

    The rule: a student adds only claims that argue for their own side — pros under claims
    of their side, cons under claims of the other side. Free students add anything.
    """
    if student_side == FREE or target_side is None:
        return ""
    if side_of_new_claim(target_side, stance) == student_side:
        return ""
    mine = "for the thesis" if student_side == PRO else "against the thesis"
    if target_side == student_side:
        hint = "Here you can add a pro: this claim is on your side."
    else:
        hint = "Here you can add a con: this claim is on the other side."
    return f"You argue {mine} in this assignment, and this would argue the other way. {hint}"


def balanced_sides(student_ids, rng=None):
    """Pro and con for the students, half each in a random order (an odd one out is pro)."""
    shuffled = list(student_ids)
    (rng or random.SystemRandom()).shuffle(shuffled)
    return {pk: (PRO if index % 2 == 0 else CON) for index, pk in enumerate(shuffled)}


def split_into_groups(student_ids, count, rng=None):
    """The students dealt into `count` groups of sizes that differ by at most one."""
    shuffled = list(student_ids)
    (rng or random.SystemRandom()).shuffle(shuffled)
    return [shuffled[index::count] for index in range(count)]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (a formula) gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class Bar:
    label: str
    value: int
    y: int  # top of the bar; its label sits on the line above it
    width: float
    text_x: float


CHART_WIDTH = 360  # about a phone's width, so its 12 px text is hardly scaled down there
CHART_LABEL_CHARACTERS = 48  # a label on its own line fits this many characters whole


def bar_chart(rows, *, width=CHART_WIDTH, bar_height=16, label_height=16, gap=8):
    """Layout of a horizontal bar chart: (bars, height, scale maximum) for (label, value)
    rows; the template draws it as SVG, each label on its own line above its bar, from
    the left edge (so no label runs off the chart, however long)."""
    top = max([value for _, value in rows] + [1])
    usable = width - 40
    pitch = label_height + bar_height + gap
    bars = []
    for index, (label, value) in enumerate(rows):
        length = usable * value / top
        bars.append(
            Bar(
                label=label,
                value=value,
                y=index * pitch + label_height,
                width=round(length, 1),
                text_x=round(length + 4, 1),
            )
        )
    height = max(len(rows) * pitch, pitch)
    return bars, height, top


def subgraph(graph, root_id):
    """The part of an interchange Graph that bears on `root_id`, directly or through other
    claims (undercutters of kept arguments included), with `root_id` as its one root."""
    from arguments.interchange.graph import Graph

    on_node, on_edge = {}, {}
    for edge in graph.edges:
        (on_edge if edge.target_is_edge else on_node).setdefault(edge.target, []).append(edge)
    nodes, edges = {root_id}, {}
    frontier = [(root_id, False)]
    while frontier:
        target, is_edge = frontier.pop()
        for edge in (on_edge if is_edge else on_node).get(target, ()):
            if edge.id in edges:
                continue
            edges[edge.id] = edge
            frontier.append((edge.id, True))
            for premise in edge.premises:
                if premise not in nodes:
                    nodes.add(premise)
                    frontier.append((premise, False))
    return Graph(
        title=graph.title,
        nodes={pk: node for pk, node in graph.nodes.items() if pk in nodes},
        edges=[edge for edge in graph.edges if edge.id in edges],
        roots=[root_id],
    )


# What a teacher may ask of each student, counted from the student's approved claims: pros
# and cons (by their stance towards the claim they answer), passages quoted, and replies to
# the other side (cons of a reason below the thesis: an answer to someone's reason).
TARGETS = (
    ("pros", "pros"),
    ("cons", "cons"),
    ("quotes", "passages quoted"),
    ("replies", "replies to the other side"),
)
MAX_TARGET = 50


@dataclass(frozen=True)
class Progress:
    key: str
    label: str
    done: int
    wanted: int

    @property
    def met(self):
        return self.done >= self.wanted


def progress(counts, targets):
    """A Progress per target the teacher set (a wanted count above 0), in TARGETS order;
    `counts` maps each key of TARGETS to what the student has done."""
    return [
        Progress(key, label, counts.get(key, 0), int(targets[key]))
        for key, label in TARGETS
        if int(targets.get(key) or 0) > 0
    ]
