"""Reads of grading: the grading sheet (each student's work and grade) and a student's own
released grade."""

from dataclasses import dataclass

from arguments.classes import selectors as classes
from arguments.classes.grading import rubrics
from arguments.models import Grade


@dataclass(frozen=True)
class Scored:
    """A criterion with the level a grade chose (None: not chosen)."""

    name: str
    levels: tuple
    chosen: int | None

    @property
    def chosen_level(self):
        return self.levels[self.chosen] if self.chosen is not None else None


def criteria(assignment):
    return rubrics.loaded(assignment.rubric)


def out_of(assignment):
    """The most points a grade can give, or None before grading is set up."""
    found = criteria(assignment)
    if found:
        return sum(c.most for c in found)
    return assignment.max_points


def scored(assignment, grade):
    """Each criterion of the rubric with the level `grade` chose."""
    chosen = list(grade.levels) if grade else []
    found = criteria(assignment)
    chosen += [None] * (len(found) - len(chosen))
    return [Scored(c.name, c.levels, index) for c, index in zip(found, chosen, strict=False)]


def sheet(*, assignment, access, sort="name"):
    """(report row, grade or None) per student: the report's counts with the grade given,
    in the report's queries."""
    rows = classes.participation(assignment=assignment, access=access, sort=sort)
    return [(row, row.grade) for row in rows]


def released_grade(*, assignment, user):
    """The user's grade once the teacher has released the grades, else None."""
    main = assignment.group_of if assignment.group_of_id else assignment
    if main.grades_released is None:
        return None
    return Grade.objects.filter(assignment=main, student=user).first()
