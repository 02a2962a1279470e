"""Asking to teach, and the staff's page of requests (settings.TEACHING = "approved")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arguments.classes.teaching import selectors, services
from arguments.classes.teaching.forms import AskForm, DecideForm
from arguments.classes.teaching.models import TeachingRequest
from arguments.views.paging import TEACHING_REQUESTS, paginate


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    """Ask staff to let this account create classes, saying why."""
    mode, latest = selectors.state(request.user)
    if mode != services.APPROVED:
        return redirect("arguments:classes")  # anyone may switch teaching on there
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask(user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as problem:
            form.add_error("reason", problem)
        else:
            messages.success(
                request, "Your request to teach is sent: you will get a notice when staff decide."
            )
            return redirect("arguments:classes")
    return render(request, "classes/teaching_ask.html", {"form": form, "latest": latest})


def _staff(request):
    if not request.user.is_staff:
        raise PermissionDenied("Only staff decide who teaches.")


def _page(request, *, problem=None, problem_id=None, typed=""):
    context = {
        "mode": services.mode(),
        "waiting": paginate(request, selectors.requests(waiting=True), per_page=TEACHING_REQUESTS),
        "decided": paginate(
            request,
            selectors.requests(waiting=False),
            per_page=TEACHING_REQUESTS,
            param="decided",
        ),
        "problem": problem,
        "problem_id": problem_id,
        "typed": typed,
    }
    return render(request, "classes/teaching_requests.html", context)


@login_required
@require_safe
def requests(request):
    _staff(request)
    return _page(request)


@login_required
@require_POST
def decide(request, pk):
    _staff(request)
    asked = get_object_or_404(TeachingRequest, pk=pk)
    form = DecideForm(request.POST)
    typed = request.POST.get("answer", "")
    if not form.is_valid():
        problem = "Choose Approve or Refuse (a refusal's reason is at most 300 characters)."
        return _page(request, problem=problem, problem_id=asked.pk, typed=typed)
    approve = form.cleaned_data["action"] == "approve"
    try:
        services.decide(
            staff=request.user,
            request_id=asked.pk,
            approve=approve,
            answer=form.cleaned_data["answer"],
        )
    except ValidationError as problem:
        return _page(request, problem=" ".join(problem.messages), problem_id=asked.pk, typed=typed)
    who = asked.user.get_username()
    if approve:
        messages.success(request, f"{who} can now create classes; they got a notice.")
    else:
        messages.success(
            request, f"{who}'s request was refused; they got a notice with your reason."
        )
    return redirect("arguments:teaching_requests")
