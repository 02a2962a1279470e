"""A job's page (its progress bar, polled by htmx), an export's download, and asking for
an export of a big debate. Only the job's owner finds a job; anyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from arguments.interchange.formats import BY_SUFFIX
from arguments.jobs import selectors, services, storage
from arguments.jobs.delivery import deliver
from arguments.jobs.models import Job
from arguments.limits.counters import check
from arguments.limits.guard import too_often
from arguments.models import Debate
from arguments.permissions import Access
from arguments.views.rendering import refusal as one_line
from arguments.views.rendering import render_page, wants_fragment

TEMPLATE = "jobs/job.html"


@login_required
@require_safe
def job(request, uuid):
    job = selectors.own_job(request.user, uuid)
    if job.state == Job.State.DONE and job.kind != Job.Kind.EXPORT and job.debate_id:
        target = deliver(request, job)
        if wants_fragment(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
    done, total, percent = selectors.progress(job)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "percent": percent,
        "file_gone": job.files_removed or not storage.result_path(job).exists(),
    }
    return render_page(request, TEMPLATE, context, partial="status")


@login_required
@require_safe
def download(request, uuid):
    """An export's file, while its owner may still read the debate and the file is kept."""
    job = selectors.own_job(request.user, uuid)
    if job.kind != Job.Kind.EXPORT or job.state != Job.State.DONE or job.debate is None:
        raise Http404("No file for this job.")
    if not Access.load(request.user, job.debate).may_read:
        raise Http404("No file for this job.")
    path = storage.result_path(job)
    if job.files_removed or not path.exists():
        raise Http404("The file has been removed; export the debate again.")
    fmt = BY_SUFFIX[job.params["format"]]
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=f"{fmt.content_type}; charset=utf-8",
    )


@login_required
@require_POST
def export(request, slug, suffix):
    """Start writing a big debate's export in the background; its page links the file."""
    fmt = BY_SUFFIX.get(suffix)
    debate = get_object_or_404(Debate, slug=slug)
    if fmt is None or not Access.load(request.user, debate).may_read:
        raise Http404("No such debate.")
    refused = check(request, "export")
    if refused is not None:
        return too_often(request, refused)
    try:
        started = services.start_export(owner=request.user, debate=debate, fmt=fmt)
    except ValidationError as error:
        context = {"debate": debate, "fmt": fmt, "refused": one_line(error)}
        return render(request, "jobs/export_offer.html", context, status=409)
    return redirect(started.get_absolute_url())
