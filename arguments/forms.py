"""Forms of the debate pages: proposing a claim, a better wording, a flag; deciding a proposal."""

from itertools import groupby

from django import forms
from django.core.validators import slug_re
from django.forms.models import ModelChoiceIterator
from django.utils.text import Truncator

from arguments.models import Proposal, Stance
from arguments.models.claim import CLAIM_MAX_LENGTH
from arguments.services.propose import NOT_A_DEBATE_SOURCE
from corpus.models import Actor, DebateSource, Excerpt, Source
from corpus.reader import passage


class ExcerptsBySource(ModelChoiceIterator):
    """The choices of `EvidenceField`: one group per source, named by its title, in the
    queryset's order (the queryset orders by source, then by place in the text)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for source, excerpts in groupby(self.queryset, key=lambda excerpt: excerpt.source):
            yield (source.title, [self.choice(excerpt) for excerpt in excerpts])


class EvidenceSelect(forms.Select):
    """Each option carries its whole quote (`data-quote`), which the form's script shows in
    full once chosen and searches with the filter box above the list."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        excerpt = getattr(value, "instance", None)
        if excerpt is not None:
            option["attrs"]["data-quote"] = excerpt.quote
        return option


class EvidenceField(forms.ModelChoiceField):
    """A passage already quoted in the debate, listed as its words under its source's
    title (never as offsets), so that a long list stays readable."""

    iterator = ExcerptsBySource
    widget = EvidenceSelect

    def label_from_instance(self, excerpt):
        page = f" (p. {excerpt.page})" if excerpt.page else ""
        return f"“{Truncator(excerpt.quote).chars(110)}”{page}"


