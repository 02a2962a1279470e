"""Reads for adding and editing sources: who may edit one."""

from django.db.models import Q

from arguments.permissions import moderated_debates
from corpus.models import DebateSource, Source


def editable_source(*, slug, user):
    """The source at `slug` if `user` may edit it, else None (two queries at most).

    The owners and moderators (teachers, for a class debate) of a debate that uses or was
    offered the source may edit it; so may whoever added it, while its use is pending.
    """
    if not user.is_authenticated:
        return None
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        return None
    links = DebateSource.objects.filter(source=source).exclude(status=DebateSource.Status.REJECTED)
    allowed = links.filter(
        Q(debate__in=moderated_debates(user).values("pk"))
        | Q(added_by_id=user.pk, status=DebateSource.Status.PENDING)
    )
    return source if allowed.exists() else None


def first_debate(source):
    """A debate the source is used in, to go back to (one query)."""
    link = (
        source.debate_links.exclude(status=DebateSource.Status.REJECTED)
        .select_related("debate")
        .order_by("id")
        .first()
    )
    return link.debate if link else None
