"""What people type to add or edit a source: the three ways in, the review and the edit."""

from django import forms
from django.conf import settings

from corpus.models import Source

# The review form posts the whole text back; Django holds a form's fields to
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), so a text stays under it even at 3 bytes a character.
TEXT_MAX_CHARS = 800_000
TOO_LONG = (
    "The text is {length:,} characters long; a source may have at most {limit:,}. "
    "Split the document and add its parts as sources of their own."
)


def size_words(size):
    """A byte count as people say it: "10 MB", "512 KB"."""
    if size >= 2**20:
        megabytes = size / 2**20
        return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
    return f"{max(1, size // 1024)} KB"


def check_length(text):
    if len(text) > TEXT_MAX_CHARS:
        raise forms.ValidationError(TOO_LONG.format(length=len(text), limit=TEXT_MAX_CHARS))


class PasteForm(forms.Form):
    text = forms.CharField(
        label="The text",
        widget=forms.Textarea(attrs={"rows": 12}),
        strip=False,
        help_text="The words of the source, as they were published.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        check_length(text)
        if not text.strip():
            raise forms.ValidationError("Paste the words of the source.")
        return text


class UploadForm(forms.Form):
    file = forms.FileField(
        label="A file",
        help_text="HTML, PDF, DOCX, Markdown or plain text.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".html,.htm,.pdf,.docx,.md,.markdown,.txt,text/*,application/pdf"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = size_words(settings.SOURCE_MAX_BYTES)
        self.fields["file"].help_text = f"HTML, PDF, DOCX, Markdown or plain text; at most {limit}."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.SOURCE_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {size_words(upload.size)}; the most a source may come from is "
                f"{size_words(settings.SOURCE_MAX_BYTES)}."
            )
        return upload


class UrlForm(forms.Form):
    url = forms.URLField(
        label="The page's address",
        max_length=2000,
        assume_scheme="https",
        help_text="An HTML page or a PDF on the web; this site fetches it.",
    )


class MetadataForm(forms.Form):
    """A source's details, as the review step and the edit page show them."""

    title = forms.CharField(label="Title", max_length=300)
    byline = forms.CharField(label="Author (byline)", max_length=200, required=False)
    publisher = forms.CharField(label="Publisher or site", max_length=200, required=False)
    published = forms.DateField(
        label="Date published",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty if the source is undated.",
    )
    precision = forms.ChoiceField(
        label="The date is exact to the",
        choices=Source.Precision.choices,
        initial=Source.Precision.DAY,
        help_text="A date known only to its month or year is shown that way.",
    )
    url = forms.URLField(
        label="Address (URL)", max_length=200, required=False, assume_scheme="https"
    )
    genre = forms.ChoiceField(label="Genre", choices=Source.Genre.choices)
    language = forms.CharField(
        label="Language",
        max_length=10,
        initial="en",
        help_text="A language code, such as en, fr or zh.",
    )

    def clean_language(self):
        language = self.cleaned_data["language"].strip().lower()
        if not all(part.isascii() and part.isalnum() for part in language.split("-")):
            raise forms.ValidationError("Write a language code, such as en, fr or zh-hant.")
        return language

    def metadata(self):
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("title", "byline", "publisher", "published", "url", "genre", "language")
        } | {"precision": data["precision"]}


class ReviewForm(MetadataForm):
    step = forms.CharField(widget=forms.HiddenInput, initial="save")
    token = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="The text",
        widget=forms.Textarea(attrs={"rows": 20}),
        strip=False,
        help_text=(
            "Correct what the extraction got wrong. The text is fixed once a quote cites it."
        ),
    )

    field_order = ["text", "title", "byline", "publisher", "published", "precision", "url"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        check_length(text)
        if not text.strip():
            raise forms.ValidationError("The text is empty: a source needs its words.")
        return text


class EditForm(MetadataForm):
    """The edit page: details always; the text while no quote cites it, else a correction."""

    text = forms.CharField(
        label="The text",
        widget=forms.Textarea(attrs={"rows": 20}),
        strip=False,
        required=False,
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        check_length(text)
        return text
