"""A student's own due date on an assignment (an extension), granted by its teachers."""

from django.conf import settings
from django.db import models


class Extension(models.Model):
    """A later due date for one student: they write until the later of it and the
    assignment's due date (`rules.due_for`); the rest of the class stops at the assignment's.
    Kept on the assignment a teacher sets (the one split from, when split into groups)."""

    assignment = models.ForeignKey(
        "arguments.Assignment", on_delete=models.CASCADE, related_name="extensions"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extensions"
    )
    due = models.DateTimeField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "student__username"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="extension_once"),
        ]

    def __str__(self):
        return f"{self.student} has until {self.due:%Y-%m-%d %H:%M} on {self.assignment}"
