"""Time zones: each user reads dates in their own (`Account.time_zone`, from the browser at
sign-up, changed on /accounts/settings/), and the date fields they fill in are read in it.

The middleware activates the zone for the request (Django's `timezone.activate`), so
templates (`localtime`, the `|when` filter) and form fields use it. The name is kept in the
session at sign-in (and again when the user changes it), so a request costs no query.
"""

import zoneinfo
from functools import cache

from django.utils import timezone

from arguments.accounts.models import known_time_zones
from arguments.models import Account

SESSION_KEY = "time_zone"


@cache
def names():
    """Every IANA zone name the system knows, sorted (for the settings page's list)."""
    return sorted(known_time_zones())


def zone(name):
    """The ZoneInfo of `name`, or None for an empty or unknown name (read as UTC). Only names
    of the zone database are looked up: a made-up one never reaches the file system."""
    if not name or name not in known_time_zones():
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_at_sign_in(sender, request, user, **kwargs):
    """At sign-in (the `user_logged_in` signal): keep the user's zone name in the session,
    so no request after it reads the account for it."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = _stored(user)


def _stored(user):
    return Account.objects.filter(user=user).values_list("time_zone", flat=True).first() or ""


def remember_zone(request, name):
    """The user chose `name`: use it from this request on."""
    request.session[SESSION_KEY] = name
    timezone.activate(zone(name) or timezone.get_default_timezone())


class TimeZoneMiddleware:
    """Activate the signed-in user's time zone for the request (UTC for everyone else)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = ""
        if request.user.is_authenticated:
            name = request.session.get(SESSION_KEY)
            if name is None:  # a session begun before zones were kept in it
                name = request.session[SESSION_KEY] = _stored(request.user)
        found = zone(name)
        if found is None:
            timezone.deactivate()
        else:
            timezone.activate(found)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
