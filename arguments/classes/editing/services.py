"""Writes of the assignment editing page: its instructions, dates and sides, and the
students' extensions. Keyword-only, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from arguments.classes import services as class_services
from arguments.classes.editing.forms import BALANCED, FREE, KEEP
from arguments.models import Assignment, ClassMember, Extension, Side
from arguments.templatetags.dates import when


@transaction.atomic
def edit_assignment(*, assignment, title, instructions, opens, due, sides=KEEP):
    """Change the assignment's title, instructions and dates, and its groups' copies' with
    them (a group's copy keeps its own title). `sides`: KEEP each student's side, deal
    them again (BALANCED) or make everyone FREE. What students already wrote is not
    touched: sides only govern what they add from then on. Locks the assignment's row."""
    if assignment.group_of_id is not None:
        raise ValidationError("Edit the assignment this group's copy was split from.")
    if opens >= due:
        raise ValidationError("The due date must come after the opening.")
    list(
        Assignment.objects.select_for_update(no_key=True)
        .filter(pk=assignment.pk)
        .values_list("pk", flat=True)
    )
    instructions = instructions.strip()
    assignment.title = " ".join(title.split()) or assignment.debate.title
    assignment.instructions = instructions
    assignment.opens, assignment.due = opens, due
    assignment.save(update_fields=["title", "instructions", "opens", "due"])
    assignment.groups.update(instructions=instructions, opens=opens, due=due)
    if sides == KEEP:
        return assignment
    if assignment.groups.exists():
        raise ValidationError("This assignment is split into groups: set sides on each group.")
    if sides == BALANCED:
        class_services.balance_sides(assignment=assignment)
    elif sides == FREE:
        students = ClassMember.objects.filter(
            classroom_id=assignment.classroom_id, role=ClassMember.Role.STUDENT
        ).values_list("user_id", flat=True)
        class_services.set_sides(assignment=assignment, sides=dict.fromkeys(students, Side.FREE))
        if assignment.balanced:
            assignment.balanced = False
            assignment.save(update_fields=["balanced"])
    else:
        raise ValidationError("Choose what happens to the sides.")
    return assignment


@transaction.atomic
def set_extension(*, assignment, student_id, due, teacher, now=None):
    """Give a student of the class their own, later due date (or change it)."""
    now = now or timezone.now()
    if assignment.group_of_id is not None:
        raise ValidationError("Give extensions on the assignment this group was split from.")
    is_student = ClassMember.objects.filter(
        classroom_id=assignment.classroom_id, user_id=student_id, role=ClassMember.Role.STUDENT
    ).exists()
    if not is_student:
        raise ValidationError("Choose a student of this class.")
    if due <= assignment.due:
        raise ValidationError(
            f"An extension gives more time: choose a date after the assignment's due date,"
            f" {when(assignment.due)}."
        )
    if due <= now:
        raise ValidationError(f"{when(due)} is already past: an extension must end later.")
    extension, _ = Extension.objects.update_or_create(
        assignment=assignment, student_id=student_id, defaults={"due": due, "granted_by": teacher}
    )
    return extension


@transaction.atomic
def remove_extension(*, assignment, student_id):
    """Take a student's extension away: they stop writing at the assignment's due date."""
    removed, _ = Extension.objects.filter(assignment=assignment, student_id=student_id).delete()
    if not removed:
        raise ValidationError("That student has no extension.")
