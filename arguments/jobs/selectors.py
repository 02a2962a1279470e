"""Reads of jobs: one person's own (nobody else's job is found), and how far one got."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from arguments.jobs import storage
from arguments.jobs.models import Job


def open_jobs(owner):
    """The owner's jobs waiting or running, started within JOB_KEEP_HOURS: one left
    "running" by a worker that was killed stops counting against the owner then."""
    since = timezone.now() - timedelta(hours=settings.JOB_KEEP_HOURS)
    return Job.objects.filter(
        owner=owner, state__in=[Job.State.QUEUED, Job.State.RUNNING], created__gte=since
    )


def own_job(user, uuid):
    """The job `uuid` if `user` started it; 404 otherwise, so others learn nothing of it."""
    job = (
        Job.objects.select_related("debate").filter(uuid=uuid, owner_id=user.pk).first()
        if user.is_authenticated
        else None
    )
    if job is None:
        raise Http404("No such job.")
    return job


def progress(job):
    """(done, total, percent) for the page's bar; (0, 0, 0) before the worker starts and
    (1, 1, 100) once it is done."""
    if job.state == Job.State.DONE:
        return 1, 1, 100
    done, total = storage.read_progress(job) or (0, 0)
    percent = min(100, round(100 * done / total)) if total else 0
    return done, total, percent
