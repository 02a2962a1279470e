"""Accounts made from a class list sign in with a one-time password and must choose their
own before doing anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from arguments.models import Account

SESSION_KEY = "must_set_password"


def flag_one_time_password(sender, request, user, **kwargs):
    """At sign-in (the `user_logged_in` signal), remember in the session whether the account
    still has its one-time password, so later requests need no query to know."""
    if Account.objects.filter(user=user, must_set_password=True).exists():
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


def clear_one_time_password(request):
    """The user chose their own password."""
    Account.objects.filter(user=request.user).update(must_set_password=False)
    request.session.pop(SESSION_KEY, None)


class RequireOwnPasswordMiddleware:
    """Send a user still on a one-time password to the change-password page."""

    ALLOWED = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY) and request.user.is_authenticated:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed:
                messages.info(request, "Choose your own password to start.")
                return redirect("password_change")
        return self.get_response(request)
