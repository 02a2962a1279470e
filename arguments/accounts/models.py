"""Accounts: per-user settings and the failed sign-ins the throttle counts."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


@cache
def known_time_zones():
    """Every IANA zone name the system's zone database holds (read once per process)."""
    return frozenset(zoneinfo.available_timezones() | {"UTC"})


def valid_time_zone(name):
    """An IANA time zone name zoneinfo knows ("Europe/Paris", "UTC"); anything else is refused
    (only names of the zone database: never a path, however it is spelled)."""
    if name and name not in known_time_zones():
        raise ValidationError(
            "“%(name)s” is not a time zone: choose one from the list.", params={"name": name}
        )


class Account(models.Model):
    """Per-user settings the teaching features need; a row exists only once one is set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    is_teacher = models.BooleanField(
        default=False, help_text="May create classes (switched on by the user on /classes/)."
    )
    must_set_password = models.BooleanField(
        default=False,
        help_text="Signed in with a one-time password from a class sheet: must choose their own.",
    )

    # The user's time zone (an IANA name; empty: UTC): every date is shown in it and the
    # date fields they fill in are read in it (accounts.middleware.TimeZoneMiddleware).
    time_zone = models.CharField(max_length=64, blank=True, validators=[valid_time_zone])

    def __str__(self):
        return f"account of {self.user}"


class LoginFailure(models.Model):
    """A failed sign-in, kept for throttling by account and by address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"failed sign-in for {self.username} from {self.address}"