class ProposeClaimForm(forms.Form):
    """A new pro or con: one proposition, an optional speaker and optional evidence."""

    stance = forms.ChoiceField(
        choices=Stance.choices, widget=forms.RadioSelect, label="This claim is a"
    )
    text = forms.CharField(
        label="Claim",
        max_length=CLAIM_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": CLAIM_MAX_LENGTH}),
        help_text="One proposition in plain words, at most 500 characters.",
    )
    speaker = forms.ModelChoiceField(
        queryset=Actor.objects.none(),
        required=False,
        empty_label="My own reason",  # short: a phone shows the whole choice
        help_text="Pick a speaker when a source states this claim.",
    )
    new_speaker_name = forms.CharField(
        label="Or name a speaker the list does not have",
        max_length=200,
        required=False,
        help_text="A moderator checks a new speaker with your claim.",
    )
    new_speaker_kind = forms.ChoiceField(
        label="Kind of speaker",
        choices=[("", "Choose a kind"), *Actor.Kind.choices],
        required=False,
    )
    # The debate's camps are read once, whether or not it has any (`camps` below), so the
    # form costs the same query either way.
    new_speaker_camp = forms.TypedChoiceField(
        label="Their camp", choices=[], required=False, coerce=int, empty_value=None
    )
    excerpt = EvidenceField(
        queryset=Excerpt.objects.none(),
        required=False,
        empty_label="No quote",
        label="A passage already quoted",
    )
    source = forms.SlugField(required=False, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    unpick = forms.BooleanField(required=False, label="Quote nothing from the reader")

    # What a draft kept during a trip to the source reader holds (views/drafts.py).
    DRAFT_FIELDS = (
        "stance",
        "text",
        "speaker",
        "new_speaker_name",
        "new_speaker_kind",
        "new_speaker_camp",
        "excerpt",
        "source",
        "start",
        "end",
    )

    def __init__(
        self, *args, debate=None, excerpts=None, picked=False, speakers=None, camps=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.debate = debate
        if speakers is not None:
            self.fields["speaker"].queryset = speakers
        self.camps = {camp.pk: camp for camp in camps} if camps is not None else {}
        self.fields["new_speaker_camp"].choices = [
            ("", "Choose a camp"),
            *((camp.pk, camp.name) for camp in self.camps.values()),
        ]
        if excerpts is not None:
            self.fields["excerpt"].queryset = excerpts.select_related("source")
        if self.is_bound:
            # Shown again after an error: the selection stays unless it was replaced.
            data = self.data
            picked = bool(data.get("source")) and not data.get("excerpt") and not data.get("unpick")
        if picked:
            # The passage selected in the reader is the evidence unless another is chosen.
            self.fields["excerpt"].empty_label = "The chosen passage (above)"
            self.fields["excerpt"].label = "Or instead, a passage already quoted"

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())

    def clean(self):
        cleaned = super().clean()
        cleaned["new_speaker"] = self._new_speaker(cleaned)
        self.new_excerpt = None
        slug, start, end = cleaned.get("source"), cleaned.get("start"), cleaned.get("end")
        if cleaned.get("excerpt") or cleaned.get("unpick"):
            # A passage chosen from the list, or "quote nothing", replaces the selection.
            return cleaned
        if slug or start is not None or end is not None:
            source = debate_source(self.debate, slug)
            if source is None:
                raise forms.ValidationError(NOT_A_DEBATE_SOURCE)
            self.new_excerpt = picked_excerpt(source, start, end)
            if self.new_excerpt is None:
                raise forms.ValidationError(
                    "The selected passage could not be found in its source; select it again."
                )
        return cleaned

    def _new_speaker(self, cleaned):
        """The speaker named in the form's "not listed" fields, as the service takes it."""
        name = " ".join(cleaned.get("new_speaker_name", "").split())
        if not name:
            return None
        if cleaned.get("speaker"):
            self.add_error(
                "new_speaker_name", "Choose a listed speaker or name a new one, not both."
            )
        if not cleaned.get("new_speaker_kind"):
            self.add_error("new_speaker_kind", "Say what kind of speaker this is.")
        if not cleaned.get("new_speaker_camp"):
            self.add_error("new_speaker_camp", "Choose the camp this speaker belongs to.")
        return {
            "name": name,
            "kind": cleaned.get("new_speaker_kind"),
            "camp": self.camps.get(cleaned.get("new_speaker_camp")),
        }


def debate_source(debate, slug):
    """The source at `slug` if `debate` uses it (approved in it), else None: a source of
    another debate is never quoted here, and answers as a missing one does."""
    # A slug or nothing: the parameter comes from the URL (PostgreSQL refuses a NUL in it).
    if debate is None or not slug_re.match(slug or ""):
        return None
    return Source.objects.filter(
        slug=slug,
        debate_links__debate=debate,
        debate_links__status=DebateSource.Status.APPROVED,
    ).first()


def picked_excerpt(source, start, end):
    """An unsaved, verbatim Excerpt for a passage of `source` selected in the source reader,
    widened to whole words (`corpus.reader.passage`), or None."""
    span = passage(source.text, start, end) if source else None
    if span is None:
        return None
    return Excerpt(source=source, start=span[0], end=span[1], quote=source.text[span[0] : span[1]])


class EditClaimForm(forms.Form):
    text = forms.CharField(
        label="New wording",
        max_length=CLAIM_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": CLAIM_MAX_LENGTH}),
    )
    reason = forms.CharField(label="Why", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Proposal.FlagReason.choices, widget=forms.RadioSelect, label="What is wrong"
    )
    duplicate_of = forms.IntegerField(
        required=False,
        label="Duplicate of claim number",
        help_text="Only for duplicates: the number in the other claim's address (/c/123/).",
    )
    note = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Proposal.FlagReason.DUPLICATE and not cleaned.get(
            "duplicate_of"
        ):
            self.add_error("duplicate_of", "Say which claim this one duplicates.")
        return cleaned


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject"), ("merge", "Merge")]
    )
    reason = forms.CharField(required=False, max_length=1000)
    text = forms.CharField(required=False, max_length=CLAIM_MAX_LENGTH)
    kept = forms.IntegerField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason: the author will read it.")
        if cleaned.get("action") == "merge" and not cleaned.get("kept"):
            self.add_error("kept", "Give the number of the claim to keep.")
        return cleaned
