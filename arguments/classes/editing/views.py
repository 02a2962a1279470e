"""/assignments/<pk>/edit/: a teacher changes an assignment's title, instructions, dates
and sides, and gives students their own due dates (extensions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from arguments.classes import selectors as class_selectors
from arguments.classes.editing import selectors, services
from arguments.classes.editing.forms import EditAssignmentForm, ExtensionForm
from arguments.selectors.paths import as_id
from arguments.templatetags.dates import when
from arguments.views import paging
from arguments.views.rendering import refusal


def _teacher(request, pk):
    """The assignment, for its class's teachers: a 404 outside the class, a 403 for its
    students (as the other assignment pages)."""
    assignment, access = class_selectors.load_assignment(user=request.user, pk=pk)
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers edit the assignment.")
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def edit_assignment(request, pk):
    assignment = _teacher(request, pk)
    if assignment.group_of_id is not None:  # a group's copy is edited with its assignment
        return redirect("arguments:assignment_edit", assignment.group_of_id)
    split = assignment.groups.exists()
    form = EditAssignmentForm(request.POST or None, assignment=assignment, split=split)
    warnings = []
    if request.method == "POST" and form.is_valid():
        warnings = form.warnings(work=selectors.students_work(assignment=assignment))
        if not warnings or request.POST.get("confirmed") == "1":
            data = form.cleaned_data
            try:
                services.edit_assignment(
                    assignment=assignment,
                    title=data["title"],
                    instructions=data["instructions"],
                    opens=data["opens"],
                    due=data["due"],
                    sides=data.get("sides", "keep"),
                )
            except ValidationError as problem:
                form.add_error(None, problem)
                warnings = []
            else:
                messages.success(request, "Assignment saved.")
                return redirect(assignment.get_absolute_url())
    return _page(request, assignment, form=form, warnings=warnings)


def _page(request, assignment, *, form=None, extension_form=None, warnings=(), status=200):
    members = paging.paginate(
        request, selectors.student_dues(assignment=assignment), per_page=paging.STUDENT_DUES
    )
    edit_path = reverse("arguments:assignment_edit", args=[assignment.pk])
    for link in ("previous_url", "next_url"):  # from a refused extension: the edit page's
        url = getattr(members, link)
        if url and request.path != edit_path:
            setattr(members, link, edit_path + url.removeprefix(request.path))
    if form is None:
        form = EditAssignmentForm(assignment=assignment, split=assignment.groups.exists())
    if extension_form is None:
        chosen = as_id(request.GET.get("student"))
        initial = {}
        if chosen is not None:  # "Change": the student's extension, filled in
            initial = {"student": chosen, "due": selectors.extension_due(assignment, chosen)}
        extension_form = ExtensionForm(initial=initial, students=_students(assignment))
    context = {
        "assignment": assignment,
        "form": form,
        "warnings": warnings,
        "extension_form": extension_form,
        "page": members,
        "dues": selectors.as_dues(members, assignment=assignment),
    }
    return render(request, "classes/editing/assignment_edit.html", context, status=status)


def _students(assignment):
    return [m.user for m in selectors.student_dues(assignment=assignment)]


@login_required
@require_POST
def extension(request, pk):
    """Give a student their own due date, or change it."""
    assignment = _teacher(request, pk)
    form = ExtensionForm(request.POST, students=_students(assignment))
    if form.is_valid():
        try:
            services.set_extension(
                assignment=assignment,
                student_id=form.cleaned_data["student"],
                due=form.cleaned_data["due"],
                teacher=request.user,
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, f"Extension saved: until {when(form.cleaned_data['due'])}.")
            return redirect("arguments:assignment_edit", assignment.pk)
    return _page(request, assignment, extension_form=form)


@login_required
@require_POST
def remove_extension(request, pk, user_id):
    assignment = _teacher(request, pk)
    try:
        services.remove_extension(assignment=assignment, student_id=user_id)
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        messages.success(request, "Extension removed: the assignment's due date applies.")
    return redirect("arguments:assignment_edit", assignment.pk)
