from django.conf import settings
from django.db import models
from django.urls import reverse


class Debate(models.Model):
    """A debate: a thesis and the graph of claims and arguments that bear on it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        UNLISTED = "unlisted", "Unlisted"
        CLASS = "class", "Class only"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    thesis = models.ForeignKey(
        "arguments.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PUBLIC)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_debates",
    )
    classroom = models.ForeignKey(
        "arguments.Classroom",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="debates",
        help_text="The class a class-only debate belongs to.",
    )
    writers_restricted = models.BooleanField(
        default=False,
        help_text="Only members with the writer role or above may propose, not every user.",
    )
    featured = models.BooleanField(
        default=False, help_text="Listed first on the home page (the seed debate)."
    )
    # Kept in step by services.counts.refresh_counts after every write that changes them,
    # so the home page does not count a 100,000-claim debate on each visit.
    claim_count = models.PositiveIntegerField(default=0, editable=False)
    source_count = models.PositiveIntegerField(default=0, editable=False)
    # Bumped with `updated` by every write that changes what readers see (services.counts
    # .touch): the stamp of the readers' page cache and of its ETags.
    version = models.PositiveBigIntegerField(db_default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-featured", "-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("arguments:debate", args=[self.slug])
