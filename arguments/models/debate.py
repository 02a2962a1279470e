import secrets
import string

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

# The unguessable part of an unlisted debate's address: 12 of 36 characters, 62 bits.
LINK_SECRET_LENGTH = 12
LINK_SECRET_ALPHABET = string.ascii_lowercase + string.digits


def unlisted_slug(title):
    """An address for an unlisted debate: its title's slug and a random part, so that only
    who is given the link finds it (a title alone never leads to it)."""
    secret = "".join(secrets.choice(LINK_SECRET_ALPHABET) for _ in range(LINK_SECRET_LENGTH))
    base = slugify(title)[: 80 - LINK_SECRET_LENGTH - 1].strip("-") or "debate"
    return f"{base}-{secret}"


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

    def save(self, *args, **kwargs):
        """Guarantee: a debate saved as unlisted that was not unlisted before (new, or
        switched from public or class) gets a new address with a random part
        (`unlisted_slug`). Its old address then answers 404, with no redirect, which would
        give the new one away; links shared before the switch stop working. Switching back
        to public keeps the address. Fixtures and restores (raw saves) keep theirs."""
        stored = getattr(self, "_stored_visibility", None)
        becomes_unlisted = self.visibility == self.Visibility.UNLISTED and (
            self._state.adding or stored not in (None, self.Visibility.UNLISTED)
        )
        if becomes_unlisted:
            self.slug = unlisted_slug(self.title)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "slug"}
        super().save(*args, **kwargs)
        self._stored_visibility = self.visibility

    def get_absolute_url(self):
        return reverse("arguments:debate", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        debate = super().from_db(db, field_names, values, **kwargs)
        # Unknown (None) when the query deferred it: such a save is never taken for a switch.
        debate._stored_visibility = debate.__dict__.get("visibility")
        return debate

    @staticmethod
    def title_with_class(title, class_name):
        """A title told apart from a copy's: "<title> (class: <class name>)" for a class
        debate, the title alone otherwise."""
        return f"{title} (class: {class_name})" if class_name else title

    @property
    def full_title(self):
        """`title_with_class` of this debate (reads `classroom`: select it with the debate)."""
        return self.title_with_class(self.title, self.classroom.name if self.classroom_id else "")
