"""Sign-up, and the sign-in forms (the site's and the admin's), throttled by `throttle`."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from arguments.accounts import throttle, zones
from arguments.accounts.addresses import client_address
from arguments.models import Account


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional; needed only to reset a forgotten password."
    )
    # Filled in by static/js/timezone.js with the browser's zone; without JavaScript, or
    # with a name this server does not know, the account reads dates in UTC.
    time_zone = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        return name if zones.zone(name) is not None else ""

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit and self.cleaned_data.get("time_zone"):
            Account.objects.create(user=user, time_zone=self.cleaned_data["time_zone"])
        return user


class AccountSettingsForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone",
        help_text="Dates are shown in it, and the dates you type are read in it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in zones.names()]


class ThrottledSignIn:
    """Mixed into an authentication form: the password is checked only when `throttle`
    admits the attempt; otherwise the form says why and how long to wait."""

    refusals = {
        "locked": (
            "Too many failed sign-ins for this account. "
            "Try again in %(minutes)s minute(s), or reset your password."
        ),
        "network": (
            "Too many failed sign-ins from your network, this account’s among them. "
            "Try again in %(minutes)s minute(s), or reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # the missing field says so; no password is tried
        address = client_address(self.request) if self.request else None
        try:
            attempt = throttle.begin_attempt(username=username, address=address)
        except throttle.Refused as refused:
            raise forms.ValidationError(
                self.refusals[refused.code], code=refused.code, params={"minutes": refused.minutes}
            ) from None
        if not _exists(username):
            # Answered as a wrong password, without the hash Django works out for a name
            # with no account (which keeps its timing like a real one's): for someone
            # sending made-up names one after another, that hash is the attack. Usernames
            # are shown beside everything people write here, and the sign-up form says
            # which are taken, so the faster answer gives nothing away.
            raise self.get_invalid_login_error()
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            raise  # a wrong password: the attempt stays counted
        except BaseException:
            attempt.abandoned()
            raise
        attempt.succeeded()
        return cleaned


def _exists(username):
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).exists()


class ThrottledAuthenticationForm(ThrottledSignIn, AuthenticationForm):
    """/accounts/login/."""


class ThrottledAdminAuthenticationForm(ThrottledSignIn, AdminAuthenticationForm):
    """The admin's sign-in page: the same counts and lockouts as /accounts/login/."""
