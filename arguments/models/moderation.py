from django.conf import settings
from django.db import models

from arguments.models.claim import CLAIM_STORED_LENGTH


class Proposal(models.Model):
    """One item of the moderation queue: a new claim, a link, an edit, a flag or a source.

    Its status changes once, from pending, by a conditional update, so that of two
    moderators deciding at once exactly one decision stands.
    """

    class Kind(models.TextChoices):
        CLAIM = "claim", "New claim"
        LINK = "link", "Linked claim"
        EDIT = "edit", "Edit"
        FLAG = "flag", "Flag"
        SOURCE = "source", "New source"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged"

    class FlagReason(models.TextChoices):
        DUPLICATE = "duplicate", "Duplicate of another claim"
        NOT_ONE = "not_one", "Not one proposition"
        OFF_TOPIC = "off_topic", "Off topic"
        MISQUOTE = "misquote", "Misquotes its source"
        ABUSIVE = "abusive", "Abusive"

    debate = models.ForeignKey("arguments.Debate", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    status = models.CharField(max_length=10, choices=State, default=State.PENDING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals"
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # The claim proposed, edited or flagged, and the argument proposed or flagged.
    claim = models.ForeignKey(
        "arguments.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    argument = models.ForeignKey(
        "arguments.Argument", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A writer's proposed source: its use by the debate (a DebateSource) waits for a decision.
    source = models.ForeignKey(
        "corpus.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=500, blank=True, help_text="An edit's proposed wording.")
    note = models.TextField(blank=True, help_text="Why: the edit's reason or the flag's note.")
    flag_reason = models.CharField(max_length=12, choices=FlagReason, blank=True)
    duplicate_of = models.ForeignKey(
        "arguments.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["status", "created"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def outcome(self):
        """The decision in the words a moderator and an author read: a flag is upheld or
        dismissed, a duplicate merged, anything else approved or rejected (or pending)."""
        if self.kind == self.Kind.FLAG and self.status == self.State.APPROVED:
            return "upheld"
        if self.kind == self.Kind.FLAG and self.status == self.State.REJECTED:
            return "dismissed"
        return self.get_status_display().lower()


class Decision(models.Model):
    """What happened to a proposal: who did what, when and why. Rows are never changed."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        EDITED = "edited", "Edited and approved"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged into another claim"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action)
    reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.action} #{self.proposal_id} by {self.actor}"


class ClaimRevision(models.Model):
    """One wording an approved claim has had; the newest is the claim's text."""

    claim = models.ForeignKey("arguments.Claim", on_delete=models.CASCADE, related_name="revisions")
    text = models.CharField(max_length=CLAIM_STORED_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"revision of claim #{self.claim_id} at {self.created:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message to a user about a decision on their proposal, read or unread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    proposal = models.ForeignKey(Proposal, null=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message
