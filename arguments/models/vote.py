from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

IMPACT_LEVELS = [
    (0, "No impact"),
    (1, "Slight"),
    (2, "Moderate"),
    (3, "Strong"),
    (4, "Decisive"),
]
MAX_IMPACT = 4


class Vote(models.Model):
    """A user's rating of how much one argument bears on its target, 0 to 4."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    argument = models.ForeignKey(
        "arguments.Argument", on_delete=models.CASCADE, related_name="votes"
    )
    value = models.PositiveSmallIntegerField(
        choices=IMPACT_LEVELS, validators=[MaxValueValidator(MAX_IMPACT)]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "argument"], name="vote_one_per_user"),
            models.CheckConstraint(condition=models.Q(value__lte=MAX_IMPACT), name="vote_range"),
        ]

    def __str__(self):
        return f"{self.user} rates argument #{self.argument_id} {self.value}"
