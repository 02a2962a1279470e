"""What a live stream may carry, checked with the normal Access rules before it opens."""

from django.core.exceptions import PermissionDenied

from arguments.permissions import Access, moderated_debates


def readable_debate(*, user, slug):
    """(id, version) of the debate at `slug`, or Http404 when `user` may not read it: a
    class debate to an outsider, another group's copy, an unlisted one after a switch.
    Two queries (the debate; the reader's role)."""
    access = Access.required(user, slug, may="may_read", refusal="")
    return access.debate.pk, access.debate.version


def moderated_debate_ids(*, user):
    """The ids of the debates whose queue `user` works, None meaning all (staff);
    PermissionDenied when they moderate none. One query."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to follow a moderation queue.")
    if user.is_staff:
        return None
    ids = set(moderated_debates(user).values_list("pk", flat=True))
    if not ids:
        raise PermissionDenied("You do not moderate any debate.")
    return ids
