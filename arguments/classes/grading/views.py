"""Grading an assignment: how it is graded (/assignments/<pk>/grading/), the grading sheet
(/grades/), one student's grade (/grades/<user id>/) and releasing the grades. Teachers
only; the grades of an assignment split into groups are the assignment's, not its groups'."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arguments.classes import selectors as classes
from arguments.classes.grading import rubrics, selectors, services
from arguments.classes.grading.forms import GradeForm, GradingForm


def _teacher(request, pk):
    assignment, access = classes.load_assignment(user=request.user, pk=pk)
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers grade.")
    return assignment, access


def _refused(form, error):
    for message in error.messages:
        form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def grading(request, pk):
    assignment, access = _teacher(request, pk)
    if assignment.group_of_id:
        return redirect("arguments:grading", assignment.group_of_id)
    criteria = selectors.criteria(assignment)
    initial = {
        "mode": "rubric" if criteria else "points",
        "max_points": assignment.max_points,
        "rubric": rubrics.written(criteria),
    }
    starter = request.POST.get("starter", "")
    if request.method == "POST" and starter in rubrics.STARTERS:
        # "Start from" fills the rubric box and keeps the rest of what was typed.
        typed = {"max_points": request.POST.get("max_points", "")}
        form = GradingForm(initial={**typed, "mode": "rubric", "rubric": rubrics.starter(starter)})
    elif request.method == "POST":
        form = GradingForm(request.POST)
        if form.is_valid():
            try:
                services.set_grading(
                    assignment=assignment,
                    access=access,
                    max_points=form.cleaned_data["max_points"],
                    rubric_text=form.cleaned_data["rubric_text"],
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, "Grading is set. Grade each student from the sheet.")
                return redirect("arguments:grades", assignment.pk)
    else:
        form = GradingForm(initial=initial)
    context = {
        "assignment": assignment,
        "form": form,
        "starters": [(key, name) for key, (name, _) in rubrics.STARTERS.items()],
        "graded": assignment.grades.exists(),
    }
    return render(request, "classes/grading.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def grades(request, pk):
    assignment, access = _teacher(request, pk)
    if assignment.group_of_id:
        return redirect("arguments:grades", assignment.group_of_id)
    context = {
        "assignment": assignment,
        "sheet": selectors.sheet(assignment=assignment, access=access),
        "out_of": selectors.out_of(assignment),
    }
    return render(request, "classes/grades.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grade(request, pk, user_id):
    assignment, access = _teacher(request, pk)
    if assignment.group_of_id:
        return redirect("arguments:grade", assignment.group_of_id, user_id)
    out_of = selectors.out_of(assignment)
    if out_of is None:
        messages.info(request, "Choose how the assignment is graded first.")
        return redirect("arguments:grading", assignment.pk)
    student = get_object_or_404(get_user_model(), pk=user_id)
    rows = classes.participation(assignment=assignment, access=access, only=student)
    if not rows:
        raise Http404("No such student in this class.")
    existing = assignment.grades.filter(student=student).first()
    criteria = selectors.criteria(assignment)
    options = {"criteria": criteria, "max_points": assignment.max_points}
    following = _next_student(assignment, access, student)
    if request.method == "POST":
        form = GradeForm(request.POST, **options)
        if form.is_valid():
            try:
                services.grade_student(
                    assignment=assignment,
                    access=access,
                    student=student,
                    points=form.cleaned_data.get("points"),
                    levels=form.levels(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                _refused(form, error)
            else:
                messages.success(request, f"Grade saved for {rows[0].name}.")
                if request.POST.get("then") == "next" and following is not None:
                    return redirect("arguments:grade", assignment.pk, following)
                return redirect("arguments:grades", assignment.pk)
    else:
        initial = {"comment": existing.comment if existing else ""}
        if existing:
            initial["points"] = existing.points
            initial.update({f"level_{i}": level for i, level in enumerate(existing.levels)})
        form = GradeForm(initial=initial, **options)
    context = {
        "assignment": assignment,
        "row": rows[0],
        "form": form,
        "out_of": out_of,
        "existing": existing,
        "has_next": following is not None,
    }
    return render(request, "classes/grade.html", context, status=400 if form.errors else 200)


def _next_student(assignment, access, student):
    """The student after `student` on the grading sheet (ordered by name, as the sheet is),
    or None. One query."""
    people = classes.people(classroom=assignment.classroom, access=access)
    students = sorted((p for p in people if p.role == "student"), key=lambda p: p.name.casefold())
    order = [person.user.pk for person in students]
    place = order.index(student.pk) if student.pk in order else len(order)
    return order[place + 1] if place + 1 < len(order) else None


@login_required
@require_POST
def release(request, pk):
    assignment, access = _teacher(request, pk)
    if assignment.group_of_id:
        raise Http404("Grades are released on the assignment, not on a group.")
    if request.POST.get("action") == "hide":
        services.hide_grades(assignment=assignment, access=access)
        messages.success(request, "The grades are hidden from the students again.")
    else:
        told = services.release_grades(assignment=assignment, access=access)
        if told:
            messages.success(
                request, f"Grades released: {told} student{'s' if told != 1 else ''} notified."
            )
        else:
            messages.info(request, "The grades are shown to the students.")
    return redirect("arguments:grades", assignment.pk)
