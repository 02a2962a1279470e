"""A piece of background work one person asked for: an import, an export or a class copy of
a big debate.

The task framework's own row (django_tasks_db's DBTaskResult) says whether the worker ran
it; a Job says what the person sees: its state, how far it got, why it failed, and where
its result is (the imported debate, or the export's file under JOBS_ROOT).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "Import"
        EXPORT = "export", "Export"
        COPY = "copy", "Class copy"
        SPLIT = "split", "Split into groups"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    # What the worker needs beyond the stored upload: the format, the title, the thesis, the
    # visibility, the debate imported into or exported (JSON, as the form cleaned it).
    params = models.JSONField(default=dict, blank=True)
    debate = models.ForeignKey(
        "arguments.Debate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The debate imported into, made, exported or copied to.",
    )
    label = models.CharField(max_length=300, help_text="What the job does, for its page.")
    message = models.TextField(blank=True, help_text="Why it failed, for its owner.")
    # The import's summary lines, (level, text), shown once on the result page.
    report = models.JSONField(default=list, blank=True)
    reported = models.BooleanField(default=False)
    files_removed = models.BooleanField(default=False, help_text="Its folder was pruned.")
    filename = models.CharField(max_length=200, blank=True, help_text="An export's download name.")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "state"], name="job_owner_state")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.uuid} ({self.state})"

    def get_absolute_url(self):
        return reverse("arguments:job", args=[self.uuid])

    @property
    def is_over(self):
        return self.state in (self.State.DONE, self.State.FAILED)
