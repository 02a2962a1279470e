"""Who was taken out of a class, so that a teacher may add them back as they were."""

from django.conf import settings
from django.db import models


class RemovedStudent(models.Model):
    """A student a teacher removed from a class: their pseudonym is kept, so that added
    back they are the same "Student N" to their classmates (no number is given twice)."""

    classroom = models.ForeignKey(
        "arguments.Classroom", on_delete=models.CASCADE, related_name="removed_students"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=60, blank=True)
    removed = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["classroom", "user"], name="removed_student_once"),
        ]

    def __str__(self):
        return f"{self.user} was removed from {self.classroom}"
