from django import forms

from arguments.classes.teaching.services import REASON_LENGTH


class AskForm(forms.Form):
    reason = forms.CharField(
        label="Why you want to teach",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence for staff: your school or course, say.",
        error_messages={"required": "Say in a sentence why you want to teach: staff will read it."},
    )


class DecideForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    answer = forms.CharField(required=False, max_length=REASON_LENGTH)
