from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """Roles on one debate, weakest first; each role may do what the ones before it may."""

    VIEWER = "viewer", "Viewer"
    WRITER = "writer", "Writer"
    MODERATOR = "moderator", "Moderator"
    OWNER = "owner", "Owner"


ROLE_RANK = {role: rank for rank, role in enumerate(Role.values)}


class Membership(models.Model):
    """A user's role on a debate. Public debates need no membership to read or write."""

    debate = models.ForeignKey("arguments.Debate", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["debate", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "user"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} is {self.role} of {self.debate}"
