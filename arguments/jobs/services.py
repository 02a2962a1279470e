"""Writes of jobs: starting one (its row, its stored upload and its task, together), and the
worker's marks as it runs, finishes or fails.

A job is started inside one transaction with the task framework's row: with the database
backend the worker sees both or neither; with the immediate backend (tests) the task runs
right there, its own writes in a savepoint of their own.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from arguments.jobs import storage
from arguments.jobs.models import Job
from arguments.jobs.selectors import open_jobs

MESSAGE_MAX = 2000


@transaction.atomic
def start_import(*, owner, data, params, label):
    """A job importing `data` (an upload's bytes) with `params` (format, title, visibility,
    root wording, or the debate imported into)."""
    job = _new_job(owner=owner, kind=Job.Kind.IMPORT, params=params, label=label)
    storage.save_upload(job, data)
    _enqueue(job)
    return job


@transaction.atomic
def start_export(*, owner, debate, fmt):
    """A job writing `debate` in the format `fmt` to a file its owner downloads."""
    job = _new_job(
        owner=owner,
        kind=Job.Kind.EXPORT,
        params={"format": fmt.suffix},
        label=f"Export of “{debate.title}” as {fmt.label}",
        debate=debate,
        filename=f"{debate.slug}.{fmt.suffix}",
    )
    _enqueue(job)
    return job


@transaction.atomic
def start_copy(*, owner, classroom, source, root, title):
    """A job copying the public debate `source` (or its part under `root`) into `classroom`."""
    job = _new_job(
        owner=owner,
        kind=Job.Kind.COPY,
        params={"classroom": classroom.pk, "root": root.pk if root else None, "title": title},
        label=f"Class copy of “{source.title}”",
        debate=source,
    )
    _enqueue(job)
    return job


@transaction.atomic
def start_split(*, owner, assignment, count, at_random):
    """A job splitting `assignment` into `count` groups, each with its own copy of its debate
    (a big debate's copies are written by the worker, not while the teacher's request waits)."""
    job = _new_job(
        owner=owner,
        kind=Job.Kind.SPLIT,
        params={"assignment": assignment.pk, "count": count, "at_random": at_random},
        label=f"Split of “{assignment.title}” into {count} groups",
        debate=assignment.debate,
    )
    _enqueue(job)
    return job


def _new_job(*, owner, kind, params, label, **fields):
    # The owner's row is locked first, so two requests at once cannot both pass the cap.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    waiting = open_jobs(owner).count()
    if waiting >= settings.JOBS_PER_USER:
        raise ValidationError(
            f"You have {waiting} imports, exports or copies waiting or running, the most one person"
            " may have at once; start this one when one of them has finished."
        )
    prune()
    return Job.objects.create(owner=owner, kind=kind, params=params, label=label, **fields)


def _enqueue(job):
    # Imported here: the tasks module imports these services.
    from arguments.jobs import tasks

    runner = {
        Job.Kind.IMPORT: tasks.run_import,
        Job.Kind.EXPORT: tasks.run_export,
        Job.Kind.COPY: tasks.run_copy,
        Job.Kind.SPLIT: tasks.run_split,
    }[job.kind]
    runner.enqueue(job.pk)


def claim(job_id):
    """Mark a queued job running; None when it is not queued (run already, by another
    worker or a second delivery of its task)."""
    taken = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started=timezone.now()
    )
    return Job.objects.select_related("owner", "debate").get(pk=job_id) if taken else None


def finish(job, *, debate=None, report=()):
    job.state = Job.State.DONE
    job.finished = timezone.now()
    job.debate = debate or job.debate
    job.report = [list(line) for line in report]
    job.save(update_fields=["state", "finished", "debate", "report"])


def fail(job_id, message):
    """Mark a job failed with why, in a transaction of its own (after the work's rolled back)."""
    with transaction.atomic():
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, finished=timezone.now(), message=message[:MESSAGE_MAX]
        )


def mark_reported(job):
    """True the first time: the result page shows an import's summary once."""
    return bool(Job.objects.filter(pk=job.pk, reported=False).update(reported=True))


def prune(now=None):
    """Remove the files of jobs that ended more than JOB_KEEP_HOURS ago (the rows stay, so
    their pages say the file is gone)."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.JOB_KEEP_HOURS)
    old = list(Job.objects.filter(finished__lt=cutoff, files_removed=False)[:100])
    for job in old:
        storage.remove(job)
    Job.objects.filter(pk__in=[job.pk for job in old]).update(files_removed=True)
