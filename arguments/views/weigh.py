"""Weighing the arguments: impact votes on a reason, and the what-if of removing a claim."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from arguments.limits.counters import check
from arguments.limits.guard import too_often
from arguments.models import MAX_IMPACT
from arguments.selectors import weighing
from arguments.selectors.focus import attach_votes
from arguments.selectors.paths import as_id, decode_path, encode_path
from arguments.services.vote import cast_vote
from arguments.views.caching import for_readers
from arguments.views.rendering import (
    refusal,
    render_fragment,
    render_page,
    vary_on_htmx,
    wants_fragment,
)


def _impact_value(raw):
    """The posted impact: an int 0–4, None for "remove my vote"; ValueError otherwise."""
    if raw == "":
        return None
    value = as_id(raw)
    if value is None or value > MAX_IMPACT:
        raise ValueError(raw)
    return value


@login_required
@require_POST
def vote(request, slug, argument_id):
    """Rate (or stop rating) how much an approved reason bears on its claim."""
    child, access, target = weighing.votable_argument(
        slug=slug, user=request.user, argument_id=argument_id
    )
    try:
        value = _impact_value(request.POST.get("value"))
    except ValueError:
        return HttpResponseBadRequest(f"Choose an impact from 0 to {MAX_IMPACT}.")
    path = encode_path(decode_path(request.POST.get("path")))
    # Each vote re-weighs the debate under its lock: one person may not keep it busy.
    too_many = check(request, "vote")
    if too_many is not None:
        if wants_fragment(request):
            return too_often(request, too_many)
        messages.error(request, too_many.message)
        return vary_on_htmx(redirect(_claim_url(slug, target, path)))
    try:
        cast_vote(access=access, argument=child.argument, value=value)
    except ValidationError as error:
        raise PermissionDenied(refusal(error)) from error
    target.refresh_from_db(fields=["strength", "label", "strength_settled"])
    if not wants_fragment(request):
        messages.success(
            request, "Your vote was removed." if value is None else "Your vote was recorded."
        )
        return vary_on_htmx(redirect(_claim_url(slug, target, path)))
    child.argument.refresh_from_db(fields=["label", "weight", "contribution", "vote_count"])
    attach_votes([child], user=request.user)
    context = {
        "child": child,
        "debate": access.debate,
        "access": access,
        "target": target,
        "path": path,
    }
    return render_fragment(request, "arguments/claim.html", context, partial="vote_result")


def _claim_url(slug, claim, path):
    url = reverse("arguments:claim", args=[slug, claim.pk])
    return f"{url}?path={path}" if path else url


@require_safe
@for_readers(params=("path",))
def what_if(request, slug, claim_id):
    """The claims this one bears on, now and as if it were removed from the map. Anonymous
    readers get it from the page cache while the debate's version stands; every computation
    counts against the person's what-if limit."""
    too_many = check(request, "what_if")
    if too_many is not None:
        return too_often(request, too_many)
    result = weighing.what_if(
        slug=slug, user=request.user, claim_id=claim_id, path=request.GET.get("path", "")
    )
    return render_page(request, "arguments/what_if.html", {"what_if": result}, partial="panel")
