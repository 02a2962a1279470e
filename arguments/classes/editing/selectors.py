"""Reads for editing an assignment: the students' extensions and how much work the sides
of an assignment already govern. Each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from arguments.classes import rules
from arguments.models import Assignment, Claim, ClassMember, Extension


def my_extension(user_id, ref="pk"):
    """A subquery: the due date of the user's extension on the assignment at `ref` (an
    outer reference), or on the one it was split from when it is a group's copy."""
    return Subquery(
        Extension.objects.filter(student_id=user_id)
        .filter(Q(assignment=OuterRef(ref)) | Q(assignment__groups=OuterRef(ref)))
        .values("due")[:1]
    )


def my_dues(*, user, assignments):
    """Set `my_due` on each assignment (a main one or a group's copy): when `user` stops
    writing there, their extension counted (one query)."""
    mains = {a.group_of_id or a.pk for a in assignments}
    extended = dict(
        Extension.objects.filter(student_id=user.pk, assignment_id__in=mains).values_list(
            "assignment_id", "due"
        )
    )
    for assignment in assignments:
        extension = extended.get(assignment.group_of_id or assignment.pk)
        assignment.my_due = rules.due_for(assignment.due, extension)
        assignment.my_extension = extension


@dataclass(frozen=True)
class StudentDue:
    student: object
    extension: object  # the extension's due date, or None
    due: object  # when the student stops writing (`rules.due_for`)

    @property
    def extended(self):
        return self.extension is not None and self.due == self.extension


def student_dues(*, assignment):
    """The students of the assignment's class by username, each with `extension` (their
    extension's due date, or None): a query to page through; `as_dues` reads a page."""
    return (
        ClassMember.objects.filter(
            classroom_id=assignment.classroom_id, role=ClassMember.Role.STUDENT
        )
        .select_related("user")
        .annotate(
            extension=Subquery(
                Extension.objects.filter(
                    assignment_id=assignment.pk, student_id=OuterRef("user_id")
                ).values("due")[:1]
            )
        )
        .order_by("user__username", "pk")
    )


def as_dues(members, *, assignment):
    """StudentDue rows for members of `student_dues`."""
    return [
        StudentDue(m.user, m.extension, rules.due_for(assignment.due, m.extension)) for m in members
    ]


def extension_due(assignment, student_id):
    """The due date of the student's extension on the assignment, or None (one query)."""
    return (
        Extension.objects.filter(assignment=assignment, student_id=student_id)
        .values_list("due", flat=True)
        .first()
    )


def students_work(*, assignment):
    """How many claims the class's students have written in the assignment's debate and its
    groups' copies, pending, approved or rejected (one query)."""
    debates = Assignment.objects.filter(Q(pk=assignment.pk) | Q(group_of=assignment)).values(
        "debate_id"
    )
    students = ClassMember.objects.filter(
        classroom_id=assignment.classroom_id, role=ClassMember.Role.STUDENT
    ).values("user_id")
    return Claim.objects.filter(debate_id__in=debates, author_id__in=students).count()
