"""The facets of search (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef

from arguments.models import Citation, Claim, Premise, Stance, Status
from arguments.permissions import argument_visible_q, moderated_debates

AGES = [("1", "Older than a day"), ("7", "Older than a week"), ("30", "Older than a month")]


class ClaimSearchFilter(django_filters.FilterSet):
    """Facets of a search: narrows the claims `search.matching_claims` found.

    The status facet exists for signed-in users only and offers pending items of the
    debates they moderate; it can only narrow what `permissions.searchable_q` allows.
    """

    # Ids are whole numbers a database integer holds: a longer one is a form error, not an
    # OverflowError from the query (the filter's field is a DecimalField).
    debate = django_filters.NumberFilter(field_name="debate_id", max_digits=18, decimal_places=0)
    # A camp is named by its key, the same in every debate that has a camp of that name
    # (the seed's keys are those its links have always carried).
    camp = django_filters.CharFilter(field_name="speaker__camp__key", max_length=40)
    speaker = django_filters.NumberFilter(field_name="speaker_id", max_digits=18, decimal_places=0)
    stance = django_filters.ChoiceFilter(choices=Stance.choices, method="filter_stance")
    has_sources = django_filters.BooleanFilter(method="filter_has_sources", label="Sources")
    status = django_filters.ChoiceFilter(
        choices=[(Status.PENDING, "Pending"), (Status.APPROVED, "Approved")],
        method="filter_status",
    )
    date = django_filters.DateFromToRangeFilter(field_name="created", label="Added")
    # An imported argument's scheme ("Argument From Expert Opinion"): the claims that are
    # premises of an argument the user may find that names it.
    scheme = django_filters.CharFilter(method="filter_scheme", max_length=200)

    class Meta:
        model = Claim
        fields = [
            "debate",
            "camp",
            "speaker",
            "stance",
            "has_sources",
            "status",
            "date",
            "scheme",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.is_authenticated:
            del self.filters["status"]

    # Facets that only claims have: when one is set, sources are not searched.
    CLAIM_ONLY = ("debate", "camp", "speaker", "stance", "has_sources", "status", "scheme")

    @property
    def narrows_claims_only(self):
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) not in (None, "") for name in self.CLAIM_ONLY)

    def filter_stance(self, queryset, name, value):
        arguments = Premise.objects.filter(
            argument_visible_q(self.user, "argument__"),
            claim=OuterRef("pk"),
            argument__stance=value,
        )
        return queryset.filter(Exists(arguments))

    def filter_scheme(self, queryset, name, value):
        arguments = Premise.objects.filter(
            argument_visible_q(self.user, "argument__"),
            claim=OuterRef("pk"),
            argument__scheme=value,
        )
        return queryset.filter(Exists(arguments))

    def filter_has_sources(self, queryset, name, value):
        cited = Exists(Citation.objects.filter(claim=OuterRef("pk")))
        return queryset.filter(cited if value else ~cited)

    def filter_status(self, queryset, name, value):
        if value == Status.PENDING:
            return queryset.filter(
                status=Status.PENDING, debate__in=moderated_debates(self.user).values("pk")
            )
        return queryset.filter(status=value)
