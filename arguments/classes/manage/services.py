"""Removing a student so that they can be added back (see the package's docstring)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from arguments.classes import services
from arguments.classes.manage.models import RemovedStudent
from arguments.models import Assignment, ClassMember, Side, StudentSide


@transaction.atomic
def remove_student(*, classroom, user_id):
    """`services.remove_student`, remembering the student (and their pseudonym) so that a
    teacher can add them back. Returns the removed member's user."""
    member = (
        ClassMember.objects.filter(
            classroom=classroom, user_id=user_id, role=ClassMember.Role.STUDENT
        )
        .select_related("user")
        .first()
    )
    services.remove_student(classroom=classroom, user_id=user_id)  # refuses a non-student
    RemovedStudent.objects.update_or_create(
        classroom=classroom, user_id=user_id, defaults={"pseudonym": member.pseudonym}
    )
    return member.user


@transaction.atomic
def add_back(*, classroom, user_id):
    """Make a removed student a student of the class again, with their pseudonym, sides
    and groups as they were; an assignment set while they were away gives them a side as
    it would a late joiner (free, or the smaller side when balanced; no group). Returns
    their user."""
    removed = (
        RemovedStudent.objects.select_for_update()
        .filter(classroom=classroom, user_id=user_id)
        .select_related("user")
        .first()
    )
    if removed is None:
        raise ValidationError("That person was not removed from this class.")
    if ClassMember.objects.filter(classroom=classroom, user_id=user_id).exists():
        removed.delete()
        raise ValidationError(f"{removed.user.get_username()} is in the class already.")
    if classroom.archived:
        raise ValidationError("The class is archived: unarchive it to add students back.")
    ClassMember.objects.create(
        classroom=classroom,
        user_id=user_id,
        role=ClassMember.Role.STUDENT,
        pseudonym=removed.pseudonym or services._pseudonyms(classroom)[0],
    )
    had = StudentSide.objects.filter(student_id=user_id).values("assignment_id")
    missing = Assignment.objects.filter(classroom=classroom, group_of__isnull=True).exclude(
        pk__in=had
    )
    rows = []
    for assignment in missing:
        side = Side.FREE
        if assignment.balanced:
            pros = assignment.sides.filter(side=Side.PRO).count()
            side = Side.PRO if pros <= assignment.sides.filter(side=Side.CON).count() else Side.CON
        rows.append(StudentSide(assignment=assignment, student_id=user_id, side=side))
    StudentSide.objects.bulk_create(rows, ignore_conflicts=True)
    removed.delete()
    return removed.user
