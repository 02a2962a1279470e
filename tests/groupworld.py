"""A class whose assignment is split into two groups, for the group-isolation tests.

Built with what main already had (a random split, then the members set row by row), so
the tests that use it can run against code from before groups were kept apart.
"""

import random
from datetime import timedelta

from django.utils import timezone

from arguments.classes import services
from arguments.models import Citation, Side, Stance, StudentSide
from arguments.permissions import Access
from arguments.services import moderate, propose
from corpus.models import Excerpt

from .classworld import teacher_user
from .factories import ClaimFactory, SourceFactory, UserFactory, World, debate_with_thesis, pro

# What group 1 wrote: searched for by its first word, which search pages wrap in <mark>;
# the tests look for the rest.
GROUP_ONE_WORD = "Tungsten"
GROUP_ONE_REASON = "Tungsten note: quiet pressure frees prisoners."
GROUP_ONE_MARKER = "quiet pressure frees prisoners"
GROUP_ONE_PENDING = "Tungsten note: pending in group one."
GROUP_ONE_TITLE = "Class map — group 1"


def passage(source, quote):
    found = Excerpt.locate(source, quote)
    found.save()
    return found


def build():
    public = debate_with_thesis(slug="open-groups", title="Open debate")
    source = SourceFactory(
        slug="groups-letter", text="Quiet words. Loud words.\n\nPressure works.", debates=[public]
    )
    reason = ClaimFactory(debate=public, text="Public pressure has freed prisoners.")
    pro(reason, public.thesis)
    Citation.objects.create(claim=reason, excerpt=passage(source, "Pressure works."))

    teacher = teacher_user("group_teacher")
    room = services.create_classroom(teacher=teacher, name="Class G")
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    for student in (ann, bob):
        services.join(user=student, code=room.join_code)
    debate = services.copy_debate(classroom=room, teacher=teacher, source=public, title="Class map")
    now = timezone.now()
    assignment = services.create_assignment(
        classroom=room,
        debate=debate,
        title="Argue in groups",
        instructions="",
        opens=now - timedelta(hours=1),
        due=now + timedelta(days=1),
    )
    one, two = services.split_into_groups(assignment=assignment, count=2, rng=random.Random(1))
    StudentSide.objects.filter(assignment__in=[one, two]).delete()
    StudentSide.objects.create(assignment=one, student=ann, side=Side.FREE)
    StudentSide.objects.create(assignment=two, student=bob, side=Side.FREE)

    by_ann = Access.load(ann, one.debate)
    approved = propose.propose_claim(
        access=by_ann,
        target=one.debate.thesis,
        stance=Stance.SUPPORT,
        text=GROUP_ONE_REASON,
        excerpts=[passage(source, "Quiet words.")],
    )
    moderate.approve(access=Access.load(teacher, one.debate), proposal=approved)
    pending = propose.propose_claim(
        access=by_ann, target=one.debate.thesis, stance=Stance.ATTACK, text=GROUP_ONE_PENDING
    )
    return World(
        public=public,
        source=source,
        room=room,
        assignment=assignment,
        one=one,
        two=two,
        approved=approved.claim,
        pending=pending.claim,
        # teacher: teaches Class G; reads and moderates every group
        teacher=teacher,
        # ann: student in group 1; wrote `approved` (with a quote) and `pending` there
        ann=ann,
        # bob: student in group 2; must see nothing of group 1 until the teacher shows all maps
        bob=bob,
    )
