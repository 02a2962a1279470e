"""A shared world for the class tests: two classes, a copied class debate with an
assignment, a public debate, and one user for every kind of viewer."""

from datetime import timedelta

from django.utils import timezone

from arguments.classes import services
from arguments.models import Account, Citation, ClassMember, Side, Stance, StudentSide
from arguments.permissions import Access
from arguments.services import propose
from corpus.models import Excerpt

from .factories import ClaimFactory, SourceFactory, UserFactory, World, con, debate_with_thesis, pro

VIEWERS = ["anonymous", "stranger", "student", "other_student", "teacher", "co_teacher"]


def teacher_user(username):
    user = UserFactory(username=username)
    Account.objects.create(user=user, is_teacher=True)
    return user


def build():
    public = debate_with_thesis(slug="open", title="Open debate")
    reason = ClaimFactory(debate=public, text="Public pressure has freed prisoners.")
    pro(reason, public.thesis)
    objection = ClaimFactory(debate=public, text="Pressure hardens Beijing.")
    con(objection, public.thesis)
    source = SourceFactory(
        slug="letter", text="Quiet words. Loud words.\n\nPressure works.", debates=[public]
    )
    excerpt = Excerpt.locate(source, "Pressure works.")
    excerpt.save()
    Citation.objects.create(claim=reason, excerpt=excerpt)

    teacher, co_teacher = teacher_user("teacher"), teacher_user("co_teacher")
    student, other_student = UserFactory(username="student"), UserFactory(username="other")
    stranger = UserFactory(username="stranger")
    room = services.create_classroom(teacher=teacher, name="Class A")
    services.add_teacher(classroom=room, username="co_teacher")
    services.join(user=student, code=room.join_code)
    other_room = services.create_classroom(teacher=teacher_user("teacher_b"), name="Class B")
    services.join(user=other_student, code=other_room.join_code)

    debate = services.copy_debate(
        classroom=room, teacher=teacher, source=public, title="Class copy"
    )
    now = timezone.now()
    assignment = services.create_assignment(
        classroom=room,
        debate=debate,
        title="Argue it",
        instructions="Two claims each.",
        opens=now - timedelta(hours=1),
        due=now + timedelta(days=1),
    )
    StudentSide.objects.filter(assignment=assignment, student=student).update(side=Side.PRO)
    copied_reason = debate.claims.get(text=reason.text)
    student_access = Access.load(student, debate)
    approved = propose.propose_claim(
        access=student_access,
        target=copied_reason,
        stance=Stance.SUPPORT,
        text="Class secret: approved student claim.",
        excerpts=[excerpt],
    )
    from arguments.services import moderate

    moderate.approve(access=Access.load(teacher, debate), proposal=approved)
    pending = propose.propose_claim(
        access=student_access,
        target=debate.thesis,
        stance=Stance.SUPPORT,
        text="Class secret: pending student claim.",
    )
    note = services.give_feedback(
        access=Access.load(teacher, debate), claim=approved.claim, text="Secret feedback note."
    )
    other_debate = services.start_debate(
        classroom=other_room,
        teacher=other_room.members.get(role="teacher").user,
        title="Other class debate",
        thesis="Class B secret thesis.",
    )
    return World(
        public=public,
        reason=reason,
        source=source,
        room=room,
        other_room=other_room,
        debate=debate,
        other_debate=other_debate,
        assignment=assignment,
        approved=approved.claim,
        pending=pending.claim,
        proposal=pending,
        feedback=note,
        # stranger: signed in, in no class; reads public debates only
        stranger=stranger,
        # student: in Class A, on the pro side of the assignment; wrote `approved` and `pending`
        student=student,
        # other_student: in Class B only; must see nothing of Class A
        other_student=other_student,
        # teacher: teaches Class A (owns its debates) and gave the `feedback`
        teacher=teacher,
        # co_teacher: added to Class A by the teacher; teaches it too
        co_teacher=co_teacher,
    )


def is_student(world, user):
    return ClassMember.objects.filter(classroom=world.room, user=user).exists()
