"""Teaching: classes with teachers and students, class debates, assignments and feedback.

A class debate is a `Debate` with visibility "class" and its `classroom` set; who may read
and write it follows from `ClassMember` rows (see `permissions.class_role`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from arguments.classes import rules


class Classroom(models.Model):
    name = models.CharField(max_length=120)
    join_code = models.CharField(max_length=12, unique=True)
    joining_open = models.BooleanField(
        default=True, help_text="Whether the join code and link admit new students."
    )
    pseudonyms = models.BooleanField(
        default=False, help_text="Students see each other only by pseudonym."
    )
    archived = models.BooleanField(
        default=False, help_text="Read-only for students; still visible to the class."
    )
    # The numbers N of every pseudonym "Student N" given so far, departed students' too:
    # none is given twice (see services._pseudonyms).
    pseudonyms_given = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["archived", "-created"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("arguments:classroom", args=[self.pk])

    @property
    def shown_join_code(self):
        return rules.shown_join_code(self.join_code)


class JoinFailure(models.Model):
    """A wrong class code someone typed, kept to throttle guessing by user and by address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.GenericIPAddressField(null=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"wrong class code from {self.user} at {self.address}"


class ClassMember(models.Model):
    class Role(models.TextChoices):
        TEACHER = "teacher", "Teacher"
        STUDENT = "student", "Student"

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="class_memberships"
    )
    role = models.CharField(max_length=10, choices=Role)
    pseudonym = models.CharField(max_length=60, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["classroom", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "user"], name="class_member_unique"),
        ]

    def __str__(self):
        return f"{self.user} is {self.role} of {self.classroom}"


class Assignment(models.Model):
    """Work set on one class debate: instructions, a window, and each student's side."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    debate = models.OneToOneField(
        "arguments.Debate", on_delete=models.CASCADE, related_name="assignment"
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    opens = models.DateTimeField()
    due = models.DateTimeField()
    balanced = models.BooleanField(
        default=False,
        help_text="Sides are dealt pro and con; a student who joins later gets the smaller side.",
    )
    # Small groups: each group works on its own copy of the debate, an Assignment of its own
    # pointing at the one it was split from; only the group's students write there, and
    # only they (and the teachers) read it until the teacher sets `groups_shown`.
    group_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="groups"
    )
    group_name = models.CharField(max_length=60, blank=True)
    # On an assignment split into groups: whether every student of the class may read every
    # group's copy (read-only outside their own group). Off, a group sees only its own.
    groups_shown = models.BooleanField(
        default=False, help_text="Every group's map is shown to the whole class."
    )
    # Grading (classes/grading/): points out of `max_points`, or the rubric's criteria
    # (`rubric`, as grading.rubrics.stored writes them); students see their grades once
    # the teacher releases them.
    max_points = models.PositiveSmallIntegerField(null=True, blank=True)
    rubric = models.JSONField(default=list, blank=True)
    grades_released = models.DateTimeField(null=True, blank=True)
    # What each student should do, e.g. {"pros": 2, "cons": 1, "quotes": 2, "replies": 1}
    # (rules.TARGETS names the kinds); counted from their approved claims.
    targets = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gt=models.F("opens")), name="assignment_due_after_opens"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("arguments:assignment", args=[self.pk])


class Side(models.TextChoices):
    PRO = "pro", "Pro"
    CON = "con", "Con"
    FREE = "free", "Free"


class StudentSideQuerySet(models.QuerySet):
    def of_members(self):
        """The rows of students still in the class. One who left keeps their row (what they
        wrote stays in the map, and their side waits should they come back) but holds no
        place: no group counts or lists them."""
        still_in = ClassMember.objects.filter(
            classroom=models.OuterRef("assignment__classroom"),
            user=models.OuterRef("student"),
            role=ClassMember.Role.STUDENT,
        )
        return self.filter(models.Exists(still_in))


class StudentSide(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="sides")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignment_sides"
    )
    side = models.CharField(max_length=4, choices=Side, default=Side.FREE)

    objects = StudentSideQuerySet.as_manager()

    class Meta:
        ordering = ["assignment", "student__username"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="student_side_unique"),
        ]

    def __str__(self):
        return f"{self.student} argues {self.side} in {self.assignment}"


class Feedback(models.Model):
    """A teacher's private note on a student's claim: only that student and the teachers see it."""

    claim = models.ForeignKey("arguments.Claim", on_delete=models.CASCADE, related_name="feedback")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"feedback on claim #{self.claim_id}"


class Grade(models.Model):
    """A teacher's grade of one student on an assignment: points (out of the assignment's
    maximum, or the rubric's levels added up), the level chosen per criterion, a comment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="grades")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grades"
    )
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    levels = models.JSONField(default=list, blank=True)  # a level index (or None) per criterion
    comment = models.TextField(max_length=2000, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "student_id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "student"], name="grade_once"),
        ]

    def __str__(self):
        return f"grade of {self.student} on {self.assignment}"
