from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from arguments.models.common import Status

CLAIM_MAX_LENGTH = 500  # what people write here (the forms' limit)
# What a claim may hold: imported maps keep their long claims whole. Equal to the
# interchange readers' MAX_CLAIM_CHARS (a test holds them together).
CLAIM_STORED_LENGTH = 5000
LABEL_LENGTH = 200  # an imported title's or scheme's stored length


class Claim(models.Model):
    """One proposition of a debate, optionally attributed to the actor whose position it is."""

    class Label(models.TextChoices):
        IN = "in", "Accepted"
        OUT = "out", "Defeated"
        UNDECIDED = "undecided", "Undecided"

    # Indexed by the (debate, status) index and the (debate, key) constraint below: a
    # column index of its own would only slow down every insert (an import writes 100,000).
    debate = models.ForeignKey(
        "arguments.Debate", on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    key = models.SlugField(
        max_length=100,
        blank=True,
        db_index=False,
        help_text="Stable reference from a seeded or imported map; empty for claims made here.",
    )
    text = models.CharField(max_length=CLAIM_STORED_LENGTH)
    # RESTRICT: a speaker with claims is not deleted, unless the debate holding both is.
    speaker = models.ForeignKey(
        "corpus.Actor", null=True, blank=True, on_delete=models.RESTRICT, related_name="claims"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when a moderator merged this duplicate into another claim.",
    )
    # Cached evaluation (services.evaluate): grounded label, DF-QuAD strength, and whether
    # the strength settled (it may not on a cycle of an imported map).
    label = models.CharField(max_length=10, choices=Label, blank=True)
    strength = models.FloatField(null=True, blank=True)
    strength_settled = models.BooleanField(db_default=True)
    base_score = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="The claim's strength before its reasons are weighed; empty means 0.5.",
    )
    # db_default too: bulk imports COPY their rows without this column.
    note = models.TextField(
        blank=True,
        default="",
        db_default="",
        help_text="The mapper's note: which sentence states the claim and why it stands where "
        "it does (seeded maps; shown under the quotes).",
    )
    # Labels an imported map gives the claim (Argdown's `[Title]` and `#tags`), shown in its
    # focus view and exported back; tags are stored one a line (`tag_list`).
    title = models.CharField(max_length=LABEL_LENGTH, blank=True, default="", db_default="")
    tags = models.TextField(blank=True, default="", db_default="")
    excerpts = models.ManyToManyField(
        "corpus.Excerpt", through="arguments.Citation", related_name="claims", blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "key"],
                condition=~models.Q(key=""),
                name="claim_unique_key_per_debate",
            ),
        ]
        indexes = [models.Index(fields=["debate", "status"])]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("arguments:claim", args=[self.debate.slug, self.pk])

    @property
    def tag_list(self):
        return split_tags(self.tags)

    @property
    def is_editorial(self):
        """A connecting claim that no source states: nobody is named as its speaker."""
        return self.speaker_id is None


def split_tags(stored):
    """The tags of a `tags` column (one a line), in their order."""
    return [tag for tag in stored.split("\n") if tag]


def join_tags(tags):
    """The `tags` column for these tags: each on one line, without repeats."""
    cleaned = (" ".join(str(tag).split()) for tag in tags)
    return "\n".join(dict.fromkeys(tag for tag in cleaned if tag))


class Citation(models.Model):
    """A claim's evidence: a verbatim excerpt, with an optional note on how it bears."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    excerpt = models.ForeignKey(
        "corpus.Excerpt", on_delete=models.PROTECT, related_name="citations"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "excerpt"], name="citation_unique"),
        ]

    def __str__(self):
        return f"claim #{self.claim_id} cites excerpt #{self.excerpt_id}"
