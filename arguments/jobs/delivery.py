"""Handing a finished import to its owner, from its job page or straight from the upload
(with the immediate backend the job is done before the upload's answer)."""

from django.contrib import messages

from arguments.jobs import services

SHOWN_NOTES = 8  # the summary line, then the first notes


def deliver(request, job):
    """The imported debate's address, with the import's summary flashed the first time."""
    if services.mark_reported(job):
        lines = job.report
        for level, line in lines[:SHOWN_NOTES]:
            getattr(messages, level, messages.info)(request, line)
        if len(lines) > SHOWN_NOTES:
            messages.warning(request, f"…and {len(lines) - SHOWN_NOTES} more notes.")
    return job.debate.get_absolute_url()
