from django.contrib.auth import get_user_model
from django.core.handlers.asgi import ASGIRequest
from django.db.models import Count, Exists, OuterRef, Q

from arguments.models import ClassMember, Debate, Membership
from arguments.permissions import MODERATING


def live(request):
    """Whether pages hold live streams (arguments/live/): only under the ASGI server; under
    WSGI (`make run`) they render as they always did, with no stream to open."""
    return {"live_pages": isinstance(request, ASGIRequest)}


def header(request):
    """The signed-in user's unread notifications and whether to show the moderation link.

    One query, and none for anonymous readers.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def load():
        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                unread=Count("notifications", filter=Q(notifications__read_at__isnull=True)),
                moderates=Exists(
                    Membership.objects.filter(user=OuterRef("pk"), role__in=MODERATING)
                )
                | Exists(Debate.objects.filter(owner=OuterRef("pk")))
                | Exists(
                    ClassMember.objects.filter(user=OuterRef("pk"), role=ClassMember.Role.TEACHER)
                ),
            )
            .values("unread", "moderates")
            .first()
        ) or {"unread": 0, "moderates": False}
        row["moderates"] = row["moderates"] or user.is_staff
        return row

    return {"header": _Lazy(load)}


class _Lazy:
    """Runs `load` once, the first time a template reads it (pages without a header skip it)."""

    def __init__(self, load):
        self._load = load
        self._value = None

    def __getitem__(self, key):
        if self._value is None:
            self._value = self._load()
        return self._value[key]
