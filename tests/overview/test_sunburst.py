"""The sunburst layout: pure Python on (claim id, parent id, stance, label) links."""

import math
import xml.etree.ElementTree as ET

import pytest

from arguments.overview import sunburst
from arguments.overview.sunburst import ATTACK, SUPPORT, UNDERCUT, layout, reading_order, unfold

TURN = 2 * math.pi


def links_of(parents, stance=SUPPORT):
    """Links from {claim: parent}, every claim labelled with its id."""
    return [(claim, parent, stance, f"claim {claim}") for claim, parent in parents.items()]


def children_spans(drawing, parent_id):
    return [s.span for s in drawing.segments if s.parent_id == parent_id]


def test_each_ring_of_children_fills_its_parents_angle_exactly():
    parents = {2: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 3, 8: 5}
    drawing = layout(links_of(parents), root_id=1, root_label="thesis")
    assert math.isclose(sum(children_spans(drawing, 1)), TURN)
    for segment in drawing.segments[1:]:
        spans = children_spans(drawing, segment.claim_id)
        if spans:
            assert math.isclose(sum(spans), segment.span)


def test_a_claims_angle_is_proportional_to_its_subtree():
    # 2 has three claims below it (a subtree of four), 3 none.
    parents = {2: 1, 3: 1, 4: 2, 5: 2, 6: 5}
    drawing = layout(links_of(parents), root_id=1, root_label="thesis")
    by_id = {s.claim_id: s for s in drawing.segments}
    assert by_id[2].claims == 4 and by_id[3].claims == 1
    assert math.isclose(by_id[2].span, 4 * by_id[3].span)
    assert drawing.segments[0].claims == 6


def test_a_linked_claim_is_placed_once_at_its_shortest_distance_from_the_thesis():
    links = [(2, 1, SUPPORT, "a"), (3, 2, SUPPORT, "b"), (4, 3, ATTACK, "c"), (4, 1, ATTACK, "c")]
    drawing = layout(links, root_id=1, root_label="thesis")
    placed = [s for s in drawing.segments if s.claim_id == 4]
    assert len(placed) == 1
    assert placed[0].depth == 1 and placed[0].parent_id == 1


def test_cycles_terminate_and_place_every_claim_once():
    # 2 and 3 attack each other, and 3 also bears on the thesis: a cyclic imported map.
    links = [(2, 1, SUPPORT, "a"), (3, 2, ATTACK, "b"), (2, 3, ATTACK, "a"), (1, 3, ATTACK, "t")]
    drawing = layout(links, root_id=1, root_label="thesis")
    ids = [s.claim_id for s in drawing.segments]
    assert sorted(ids) == [1, 2, 3]
    assert drawing.placed == 3


def test_claims_the_thesis_does_not_reach_are_not_drawn():
    drawing = layout(links_of({2: 1, 9: 8}), root_id=1, root_label="thesis")
    assert {s.claim_id for s in drawing.segments} == {1, 2}


def test_children_too_small_to_draw_are_gathered_into_one_more_segment():
    parents = {2: 1, **{claim: 2 for claim in range(3, 300)}, 300: 1}
    drawing = layout(links_of(parents), root_id=1, root_label="thesis", min_arc=2.0)
    [more] = [s for s in drawing.segments if s.is_aggregate]
    assert more.parent_id == 2
    assert more.claims == more.hidden > 250
    assert set(more.covers) <= set(range(3, 300))
    parent = next(s for s in drawing.segments if s.claim_id == 2)
    assert math.isclose(sum(children_spans(drawing, 2)), parent.span)  # "more" included
    assert drawing.by_claim[150] == drawing.segments.index(more)


def test_a_single_small_child_is_drawn_as_itself_not_as_one_more():
    parents = {2: 1, **{claim: 2 for claim in range(3, 400)}, 400: 1}
    drawing = layout(links_of(parents), root_id=1, root_label="thesis", min_arc=2.0)
    assert not [s for s in drawing.segments if s.is_aggregate and s.parent_id == 1]
    assert any(s.claim_id == 400 for s in drawing.segments)


def test_nothing_is_drawn_below_the_depth_limit_and_the_cut_is_counted():
    chain = {claim: claim - 1 for claim in range(2, 12)}  # eleven claims in a line
    drawing = layout(links_of(chain), root_id=1, root_label="thesis", max_depth=4)
    assert drawing.rings == 4
    assert max(s.depth for s in drawing.segments) == 4
    deepest = drawing.segments[-1]
    assert deepest.claim_id == 5 and deepest.hidden == 6
    assert drawing.segments[0].hidden == 6


def test_ten_thousand_claims_draw_as_a_bounded_number_of_segments():
    parents = {claim: (claim - 2) // 5 + 1 for claim in range(2, 10_001)}
    drawing = layout(links_of(parents), root_id=1, root_label="thesis", min_arc=1.2)
    assert drawing.placed == 10_000
    assert len(drawing.segments) < 2_000
    drawn = sum(1 for s in drawing.segments if not s.is_aggregate)
    assert drawn + drawing.segments[0].hidden == 10_000


def test_reading_order_puts_pros_before_cons_and_undercutters_after_their_reason():
    rows = [
        # premise, concluded, stance, argument, undercut argument, label
        (2, 1, ATTACK, 10, None, "con"),
        (3, 1, SUPPORT, 11, None, "pro"),
        (4, 1, ATTACK, 12, 11, "undercuts the pro"),
        (5, 1, SUPPORT, 13, None, "co-premise one"),
        (6, 1, SUPPORT, 13, None, "co-premise two"),
    ]
    assert reading_order(rows) == [
        (3, 1, SUPPORT, "pro"),
        (4, 1, UNDERCUT, "undercuts the pro"),
        (5, 1, SUPPORT, "co-premise one"),
        (6, 1, SUPPORT, "co-premise two"),
        (2, 1, ATTACK, "con"),
    ]


def test_unfold_follows_links_breadth_first():
    parent_of, children, order = unfold(links_of({2: 1, 3: 2, 4: 1}), 1)
    assert order == [1, 2, 4, 3]
    assert parent_of[3] == 2


@pytest.mark.parametrize(
    "start, end, inner, outer",
    [(0.0, TURN, 0.0, 10.0), (0.0, TURN, 5.0, 10.0), (0.5, 3.9, 5.0, 10.0), (1.0, 1.2, 0, 4)],
)
def test_sector_paths_are_well_formed_svg(start, end, inner, outer):
    d = sunburst.sector_path(start, end, inner, outer)
    ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg"><path d="{d}"/></svg>')
    assert d.startswith("M") and d.endswith("Z")
    if end - start >= TURN:
        assert d.count("A") == (2 if inner == 0 else 4)  # one arc cannot close a circle
