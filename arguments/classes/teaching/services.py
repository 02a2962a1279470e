"""Switching teaching on, asking to teach and deciding a request (see the package's
docstring). Keyword-only and atomic, as every service."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from arguments.classes import services as classes
from arguments.classes.teaching.models import TeachingRequest
from arguments.models import Notification

ANYONE, APPROVED = "anyone", "approved"
REASON_LENGTH = 300


def mode():
    return settings.TEACHING


@transaction.atomic
def switch_on(*, user):
    """Teaching on for `user`'s own account: only where anyone may teach (or for staff)."""
    if mode() != ANYONE and not user.is_staff:
        raise PermissionDenied(
            "On this site, staff approve who teaches: ask to teach, saying why, and you will "
            "get a notice when they decide."
        )
    classes.become_teacher(user=user)


@transaction.atomic
def ask(*, user, reason):
    """A request to teach with `reason`; refused when the account teaches already or has a
    request waiting (one at a time)."""
    if classes.is_teacher(user):
        raise ValidationError("Your account can create classes already.")
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say in a sentence why you want to teach: staff will read it.")
    if len(reason) > REASON_LENGTH:
        raise ValidationError(
            f"Keep the reason to {REASON_LENGTH} characters (it has {len(reason)})."
        )
    if "\x00" in reason:
        raise ValidationError("The reason holds a character that is not text (a null byte).")
    waiting = TeachingRequest.objects.filter(user=user, status=TeachingRequest.State.PENDING)
    if waiting.exists():
        raise ValidationError("You asked already: staff will decide, and you will get a notice.")
    try:
        with transaction.atomic():
            return TeachingRequest.objects.create(user=user, reason=reason)
    except IntegrityError:  # the same request posted twice at once
        raise ValidationError(
            "You asked already: staff will decide, and you will get a notice."
        ) from None


@transaction.atomic
def decide(*, staff, request_id, approve, answer=""):
    """Approve (teaching on, a notice) or refuse (a notice with `answer`, required) a
    pending request; of two staff deciding at once one wins, the other is told."""
    if not staff.is_staff:
        raise PermissionDenied("Only staff decide who teaches.")
    answer = " ".join(answer.split())
    if not approve and not answer:
        raise ValidationError("Give a reason for the refusal: the asker will read it.")
    if len(answer) > REASON_LENGTH:
        raise ValidationError(f"Keep the reason to {REASON_LENGTH} characters.")
    state = TeachingRequest.State.APPROVED if approve else TeachingRequest.State.REFUSED
    updated = TeachingRequest.objects.filter(
        pk=request_id, status=TeachingRequest.State.PENDING
    ).update(status=state, answer=answer, decided_by=staff, decided_at=timezone.now())
    found = TeachingRequest.objects.select_related("user", "decided_by").get(pk=request_id)
    if not updated:
        who = found.decided_by.get_username() if found.decided_by else "someone"
        raise ValidationError(f"Already {found.get_status_display().lower()} by {who}.")
    if approve:
        classes.become_teacher(user=found.user)
        message = "Your request to teach was approved: you can now create classes."
    else:
        message = f"Your request to teach was not accepted: {answer}"
    Notification.objects.create(user=found.user, message=message[:300], url="/classes/")
    return found
