"""Attempts counted per action and per person in fixed windows of Django's cache.

Guarantees:
- An attempt is counted with `cache.add` then `cache.incr`, both atomic in Redis and in the
  in-process cache, so two requests of one worker (or of every worker, on a shared cache)
  never both take the last place of a window.
- A window is a fixed slice of the clock (`now // seconds`); a refusal says exactly when
  the next one opens. Refused attempts count too, so hammering does not shorten the wait.
- The person is the signed-in user, or for anonymous requests the client address (read by
  `accounts.addresses`, behind trusted proxies too; an IPv6 one counted by its /64). The key
  is a digest, so any text (an e-mail address typed into a form) is a safe key.
- With CACHE_URL the counts are shared by every worker and server. While Redis is away
  (or refuses writes) each process counts on its own, in memory (the "limits" alias's
  fallback, arguments/cache/backend.py): a limit is then as loose as without a shared
  cache, never switched off. The sign-in and class-join throttles count in the database
  and do not depend on the cache at all.
- A limit of 0 attempts means no limit. Limits come from `settings.RATE_LIMITS`, an action
  name to (attempts, seconds), read on every call so tests may override them.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from arguments.accounts.addresses import client_address, counted_address

CACHE_ALIAS = "limits"

# What the person did, for "You have … too often".
DONE = {
    "vote": "rated reasons",
    "propose": "proposed claims",
    "flag": "flagged",
    "signup": "signed up",
    "new_debate": "started debates",
    "import": "imported files",
    "password_reset": "asked for a password reset",
    "what_if": "asked what if",
    "export": "downloaded maps",
    "camps": "changed camps and speakers",
    "bring_source": "read files or fetched pages for sources",
    "add_source": "added sources",
}


@dataclass(frozen=True)
class Refusal:
    """Why an attempt was refused: the action and the seconds until the next window."""

    action: str
    retry_after: int

    @property
    def wait(self):
        if self.retry_after < 60:
            seconds = max(1, self.retry_after)
            return f"{seconds} second{'s' if seconds != 1 else ''}"
        minutes = math.ceil(self.retry_after / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"

    @property
    def message(self):
        return f"You have {DONE.get(self.action, 'done this')} too often; try again in {self.wait}."


def person(request):
    """Who the request counts against: `user:<pk>`, or `address:<ip>` when anonymous."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{counted_address(client_address(request)) or 'unknown'}"


def hit(action, who, *, now=None):
    """Count one attempt of `action` by `who` (any text); a Refusal when it is over the
    limit, None when it is allowed."""
    attempts, seconds = settings.RATE_LIMITS[action]
    if attempts <= 0:
        return None
    now = time.time() if now is None else now
    window = int(now // seconds)
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"limit:{action}:{digest}:{window}"
    cache = caches[CACHE_ALIAS]
    cache.add(key, 0, timeout=seconds + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr: this attempt opens the window again
        cache.add(key, 1, timeout=seconds + 5)
        used = 1
    if used <= attempts:
        return None
    return Refusal(action=action, retry_after=math.ceil((window + 1) * seconds - now))


def check(request, action, *also):
    """Count one attempt of `action` by the request's person and by each of `also` (other
    keys, such as the e-mail address a reset is asked for); the Refusal with the longest
    wait, else None."""
    refusals = [hit(action, who) for who in (person(request), *also)]
    refusals = [refusal for refusal in refusals if refusal is not None]
    return max(refusals, key=lambda refusal: refusal.retry_after) if refusals else None
