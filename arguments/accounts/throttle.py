"""Login throttling: too many failed sign-ins for one account or from one address lock it out
for a while. Counted from LoginFailure rows, so every worker process sees the same numbers."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from arguments.models import LoginFailure


def client_address(request):
    """The address the request came from (REMOTE_ADDR: a proxy in front must set it)."""
    return request.META.get("REMOTE_ADDR") or None


def lockout_remaining(*, username, address):
    """Minutes until sign-in is allowed again, or 0 when it is allowed now."""
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    since = timezone.now() - window
    recent = LoginFailure.objects.filter(created__gte=since)
    by_account = recent.filter(username__iexact=username).order_by("created")
    by_address = recent.filter(address=address).order_by("created") if address else None
    for failures, limit in (
        (by_account, settings.LOGIN_FAILURES_PER_ACCOUNT),
        (by_address, settings.LOGIN_FAILURES_PER_ADDRESS),
    ):
        if failures is None:
            continue
        times = list(failures.values_list("created", flat=True)[: limit + 1])
        if len(times) >= limit:
            # Allowed again once the oldest failure that counts leaves the window.
            unlocked = times[-limit] + window
            return max(1, int((unlocked - timezone.now()).total_seconds() // 60) + 1)
    return 0


def record_failure(*, username, address):
    LoginFailure.objects.create(username=username[:150], address=address)


def clear_failures(*, username):
    LoginFailure.objects.filter(username__iexact=username).delete()
