"""The assignment's targets: what each student should do (set by the teachers on the
assignment's page) and a student's progress towards them (/assignments/<pk>/progress/,
also loaded into the banner above the class map)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from arguments.classes import rules, selectors, services
from arguments.views.rendering import render_page


class TargetsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.TARGETS:
            self.fields[key] = forms.IntegerField(
                label=label.capitalize(),
                required=False,
                min_value=0,
                max_value=rules.MAX_TARGET,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
            )


def targets_form(assignment, data=None):
    return TargetsForm(data, initial=assignment.targets, prefix="targets")


@login_required
@require_POST
def assignment_targets(request, pk):
    assignment, access = selectors.load_assignment(user=request.user, pk=pk)
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers set targets.")
    form = targets_form(assignment, request.POST)
    if form.is_valid():
        services.set_targets(assignment=assignment, targets=form.cleaned_data)
        messages.success(request, "Targets saved: each student sees their progress.")
    else:
        wrong = ", ".join(form[name].label.lower() for name in form.errors)
        messages.error(
            request, f"A target is a whole number from 0 to {rules.MAX_TARGET}: {wrong}."
        )
    return redirect("arguments:assignment", assignment.pk)


@login_required
@require_safe
def assignment_progress(request, pk):
    """A student's progress towards the targets: a page, or (htmx) the banner's part."""
    assignment, access = selectors.load_assignment(user=request.user, pk=pk)
    rows = selectors.participation(assignment=assignment, access=access, only=request.user)
    if not rows:
        raise Http404("Only the assignment's students have progress here.")
    main = assignment.group_of or assignment
    context = {
        "assignment": assignment,
        "progress": rows[0].progress(main.targets),
        "row": rows[0],
    }
    return render_page(request, "classes/progress.html", context, partial="progress")
