"""Where a claim stands in its debate: the path from the thesis, as the reader came or the
shortest one, and the parsers of ids and `?path=` from requests (the only ones).

A path travels in URLs as `?path=<thesis id>-…-<parent id>`; `decode_path` reads it,
`breadcrumbs` checks it is a real chain of arguments the reader may see (one query) and
falls back to `shortest_path_to` (one recursive query) when it is not.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import (
    Case,
    F,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from arguments.models import (
    Claim,
    Premise,
)

MAX_PATH = 64  # claims a path may hold


def as_id(value):
    """A primary key from a request parameter: an int for up to 18 ASCII digits, else None.

    `str.isdigit()` is no test: it accepts "²" (which int() refuses) and numbers past a
    database integer (which the query refuses); either was a 500 where a 404 was meant."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def encode_path(ids):
    return "-".join(str(pk) for pk in ids)


def decode_path(value):
    """Claim ids from a `path` query parameter; malformed or overlong input gives []."""
    parts = (value or "").split("-")
    if not value or len(parts) > MAX_PATH:
        return []
    ids = [as_id(part) for part in parts]
    return [] if None in ids else ids


def breadcrumbs(*, claim, access, requested):
    """The claims from the thesis down to `claim`'s parent, and how `claim` bears on it.

    The path the reader came by (`requested`) is used when it is a real chain of approved
    arguments from the thesis to this claim (one query, which brings the claims too);
    otherwise the shortest such chain (two more). The relation is "support", "attack" or
    "undercut" (None for the thesis).
    """
    thesis_id = claim.debate.thesis_id
    if claim.pk == thesis_id:
        return [], None
    ids = requested if requested and requested[0] == thesis_id else []
    if ids:
        found = _chain([*ids, claim.pk], access)
        if found is not None:
            relation, by_id = found
            by_id[thesis_id] = claim.debate.thesis  # loaded with the claim by `get_claim`
            path = [by_id.get(pk) for pk in ids]
            if all(c is not None and access.may_see(c) for c in path):
                return path, relation
    ids, relation = shortest_path_to(claim_id=claim.pk, thesis_id=thesis_id, access=access)
    by_id = Claim.objects.filter(access.claims(), debate=claim.debate, pk__in=ids).in_bulk()
    if len(by_id) != len(set(ids)):
        return [], None
    return [by_id[pk] for pk in ids], relation


_RELATION = Case(
    When(argument__target_claim__isnull=True, then=Value("undercut")),
    default=F("argument__stance"),
)


def _chain(ids, access):
    """(how the last claim of `ids` bears on the one before, the claims after the first by
    id) if each claim bears, by an argument the user may see, on the one before it; None
    when `ids` is not such a chain. One query."""
    if len(set(ids)) != len(ids):
        return None
    rows = (
        Premise.objects.filter(access.arguments("argument__"), claim_id__in=ids[1:])
        .annotate(
            concluded=Coalesce(
                "argument__target_claim_id", "argument__target_argument__target_claim_id"
            ),
            relation=_RELATION,
        )
        .filter(concluded__in=ids[:-1])
        .select_related("claim")
        .order_by("argument_id")
    )
    links, claims = {}, {}
    for row in rows:
        links.setdefault((row.concluded, row.claim_id), row.relation)
        claims[row.claim_id] = row.claim
    pairs = list(zip(ids, ids[1:], strict=False))
    if not all(pair in links for pair in pairs):
        return None
    return links[pairs[-1]], claims


# Walk up from a claim through approved arguments (an undercutter leads to the claim its
# undercut argument concludes), recording for every claim reached the child it was reached
# from, how that child bears on it, and the distance. Rows are distinct under UNION, so the
# walk is bounded by the number of edges times MAX_PATH even on cycles.
_UPWARD_SQL = """
WITH RECURSIVE up(claim_id, child_id, relation, depth) AS (
    SELECT CAST(%s AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS VARCHAR), 0
    UNION
    SELECT COALESCE(a.target_claim_id, undercut.target_claim_id), up.claim_id,
           CAST(CASE WHEN a.target_claim_id IS NULL THEN 'undercut' ELSE a.stance END AS VARCHAR),
           up.depth + 1
    FROM up
    JOIN arguments_premise p ON p.claim_id = up.claim_id
    JOIN arguments_argument a ON a.id = p.argument_id
    LEFT JOIN arguments_argument undercut ON undercut.id = a.target_argument_id
    WHERE (a.status = 'approved' OR a.author_id = %s OR (%s = 1 AND a.status = 'pending'))
      AND up.depth < %s
      AND COALESCE(a.target_claim_id, undercut.target_claim_id) IS NOT NULL
)
SELECT claim_id, child_id, relation, depth FROM up
"""


def shortest_path_to(*, claim_id, thesis_id, access):
    """The shortest chain of claim ids from the thesis down to `claim_id`'s parent, and how
    `claim_id` bears on that parent; ([], None) when the claim does not reach the thesis."""
    with connection.cursor() as cursor:
        user_id = access.user.pk if access.user.is_authenticated else None
        cursor.execute(_UPWARD_SQL, [claim_id, user_id, int(access.may_moderate), MAX_PATH])
        rows = cursor.fetchall()
    reached_from = defaultdict(dict)
    for reached, child, relation, depth in rows:
        reached_from[depth].setdefault(reached, (child, relation))
    depths = [depth for depth, claims in reached_from.items() if thesis_id in claims]
    if not depths:
        return [], None
    depth = min(depths)
    ids, current, relation = [], thesis_id, None
    while depth > 0:
        ids.append(current)
        current, relation = reached_from[depth][current]
        depth -= 1
    return ids, relation
