"""Reads of a debate's camps and speakers, each a fixed number of queries."""

from django.db.models import Count, Q

from corpus.models import Actor, Camp


def camps_of(debate):
    """The debate's camps in their order, each with `speaker_count` (its speakers of any
    status: a camp with any cannot be deleted). One query."""
    return list(
        Camp.objects.filter(debate=debate)
        .annotate(speaker_count=Count("speakers"))
        .order_by("order", "id")
    )


def listed_speakers(debate):
    """The debate's approved speakers, by camp order then name, with their camp (one query
    per page). Pending ones are shown with the claim proposed with them, nowhere else."""
    return (
        Actor.objects.filter(debate=debate, status=Actor.Status.APPROVED)
        .select_related("camp")
        .order_by("camp__order", "camp_id", "name", "id")
    )


def speaker_choices(access):
    """The speakers a writer may pick for a claim: the debate's approved ones and the
    writer's own pending ones (named with an earlier claim still waiting)."""
    mine = Q(status=Actor.Status.PENDING, proposed_by_id=access.user.pk)
    return (
        Actor.objects.filter(Q(status=Actor.Status.APPROVED) | mine, debate=access.debate)
        .select_related("camp")
        .order_by("name", "id")
    )


def camp_choices(debate):
    """The debate's camps in their order (a queryset, for a form's list)."""
    return Camp.objects.filter(debate=debate).order_by("order", "id")
