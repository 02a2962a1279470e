"""Handing a finished import or class copy to its owner, from its job page or straight from
the form (with the immediate backend the job is done before the form's answer)."""

from django.contrib import messages

from arguments.jobs import services

SHOWN_NOTES = 8  # the summary line, then the first notes


def deliver(request, job):
    """The debate's address, with the job's summary flashed the first time."""
    if services.mark_reported(job):
        lines = job.report
        for level, line in lines[:SHOWN_NOTES]:
            getattr(messages, level, messages.info)(request, line)
        if len(lines) > SHOWN_NOTES:
            messages.warning(request, f"…and {len(lines) - SHOWN_NOTES} more notes.")
    return job.debate.get_absolute_url()


def answer(request, job):
    """Where to go once `job` is started: the debate when it is done already (the immediate
    backend), else the job's page with its progress bar."""
    job.refresh_from_db()
    if job.state == job.State.DONE and job.debate_id:
        return deliver(request, job)
    return job.get_absolute_url()
