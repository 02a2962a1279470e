"""Writes of grading: how an assignment is graded, a student's grade, and releasing the
grades to the students (each gets a notice)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from arguments.classes.grading import rubrics
from arguments.models import Assignment, ClassMember, Grade, Notification
from arguments.services.moderate import quoted


def _require_teacher(access):
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers grade.")


def _main(assignment):
    """Grades belong to the assignment a class was given, not to its groups' copies."""
    if assignment.group_of_id is not None:
        raise ValidationError("Grade on the assignment itself, not on one of its groups.")


@transaction.atomic
def set_grading(*, assignment, access, max_points=None, rubric_text=""):
    """Grade with points out of `max_points`, or with the rubric written in `rubric_text`
    (grading.rubrics). Once a student is graded, the way of grading is fixed: changing it
    would change what the grades given mean."""
    _require_teacher(access)
    _main(assignment)
    criteria = rubrics.parse(rubric_text) if rubric_text.strip() else []
    if not criteria and not max_points:
        raise ValidationError("Give the most points a student can get, or write a rubric.")
    rubric = rubrics.stored(criteria)
    new_points = None if criteria else max_points
    changed = (rubric, new_points) != (assignment.rubric, assignment.max_points)
    if changed and Grade.objects.filter(assignment=assignment).exists():
        raise ValidationError(
            "Students have been graded already: the way of grading can no longer change."
        )
    assignment.rubric, assignment.max_points = rubric, new_points
    assignment.save(update_fields=["rubric", "max_points"])
    return assignment


@transaction.atomic
def grade_student(*, assignment, access, student, points=None, levels=(), comment=""):
    """Give or change `student`'s grade: `points` when grading by points, else the level
    index chosen per criterion (None where none is chosen yet)."""
    _require_teacher(access)
    _main(assignment)
    enrolled = ClassMember.objects.filter(
        classroom=assignment.classroom_id, user=student, role=ClassMember.Role.STUDENT
    )
    if not enrolled.exists():
        raise ValidationError("Only the class's students are graded.")
    criteria = rubrics.loaded(assignment.rubric)
    if criteria:
        levels = list(levels)
        if len(levels) != len(criteria) or any(
            index is not None and not 0 <= index < len(c.levels)
            for c, index in zip(criteria, levels, strict=False)
        ):
            raise ValidationError("Choose one of each criterion's levels.")
        points, _ = rubrics.total(criteria, levels)
    elif assignment.max_points:
        levels = []
        if points is not None and not 0 <= points <= assignment.max_points:
            raise ValidationError(f"Give between 0 and {assignment.max_points} points.")
    else:
        raise ValidationError("Choose how the assignment is graded first.")
    grade, _ = Grade.objects.update_or_create(
        assignment=assignment,
        student=student,
        defaults={
            "points": points,
            "levels": levels,
            "comment": comment.strip(),
            "graded_by": access.user,
        },
    )
    return grade


@transaction.atomic
def release_grades(*, assignment, access):
    """Show the grades to the students; each graded student gets a notice. Releasing grades
    already shown tells nobody again. Returns how many were told."""
    _require_teacher(access)
    _main(assignment)
    updated = Assignment.objects.filter(pk=assignment.pk, grades_released__isnull=True).update(
        grades_released=timezone.now()
    )
    if not updated:
        return 0
    assignment.refresh_from_db(fields=["grades_released"])
    url = reverse("arguments:assignment", args=[assignment.pk])
    students = Grade.objects.filter(assignment=assignment).values_list("student_id", flat=True)
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=student_id,
                message=f"Your teacher released your grade on {quoted(assignment.title)}.",
                url=url,
            )
            for student_id in students
        ]
    )
    return len(students)


@transaction.atomic
def hide_grades(*, assignment, access):
    """Take the grades back from the students' view (to correct them before showing again)."""
    _require_teacher(access)
    _main(assignment)
    Assignment.objects.filter(pk=assignment.pk).update(grades_released=None)
    assignment.grades_released = None
