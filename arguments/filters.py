"""The moderation queue's filters (django-filter)."""

from datetime import timedelta

import django_filters
from django.utils import timezone

from arguments.models import Classroom, Debate, Proposal

AGES = [("1", "Older than a day"), ("7", "Older than a week"), ("30", "Older than a month")]


class ProposalFilter(django_filters.FilterSet):
    debate = django_filters.ModelChoiceFilter(queryset=Debate.objects.none(), empty_label="All")
    classroom = django_filters.ModelChoiceFilter(
        field_name="debate__classroom",
        queryset=Classroom.objects.none(),
        empty_label="All",
        label="Class",
    )
    kind = django_filters.ChoiceFilter(choices=Proposal.Kind.choices, empty_label="All")
    flag_reason = django_filters.ChoiceFilter(
        choices=Proposal.FlagReason.choices, empty_label="Any", label="Flag reason"
    )
    author = django_filters.CharFilter(
        field_name="author__username", lookup_expr="iexact", label="Author"
    )
    older_than = django_filters.ChoiceFilter(
        choices=AGES, method="filter_older_than", empty_label="Any age", label="Age"
    )

    class Meta:
        model = Proposal
        fields = ["debate", "classroom", "kind", "flag_reason", "author", "older_than"]

    def __init__(self, *args, debates=None, classrooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if debates is not None:
            self.filters["debate"].queryset = debates.select_related("classroom")
        if classrooms is not None and classrooms.exists():
            self.filters["classroom"].queryset = classrooms
        else:
            del self.filters["classroom"]
        # A public debate and its class copy share a title: the copy names its class.
        self.form.fields["debate"].label_from_instance = lambda debate: debate.full_title

    def filter_older_than(self, queryset, name, value):
        return queryset.filter(created__lte=timezone.now() - timedelta(days=int(value)))
