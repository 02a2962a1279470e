"""The source documents of a debate: who speaks (per debate, in its camps), what they
published, and verbatim spans of it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator

from . import palette
from .reader import in_sentence, page_of


class Camp(models.Model):
    """A side of one debate, as "who answers whom" and the facets group its speakers.

    `key` names the camp in addresses (`?from=<key>`, `?camp=<key>`) and stays when the
    camp is renamed, so links keep working; `style` is a key of `palette.STYLES`.
    """

    debate = models.ForeignKey("arguments.Debate", on_delete=models.CASCADE, related_name="camps")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    style = models.CharField(max_length=20, choices=palette.CHOICES, default=palette.STYLES[0].key)

    class Meta:
        ordering = ["debate", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "key"], name="camp_unique_key"),
            models.UniqueConstraint(fields=["debate", "name"], name="camp_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def look(self):
        return palette.style(self.style)


class Actor(models.Model):
    """An organisation, coalition, person or government that speaks in one debate.

    A speaker a writer names with a proposed claim is pending until a moderator approves
    that claim; until then only its proposer and the debate's moderators see it.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        COALITION = "coalition", "Coalition"
        PERSON = "person", "Person"
        GOVERNMENT = "government", "Government"

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Pending"
        REJECTED = "rejected", "Rejected"

    debate = models.ForeignKey(
        "arguments.Debate", on_delete=models.CASCADE, related_name="speakers"
    )
    # RESTRICT: a camp with speakers is not deleted, unless its debate is (with them).
    camp = models.ForeignKey(Camp, on_delete=models.RESTRICT, related_name="speakers")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind)
    url = models.URLField(blank=True)
    description = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_speakers",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "slug"], name="actor_unique_slug"),
        ]

    def __str__(self):
        return self.name


class Source(models.Model):
    """One document, with its cleaned body (`text`) and the page as received (`raw`)."""

    class Genre(models.TextChoices):
        ARTICLE = "article", "Article"
        NEWS_REPORT = "news_report", "News report"
        REPORT = "report", "Report or study"
        LETTER = "letter", "Letter"
        JOINT_LETTER = "joint_letter", "Joint letter"
        SPEECH = "speech", "Speech or statement"
        OFFICIAL_DOCUMENT = "official_document", "Official document"
        OFFICIAL_COMMENTARY = "official_commentary", "Official commentary"
        PRESS_REPORT = "press_report", "Press report of a cable"
        ADVOCACY_ARTICLE = "advocacy_article", "Advocacy article"
        BOOK = "book", "Book or chapter"
        OTHER = "other", "Other"

    class Origin(models.TextChoices):
        """How the text came in: the seed's files, or brought in the browser."""

        SEED = "seed", "Seed corpus"
        PASTE = "paste", "Pasted text"
        FILE = "file", "Uploaded file"
        URL = "url", "Fetched from its address"
        IMPORT = "import", "Imported map"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    published_precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    url = models.URLField(blank=True)
    genre = models.CharField(max_length=30, choices=Genre)
    language = models.CharField(max_length=10, default="en")
    note = models.TextField(blank=True)
    text = models.TextField()
    raw = models.TextField(blank=True)
    signatories = models.ManyToManyField(Actor, blank=True, related_name="signed_sources")
    # Where the source may be read: the debates that use it (DebateSource), never on its own.
    debates = models.ManyToManyField(
        "arguments.Debate", through="DebateSource", related_name="sources", blank=True
    )
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.SEED)
    # A paged document (PDF): the offset in `text` where each page starts, so that a quote
    # can say "p. 4" (corpus.reader.page_of). Empty for unpaged texts.
    pages = models.JSONField(default=list, blank=True)
    # A correction of a source already quoted is a new version: excerpts are offsets into
    # the text, so a cited text never changes.
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["published", "slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("corpus:source", args=[self.slug])

    @property
    def published_display(self):
        """The date only as precisely as it is known."""
        if self.published is None:
            return "undated"
        formats = {"day": "%-d %B %Y", "month": "%B %Y", "year": "%Y"}
        return self.published.strftime(formats[self.published_precision])


class DebateSource(models.Model):
    """A source used by a debate. The source is read where the debate is read, once its use
    is approved: owners and moderators add sources directly, writers propose them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    debate = models.ForeignKey(
        "arguments.Debate", on_delete=models.CASCADE, related_name="source_links"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="debate_links")
    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["debate", "source"], name="debate_source_once")
        ]
        indexes = [models.Index(fields=["source", "status"])]

    def __str__(self):
        return f"{self.source} in {self.debate}"


class Excerpt(models.Model):
    """A verbatim span of a source: valid only when `source.text[start:end] == quote`."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="excerpts")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()

    class Meta:
        ordering = ["source", "start", "end"]
        constraints = [
            models.UniqueConstraint(fields=["source", "start", "end"], name="excerpt_unique_span"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="excerpt_nonempty_span"
            ),
        ]

    def __str__(self):
        # Read by people (the admin's choices): the words and their source, never offsets.
        return f"{self.source.title}: “{Truncator(self.quote).chars(80)}”"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#excerpt-{self.pk}"

    def clean(self):
        if self.source.text[self.start : self.end] != self.quote:
            raise ValidationError(
                {"quote": "The quote is not the source's text at these offsets."},
                code="not_verbatim",
            )

    @property
    def page(self):
        """The page the quote starts on, for a paged source (a PDF), else None."""
        return page_of(self.source.pages, self.start)

    @property
    def in_sentence(self):
        """(before, quote, after): the quote in its sentence, for showing it in context."""
        return in_sentence(self.source.text, self.start, self.end)

    @classmethod
    def locate(cls, source, quote):
        """An unsaved excerpt for the first verbatim occurrence of `quote`, or None."""
        start = source.text.find(quote) if quote else -1
        if start < 0:
            return None
        return cls(source=source, start=start, end=start + len(quote), quote=quote)
