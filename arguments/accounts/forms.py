"""Sign-up, and sign-in that counts failures (see `throttle`)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from arguments.accounts import throttle


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional; needed only to reset a forgotten password."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]


class ThrottledAuthenticationForm(AuthenticationForm):
    """Sign-in that refuses, with a clear message, after too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": (
            "Too many failed sign-ins for this account or from this address. "
            "Try again in %(minutes)s minute(s), or reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else None
        minutes = throttle.lockout_remaining(username=username, address=address)
        if minutes:
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username=username, address=address)
            raise
        throttle.clear_failures(username=username)
        return cleaned
