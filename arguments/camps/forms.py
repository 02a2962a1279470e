"""What people type on the camps page."""

from django import forms

from arguments.camps.services import CAMP_NAME_LENGTH, SPEAKER_NAME_LENGTH
from corpus import palette
from corpus.models import Actor, Camp


class CampForm(forms.Form):
    name = forms.CharField(label="Name", max_length=CAMP_NAME_LENGTH)
    style = forms.ChoiceField(label="Colour and pattern", choices=palette.CHOICES)


class SpeakerForm(forms.Form):
    name = forms.CharField(label="Name", max_length=SPEAKER_NAME_LENGTH)
    kind = forms.ChoiceField(label="Kind", choices=Actor.Kind.choices)
    camp = forms.ModelChoiceField(label="Camp", queryset=Camp.objects.none(), empty_label=None)
    url = forms.URLField(label="Web address", required=False, assume_scheme="https")
    description = forms.CharField(
        label="Who they are (one sentence)", max_length=300, required=False
    )

    def __init__(self, *args, debate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["camp"].queryset = Camp.objects.filter(debate=debate).order_by("order", "id")
