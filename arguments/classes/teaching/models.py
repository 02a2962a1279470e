"""A request to teach, decided by staff when settings.TEACHING is "approved"."""

from django.conf import settings
from django.db import models


class TeachingRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teaching_requests"
    )
    reason = models.CharField(max_length=300, help_text="Why the account wants to teach.")
    status = models.CharField(max_length=10, choices=State, default=State.PENDING)
    answer = models.CharField(
        max_length=300, blank=True, help_text="Said to the asker with a refusal."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_teaching_request",
            ),
        ]

    def __str__(self):
        return f"{self.user} asks to teach ({self.status})"
