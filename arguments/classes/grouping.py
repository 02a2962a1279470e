"""Writes for the groups of an assignment split into groups (`services.split_into_groups`
makes them): placing and moving students, dealing the unplaced, showing every map.

A student is in a group by a `StudentSide` row on the group's assignment; who may read a
group's copy follows from those rows and `groups_shown` (see `permissions.class_members`).
"""

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q

from arguments.models import ClassMember, Side, StudentSide

Student = ClassMember.Role.STUDENT


def group_sizes(group_ids):
    """{group id: how many students of the class are in it} for the ids of groups
    (assignments split off a main one); one query."""
    group_ids = list(group_ids)
    counted = (
        StudentSide.objects.of_members()
        .filter(assignment__in=group_ids)
        .values("assignment")
        .annotate(n=Count("id"))
        .values_list("assignment", "n")
    )
    return {**dict.fromkeys(group_ids, 0), **dict(counted)}


def _split(assignment):
    if assignment.group_of_id is not None or not assignment.groups.exists():
        raise ValidationError("This assignment is not split into groups.")


@transaction.atomic
def place_student(*, assignment, student_id, group_id):
    """Put a student of the class into group `group_id` of `assignment` (split into groups),
    taking them out of any other group of it; they keep their side (the one their old
    group gave them, else the assignment's).

    What they wrote in their old group's copy stays there; from now on they write in the
    new one only, and read the old one no more while the groups are kept apart.
    """
    _split(assignment)
    group = assignment.groups.filter(pk=group_id).first()
    if group is None:
        raise ValidationError("Choose one of this assignment's groups.")
    if not ClassMember.objects.filter(
        classroom=assignment.classroom_id, user_id=student_id, role=Student
    ).exists():
        raise ValidationError("That person is not a student of this class.")
    # The side they have in their group now (a teacher may have changed it there), else
    # their side in the assignment.
    side = (
        StudentSide.objects.filter(
            Q(assignment__group_of=assignment) | Q(assignment=assignment), student_id=student_id
        )
        .order_by(F("assignment__group_of_id").desc(nulls_last=True))
        .values_list("side", flat=True)
        .first()
    )
    if side is None:  # a student the assignment had not met: free, as on joining
        side = Side.FREE
        StudentSide.objects.create(assignment=assignment, student_id=student_id, side=side)
    StudentSide.objects.filter(assignment__group_of=assignment, student_id=student_id).exclude(
        assignment=group
    ).delete()
    StudentSide.objects.get_or_create(
        assignment=group, student_id=student_id, defaults={"side": side}
    )
    return group


@transaction.atomic
def place_unplaced(*, assignment, rng=None):
    """Deal the class's students who are in no group of `assignment` into its groups, in
    a random order, each to the group smallest at that moment; return how many were placed.
    They keep their side in the assignment (free for a student it had not met)."""
    _split(assignment)
    placed = set(
        StudentSide.objects.filter(assignment__group_of=assignment).values_list(
            "student_id", flat=True
        )
    )
    students = [
        pk
        for pk in ClassMember.objects.filter(
            classroom=assignment.classroom_id, role=Student
        ).values_list("user_id", flat=True)
        if pk not in placed
    ]
    (rng or random.SystemRandom()).shuffle(students)
    sizes = group_sizes(assignment.groups.values_list("id", flat=True))
    side_of = dict(assignment.sides.values_list("student_id", "side"))
    rows = [
        StudentSide(assignment=assignment, student_id=pk, side=Side.FREE)
        for pk in students
        if pk not in side_of
    ]
    for pk in students:
        smallest = min(sizes, key=lambda group_id: (sizes[group_id], group_id))
        sizes[smallest] += 1
        rows.append(
            StudentSide(assignment_id=smallest, student_id=pk, side=side_of.get(pk, Side.FREE))
        )
    StudentSide.objects.bulk_create(rows, ignore_conflicts=True)
    return len(students)


@transaction.atomic
def show_groups(*, assignment, shown):
    """Show every group's map to the whole class (read-only outside one's own group), or
    keep the groups apart again."""
    _split(assignment)
    assignment.groups_shown = shown
    assignment.save(update_fields=["groups_shown"])
