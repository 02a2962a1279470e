"""Forms of the class pages."""

import re
from datetime import timedelta

from django import forms
from django.utils import timezone

from arguments.models import Debate
from arguments.selectors.paths import as_id

CLAIM_ADDRESS = re.compile(r"/c/(\d+)/?")


class ClassroomForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="E.g. “Year 11 debate club, spring”.")
    pseudonyms = forms.BooleanField(
        required=False,
        label="Students see each other by pseudonym only",
        help_text="You always see both their names and their pseudonyms.",
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label="Class code",
        help_text="The letters and digits your teacher gave (dashes and spaces do not matter).",
    )


class ClassDebateForm(forms.Form):
    """A class debate from a thesis of its own, or a copy of a public debate."""

    title = forms.CharField(
        max_length=200, required=False, help_text="Left empty for a copy: the original's title."
    )
    thesis = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a new debate: the claim at the root of the map.",
    )
    source = forms.ModelChoiceField(
        queryset=Debate.objects.none(),
        required=False,
        label="Or copy a public debate",
        empty_label="— write a thesis instead —",
    )
    root = forms.CharField(
        required=False,
        max_length=300,
        label="Only the part under this claim",
        help_text="Paste the claim's address (…/c/<number>/) or its number; empty: whole map.",
    )

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources if sources is not None else Debate.objects.none()

    def clean_root(self):
        typed = self.cleaned_data["root"].strip()
        if not typed:
            return None
        found = CLAIM_ADDRESS.search(typed) or re.fullmatch(r"(\d+)", typed)
        pk = as_id(found.group(1)) if found else None
        if pk is None:
            raise forms.ValidationError("Paste the claim's address or type its number.")
        return pk

    def clean(self):
        data = super().clean()
        if not data.get("source") and not (data.get("title") and data.get("thesis")):
            raise forms.ValidationError(
                "Write a title and a thesis, or choose a public debate to copy."
            )
        return data


def _local_input(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


class AssignmentForm(forms.Form):
    debate = forms.ModelChoiceField(queryset=Debate.objects.none(), label="Class debate")
    title = forms.CharField(max_length=200)
    instructions = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    opens = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    due = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    sides = forms.ChoiceField(
        choices=[("balanced", "Pro and con, balanced at random"), ("free", "Free for everyone")],
        widget=forms.RadioSelect,
        initial="balanced",
        help_text="You can change any student's side afterwards.",
    )

    def __init__(self, *args, debates=None, **kwargs):
        now = timezone.now().replace(second=0, microsecond=0)
        kwargs.setdefault(
            "initial", {"opens": _local_input(now), "due": _local_input(now + timedelta(days=7))}
        )
        super().__init__(*args, **kwargs)
        self.fields["debate"].queryset = debates if debates is not None else Debate.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("due") and data["due"] <= data["opens"]:
            self.add_error("due", "The due date must come after the opening.")
        return data


class BulkStudentsForm(forms.Form):
    names = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Names, one a line",
        help_text="Each gets an account and a one-time password to change at first sign-in.",
    )


FEEDBACK_LENGTH = "Write the feedback, in at most 2,000 characters."


class FeedbackForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label="Private feedback",
        error_messages={"required": FEEDBACK_LENGTH, "max_length": FEEDBACK_LENGTH},
    )
