"""The outline: the map as a nested list from the thesis (or any claim), a few levels at a
time; deeper levels come from the children fragment. Each claim shows at most
OUTLINE_CHILDREN of its arguments (the oldest); the rest are counted, and read in the
claim's focus view, which pages them."""

from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from arguments.models import Argument
from arguments.selectors.focus import Child, ChildClaim, child_arguments, get_claim
from arguments.selectors.paths import decode_path, encode_path

OUTLINE_CHILDREN = 20  # arguments shown under one claim of the outline


@dataclass
class OutlinePremise:
    """A premise at one place in the outline; `items` is None until its level is loaded."""

    premise: ChildClaim
    path: str  # from the map's root down to this premise: where its children hang
    parent_path: str  # down to its parent: the path its focus view is reached by
    on_path: bool
    items: list | None = None
    more: int = 0  # its arguments left out of `items` (past OUTLINE_CHILDREN)


@dataclass
class OutlineItem:
    child: Child
    premises: list


@dataclass
class Outline:
    root: object  # the Claim at the top
    root_path: list  # ids from the thesis down to the root
    items: list  # OutlineItems under the root
    more: int = 0  # the root's arguments left out of `items`

    @property
    def parent_path(self):
        """The `path` the root's focus view is reached by."""
        return encode_path(self.root_path[:-1])


def outline(*, slug, user, root_id=None, path="", levels=2):
    """The map from the thesis (or from `root_id`, reached by `path`) down `levels` levels,
    OUTLINE_CHILDREN arguments at most under each claim, as an `Outline`.

    Deeper levels are left to the children fragment. One query for the root and five per
    level. A claim already on the path from the root is marked, not expanded again.
    """
    root, access = get_claim(slug=slug, user=user, claim_id=root_id)
    root_path = [*(decode_path(path) if root_id is not None else []), root.pk]
    items, more = outline_items(root_path=root_path, levels=levels, access=access)
    return Outline(root=root, root_path=root_path, items=items, more=more)


def first_arguments(*, target_ids, access, limit=OUTLINE_CHILDREN):
    """(ids of the `limit` oldest arguments on each target the user may see, {target id:
    how many such arguments it has}). One query."""
    ranked = (
        Argument.objects.filter(access.arguments(), target_claim_id__in=target_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("target_claim_id"),
                order_by=[F("created").asc(), F("id").asc()],
            ),
            total=Window(Count("id"), partition_by=F("target_claim_id")),
        )
        .filter(rank__lte=limit)
        .order_by()
    )
    ids, totals = [], {}
    for pk, target_id, total in ranked.values_list("id", "target_claim_id", "total"):
        ids.append(pk)
        totals[target_id] = total
    return ids, totals


def outline_items(*, root_path, levels, access):
    """(`OutlineItem`s under the last claim of `root_path`, `levels` deep, how many of the
    root's arguments are left out)."""
    top = []
    frontier = [(root_path, top, None)]
    left_out = 0
    for depth in range(levels):
        if not frontier:
            break
        target_ids = list({path[-1] for path, _, _ in frontier})
        shown, totals = first_arguments(target_ids=target_ids, access=access)
        children = child_arguments(target_ids=target_ids, access=access, argument_ids=shown)
        next_frontier = []
        for path, holder, placed_above in frontier:
            more = max(0, totals.get(path[-1], 0) - OUTLINE_CHILDREN)
            if placed_above is None:
                left_out = more
            else:
                placed_above.more = more
            for child in children[path[-1]]:
                premises = []
                for premise in child.premises:
                    placed = OutlinePremise(
                        premise=premise,
                        path=encode_path([*path, premise.claim.pk]),
                        parent_path=encode_path(path),
                        on_path=premise.claim.pk in path,
                    )
                    if not placed.on_path and premise.has_children and depth + 1 < levels:
                        placed.items = []
                        next_frontier.append(([*path, premise.claim.pk], placed.items, placed))
                    premises.append(placed)
                holder.append(OutlineItem(child=child, premises=premises))
        frontier = next_frontier
    return top, left_out
