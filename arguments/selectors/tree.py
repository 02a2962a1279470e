"""The outline: the map as a nested list from the thesis (or any claim), a few levels at a
time; deeper levels come from the children fragment."""

from dataclasses import dataclass

from arguments.selectors.focus import Child, ChildClaim, child_arguments, get_claim
from arguments.selectors.paths import decode_path, encode_path


@dataclass
class OutlinePremise:
    """A premise at one place in the outline; `items` is None until its level is loaded."""

    premise: ChildClaim
    path: str  # from the map's root down to this premise: where its children hang
    parent_path: str  # down to its parent: the path its focus view is reached by
    on_path: bool
    items: list | None = None


@dataclass
class OutlineItem:
    child: Child
    premises: list


def outline(*, slug, user, root_id=None, path="", levels=2):
    """The map from the thesis (or from `root_id`, reached by `path`) down `levels` levels.

    Deeper levels are left to the children fragment. One query for the root and four per
    level. A claim already on the path from the root is marked, not expanded again.
    """
    root, access = get_claim(slug=slug, user=user, claim_id=root_id)
    root_path = [*(decode_path(path) if root_id is not None else []), root.pk]
    return root, root_path, outline_items(root_path=root_path, levels=levels, access=access)


def outline_items(*, root_path, levels, access):
    """`OutlineItem`s under the last claim of `root_path`, `levels` deep."""
    top = []
    frontier = [(root_path, top)]
    for depth in range(levels):
        if not frontier:
            break
        children = child_arguments(
            target_ids=list({path[-1] for path, _ in frontier}), access=access
        )
        next_frontier = []
        for path, holder in frontier:
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
                        next_frontier.append(([*path, premise.claim.pk], placed.items))
                    premises.append(placed)
                holder.append(OutlineItem(child=child, premises=premises))
        frontier = next_frontier
    return top
