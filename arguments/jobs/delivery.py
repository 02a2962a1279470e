"""Handing a finished import or class copy to its owner, from its job page or straight from
the form (with the immediate backend the job is done before the form's answer)."""

from django.contrib import messages
from django.urls import reverse

from arguments.jobs import services

SHOWN_NOTES = 7  # as an import in the request shows them (views/exchange.py)


def deliver(request, job):
    """The debate's address, with the job's summary flashed the first time: every line but
    the import's notes, then the first notes."""
    if services.mark_reported(job):
        notes = [text for level, text in job.report if level == "note"]
        for level, line in job.report:
            if level != "note":
                getattr(messages, level, messages.info)(request, line)
        for line in notes[:SHOWN_NOTES]:
            messages.warning(request, line)
        if len(notes) > SHOWN_NOTES:
            messages.warning(request, f"…and {len(notes) - SHOWN_NOTES} more notes.")
    if job.kind == job.Kind.SPLIT:  # back to the assignment, now split
        return reverse("arguments:assignment", args=[job.params["assignment"]])
    return job.debate.get_absolute_url()


def answer(request, job):
    """Where to go once `job` is started: the debate when it is done already (the immediate
    backend), else the job's page with its progress bar."""
    job.refresh_from_db()
    if job.state == job.State.DONE and job.debate_id:
        return deliver(request, job)
    return job.get_absolute_url()
