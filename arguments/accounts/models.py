"""Accounts: per-user settings and the failed sign-ins the throttle counts."""

from django.conf import settings
from django.db import models


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

    def __str__(self):
        return f"account of {self.user}"


class LoginFailure(models.Model):
    """A failed sign-in, kept for throttling by account and by address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"failed sign-in for {self.username} from {self.address}"
