"""Sign-up, and the sign-in forms (the site's and the admin's), throttled by `throttle`."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from arguments.accounts import throttle
from arguments.accounts.addresses import client_address


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional; needed only to reset a forgotten password."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]


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
        if attempt.suspect and not _exists(username):
            # Answered as a wrong password, without the hash Django works out for a name
            # with no account (which keeps its timing like a real one's): from an address
            # guessing many names, that hash is the attack. Usernames are shown beside
            # everything people write here, so the faster answer gives nothing away.
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
