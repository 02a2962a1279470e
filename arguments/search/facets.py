"""The facet counts of a search: how many of the candidate claims each option would keep.

Counts are taken over the candidates `selectors.find` read, with the same visibility rules
as the results (`permissions.argument_visible_q` for anything read through arguments), so
nothing hidden is ever counted. Two queries: one grouped over the claims' own columns and
one over the schemes of the arguments the claims are premises of.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from arguments.models import Claim, Debate, Premise, Stance, Status
from arguments.permissions import argument_visible_q, moderated_debates

SCHEMES_SHOWN = 12  # the most common schemes among the candidates offered as options


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


def facet_counts(ids, *, user):
    """Counts of the claims with these `ids` (the candidates, read once) by debate, speaker,
    camp, stance, sources and status, as one grouped query. Stances count only arguments the
    user may find."""

    # Joins, not EXISTS per row: PostgreSQL would hash every premise of every debate to
    # answer those. Counting distinct ids keeps the joined rows from counting twice. The ids
    # as a list of values, not a subquery: with a subquery (its size unknown to the planner)
    # PostgreSQL hashed every premise and argument of the site (0.4 s once it held 200,000
    # claims); with the list it follows the indexes from the few hundred claims.
    arguments = argument_visible_q(user, "premise_links__argument__")

    def claims_where(condition):
        return Count("id", distinct=True, filter=condition)

    counts = {
        "total": Count("id", distinct=True),
        "pro": claims_where(arguments & Q(premise_links__argument__stance=Stance.SUPPORT)),
        "con": claims_where(arguments & Q(premise_links__argument__stance=Stance.ATTACK)),
        "cited": claims_where(Q(citations__isnull=False)),
    }
    if user.is_authenticated:
        counts["moderated_pending"] = claims_where(
            Q(status=Status.PENDING, debate__in=moderated_debates(user).values("pk"))
        )
    return list(
        Claim.objects.filter(id__in=ids)
        .order_by()
        .values(
            "debate_id",
            "debate__title",
            "debate__classroom__name",
            "speaker_id",
            "speaker__name",
            "speaker__camp__key",
            "speaker__camp__name",
            "status",
        )
        .annotate(**counts)
    )


def scheme_counts(ids, *, user):
    """(scheme, claims) for the SCHEMES_SHOWN schemes most common among the arguments that
    the claims with these `ids` are premises of, counting only arguments the user may find
    (an imported map's argumentation schemes: "Argument From Expert Opinion"…)."""
    return list(
        Premise.objects.filter(argument_visible_q(user, "argument__"), claim_id__in=ids)
        .exclude(argument__scheme="")
        .order_by()
        .values_list("argument__scheme")
        .annotate(claims=Count("claim_id", distinct=True))
        .order_by("-claims", "argument__scheme")[:SCHEMES_SHOWN]
    )


def facets(rows, selected, schemes=()):
    """`Facet`s from `facet_counts` rows and `scheme_counts`, with the options of `selected`
    (the filter form's cleaned data) marked; options with no match are left out unless
    selected."""

    def tally(key, label_of):
        totals = {}
        for row in rows:
            value = key(row)
            if value is not None:
                totals[value] = totals.get(value, 0) + row["total"]
        return [Option(str(value), label_of(value), count) for value, count in totals.items()]

    def selected_value(name):
        value = selected.get(name)
        if value in (None, ""):
            return None
        return str(getattr(value, "pk", value))

    titles = {
        row["debate_id"]: Debate.title_with_class(
            row["debate__title"], row["debate__classroom__name"]
        )
        for row in rows
    }
    names = {row["speaker_id"]: row["speaker__name"] for row in rows}
    camps = {row["speaker__camp__key"]: row["speaker__camp__name"] for row in rows}
    total = sum(row["total"] for row in rows)
    result = [
        Facet("debate", "Debate", sorted(tally(lambda r: r["debate_id"], titles.get), key=_big)),
        Facet(
            "camp", "Camp", sorted(tally(lambda r: r["speaker__camp__key"], camps.get), key=_big)
        ),
        Facet("speaker", "Speaker", sorted(tally(lambda r: r["speaker_id"], names.get), key=_big)),
        Facet(
            "stance",
            "Stance",
            [
                Option(Stance.SUPPORT, "Pro of its parent", sum(r["pro"] for r in rows)),
                Option(Stance.ATTACK, "Con of its parent", sum(r["con"] for r in rows)),
            ],
        ),
        Facet(
            "has_sources",
            "Sources",
            [
                Option("true", "Quotes a source", sum(r["cited"] for r in rows)),
                Option("false", "No source", total - sum(r["cited"] for r in rows)),
            ],
        ),
    ]
    chosen_scheme = selected_value("scheme")
    scheme_options = [Option(name, name, count) for name, count in schemes]
    if chosen_scheme and chosen_scheme not in {option.value for option in scheme_options}:
        scheme_options.append(Option(chosen_scheme, chosen_scheme, 0))
    result.append(Facet("scheme", "Argument scheme", scheme_options))
    pending = sum(row.get("moderated_pending", 0) for row in rows)
    if selected_value("status") or pending:
        approved = sum(r["total"] for r in rows if r["status"] == Status.APPROVED)
        result.append(
            Facet(
                "status",
                "Status",
                [
                    Option(Status.PENDING, "Pending, to moderate", pending),
                    Option(Status.APPROVED, "Approved", approved),
                ],
            )
        )
    for facet in result:
        chosen = selected_value(facet.name)
        facet.options = [o for o in facet.options if o.count or o.value == chosen]
        for option in facet.options:
            option.selected = option.value == chosen
    return total, [facet for facet in result if facet.options]


def _big(option):
    return (-option.count, option.label or "")
