"""Reads for who may teach: the state of one account, and the staff's list of requests."""

from django.conf import settings

from arguments.classes.teaching.models import TeachingRequest


def state(user):
    """(the site's mode, the user's latest request or None) for the classes page: one
    query in "approved" mode, none otherwise."""
    if settings.TEACHING != "approved" or not user.is_authenticated:
        return settings.TEACHING, None
    return settings.TEACHING, TeachingRequest.objects.filter(user=user).order_by("-id").first()


def requests(*, waiting=True):
    """Teaching requests for staff, the waiting ones oldest first, else the decided ones
    newest first (a query per page shown)."""
    found = TeachingRequest.objects.select_related("user", "decided_by")
    if waiting:
        return found.filter(status=TeachingRequest.State.PENDING).order_by("created", "id")
    return found.exclude(status=TeachingRequest.State.PENDING).order_by("-decided_at", "-id")
