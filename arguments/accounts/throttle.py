"""Sign-in throttling, one rule for every sign-in form (the site's and the admin's).

Counted from LoginFailure rows, so every worker process sees the same numbers, and
race-free: an attempt is written as a failure *before* its password is checked, and only
then are the failures counted. Whatever the interleaving, the last of any `limit + 1`
admitted attempts counts every one before it, so no more than `limit` passwords are ever
tried (concurrent attempts may all be refused — only an attack sends that many). A refused
attempt deletes its row; a wrong password leaves it; a right one clears the account's rows.
The writes must commit on their own (autocommit, as Django's views run), or other workers
would not see them.

The rules, in a window of LOGIN_FAILURE_WINDOW_MINUTES:
- an account with LOGIN_FAILURES_PER_ACCOUNT failures is locked, from everywhere;
- an address (an IPv6 one by its /64, see `addresses.counted_address`) with
  LOGIN_FAILURES_PER_ADDRESS failures (on any names) is *suspect*, never
  locked: from it, an account may still sign in unless it has itself failed from that
  address in the window. A school behind one NAT keeps signing in while someone there
  guesses; a guesser gets one try per name per window instead of the account's five.
  A name with no account is refused without a password hash being worked out (see
  forms.ThrottledSignIn): made-up names were the cheap way to keep a core busy with 0.55 s
  hashes, one request after another.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from arguments.accounts.addresses import counted_address
from arguments.models import LoginFailure


class Refused(Exception):
    """Sign-in is not tried now: `code` ("locked" or "network"), `minutes` to wait."""

    def __init__(self, code, minutes):
        super().__init__(code)
        self.code, self.minutes = code, minutes


@dataclass
class Attempt:
    row: LoginFailure

    def succeeded(self):
        clear_failures(username=self.row.username)

    def abandoned(self):
        """The password was not judged (an error): the attempt does not count."""
        LoginFailure.objects.filter(pk=self.row.pk).delete()


def _minutes_until(moment, now):
    return max(1, int((moment - now).total_seconds() // 60) + 1)


def begin_attempt(*, username, address):
    """Record an attempt for `username` from `address` and return it, or raise `Refused`.

    Call before checking the password; then `attempt.succeeded()` on a right one. A wrong
    one needs nothing: the attempt stays counted as a failure.
    """
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    LoginFailure.objects.filter(created__lt=now - 2 * window).delete()  # old rows: forgotten
    row = LoginFailure.objects.create(username=username[:150], address=counted_address(address))
    recent = LoginFailure.objects.filter(created__gte=now - window).exclude(pk=row.pk)
    refusal = _refusal(recent, row, now, window)
    if refusal:
        row.delete()
        raise refusal
    return Attempt(row)


def _refusal(recent, row, now, window):
    """A Refused, or None when the password may be tried."""
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT
    by_account = recent.filter(username__iexact=row.username).order_by("-created")
    times = list(by_account.values_list("created", flat=True)[:limit])
    if len(times) >= limit:
        # Allowed again once the `limit`-th newest failure leaves the window.
        return Refused("locked", _minutes_until(times[limit - 1] + window, now))
    if row.address is None:
        return None
    from_address = recent.filter(address=row.address)
    if from_address.count() < settings.LOGIN_FAILURES_PER_ADDRESS:
        return None
    pair = from_address.filter(username__iexact=row.username).order_by("-created")
    last = pair.values_list("created", flat=True).first()
    if last is not None:
        return Refused("network", _minutes_until(last + window, now))
    return None


def clear_failures(*, username):
    LoginFailure.objects.filter(username__iexact=username).delete()
