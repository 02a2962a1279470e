"""The access matrix's pseudonym rows: in a class with pseudonyms on, a student asks for
every URL they may open — each of the class map's pages and fragments (read from the URL
configuration), every export, each claim's history, the class pages, search and its
fragment, the source reader, the inbox — and never meets a classmate's real name,
username or e-mail, nor a teacher's name or username (teachers show as "Teacher").

Two students with distinctive names both propose (approved and pending claims, an edit, a
link, a flag), vote and are in the history; each is the other's control: their own work
shows under their own name.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from arguments.classes import services
from arguments.classes.grading import services as grading
from arguments.interchange.formats import BY_SUFFIX
from arguments.models import Citation, Proposal, Stance
from arguments.permissions import Access, ClassAccess
from arguments.services import moderate, propose
from arguments.services.vote import cast_vote
from corpus.adding.services import add_source
from corpus.models import DebateSource, Excerpt, Source
from tests.classworld import teacher_user
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    World,
    debate_with_thesis,
    pro,
    signed_in_client,
)
from tests.security.urlnames import url_names

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# Who is who, and the words that name them (any one found is a leak).
NAMES = {
    "zed": ("zanzibar_quill", "Zeppelina", "Quillfeather", "zq@example.org"),
    "mort": ("marmalade_otter", "Mortimer", "Otterbourne", "mo@example.org"),
    "teacher": ("hawthorne_teach", "Hortensia", "Hawthorne", "hh@example.org"),
}
WORK = {"zed": "Zircon reason: sanctions bite", "mort": "Mica reason: trade opens doors"}


def text_of(response):
    body = b"".join(response) if response.streaming else response.content
    return body.decode("utf-8", "replace")


def passage(source, quote):
    found = Excerpt.locate(source, quote)
    found.save()
    return found


def person(key):
    username, first, last, email = NAMES[key]
    return UserFactory(username=username, first_name=first, last_name=last, email=email)


def build():
    public = debate_with_thesis(slug="open-pseudo", title="Open debate")
    source = SourceFactory(
        slug="pseudo-letter", text="Quiet words. Loud words.\n\nPressure works.", debates=[public]
    )
    reason = ClaimFactory(debate=public, text="Public pressure has freed prisoners.")
    pro(reason, public.thesis)
    Citation.objects.create(claim=reason, excerpt=passage(source, "Pressure works."))

    username, first, last, email = NAMES["teacher"]
    teacher = teacher_user(username)
    teacher.first_name, teacher.last_name, teacher.email = first, last, email
    teacher.save()
    room = services.create_classroom(teacher=teacher, name="Class P", pseudonyms=True)
    zed, mort = person("zed"), person("mort")
    for student in (zed, mort):
        services.join(user=student, code=room.join_code)
    debate = services.copy_debate(
        classroom=room, teacher=teacher, source=public, title="Pseudo map"
    )
    DebateSource.objects.get_or_create(debate=debate, source=source)
    now = timezone.now()
    assignment = services.create_assignment(
        classroom=room,
        debate=debate,
        title="Argue under pseudonyms",
        instructions="",
        opens=now - timedelta(hours=1),
        due=now + timedelta(days=1),
    )
    by_teacher = Access.load(teacher, debate)
    made = {}
    for key, user, quote in (("zed", zed, "Quiet words."), ("mort", mort, "Loud words.")):
        access = Access.load(user, debate)
        claim = propose.propose_claim(
            access=access,
            target=debate.thesis,
            stance=Stance.SUPPORT,
            text=WORK[key],
            excerpts=[passage(source, quote)],
        )
        moderate.approve(access=by_teacher, proposal=claim)
        edit = propose.propose_edit(
            access=access, claim=claim.claim, text=f"{WORK[key]}, edited", reason="Sharper."
        )
        moderate.approve(access=by_teacher, proposal=edit)
        pending = propose.propose_claim(
            access=access, target=debate.thesis, stance=Stance.ATTACK, text=f"{key} pending con"
        )
        services.give_feedback(access=by_teacher, claim=claim.claim, text=f"Feedback for {key}.")
        made[key] = (claim.claim, pending.claim)
    zed_claim, mort_claim = made["zed"][0], made["mort"][0]
    # Each votes on the other's reason, answers it and flags it; a teacher's con too.
    for user, other in ((zed, mort_claim), (mort, zed_claim)):
        access = Access.load(user, debate)
        cast_vote(access=access, argument=other.premise_of.get(), value=3)
        answer = propose.propose_claim(
            access=access, target=other, stance=Stance.ATTACK, text=f"Answer to {other.pk}"
        )
        moderate.approve(access=by_teacher, proposal=answer)
        propose.flag(access=access, reason="off_topic", note="Not on the topic.", claim=other)
    propose.propose_claim(
        access=by_teacher, target=zed_claim, stance=Stance.ATTACK, text="Teacher's own con"
    )
    propose.propose_link(
        access=Access.load(mort, debate), claim=zed_claim, target=mort_claim, stance="support"
    )
    # Grades with comments, released; a source of mort's, approved; a rejected claim of
    # each; zed's duplicate of mort's reason, merged into it.
    room_access = ClassAccess(teacher, room, "teacher")
    grading.set_grading(assignment=assignment, access=room_access, max_points=10)
    for user in (zed, mort):
        grading.grade_student(
            assignment=assignment, access=room_access, student=user, points=7, comment="Good."
        )
    grading.release_grades(assignment=assignment, access=room_access)
    mort_source, _ = add_source(
        debate=debate,
        user=mort,
        text="Ports open. Trade flows.",
        title="Harbour notes",
        genre=Source.Genre.choices[0][0],
        origin=Source.Origin.PASTE,
    )
    moderate.approve(
        access=by_teacher, proposal=Proposal.objects.get(source=mort_source, kind="source")
    )
    for key, user in (("zed", zed), ("mort", mort)):
        refused = propose.propose_claim(
            access=Access.load(user, debate),
            target=debate.thesis,
            stance=Stance.SUPPORT,
            text=f"{key} refused reason",
        )
        moderate.reject(access=by_teacher, proposal=refused, reason="Not one proposition.")
    duplicate = propose.propose_claim(
        access=Access.load(zed, debate),
        target=debate.thesis,
        stance=Stance.SUPPORT,
        text="Mica reason again: trade opens doors",
    )
    moderate.merge(access=by_teacher, proposal=duplicate, kept=mort_claim)
    return World(
        source=source,
        mort_source=mort_source,
        room=room,
        debate=debate,
        assignment=assignment,
        teacher=teacher,
        # zed and mort: students of Class P (pseudonyms on), each with an approved and
        # edited reason, a pending con, a vote and an answer on the other's reason, a flag
        zed=zed,
        mort=mort,
        zed_claim=zed_claim,
        mort_claim=mort_claim,
    )


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        return build()


@pytest.fixture
def world(built_world, db):
    return built_world.fresh()


def debate_url_names():
    return url_names("d/<slug:slug>/")


def class_url_names():
    return url_names("classes/<int:pk>/", "assignments/<int:pk>/")


def requests_for(world, viewer, other):
    """(label, url, data, headers) of every GET a student of the class may send, aimed at
    the other student's work where a URL names a claim."""
    debate, slug = world.debate, world.debate.slug
    theirs = getattr(world, f"{other}_claim")
    argument = theirs.premise_of.order_by("id").first()
    revision = theirs.revisions.order_by("id").first()
    per_claim = {
        "arguments:claim",
        "arguments:history",
        "arguments:what_if",
        "arguments:propose",
        "arguments:similar",
        "arguments:edit",
        "arguments:flag",
    }
    room, assignment = world.room, world.assignment
    args = {
        "arguments:children": [slug, debate.thesis_id],
        "arguments:source_ledger": [slug, world.source.slug],
        "arguments:vote": [slug, argument.pk],
        "arguments:link": [slug, theirs.pk],
        "arguments:revert": [slug, theirs.pk, revision.pk],
    }
    data = {
        "arguments:jump": {"q": "reason"},
        "arguments:similar": {"text": "reason sanctions trade"},
        "arguments:answers": {},
    }
    found = []
    for name in sorted(debate_url_names()):
        if name == "arguments:export":
            continue
        if name in per_claim:
            on = [slug, theirs.pk]
            found.append((f"{name} (thesis)", reverse(name, args=[slug, debate.thesis_id]), {}))
        else:
            on = args.get(name, [slug])
        url = reverse(name, args=on)
        found.append((name, url, data.get(name, {})))
    rows = [(label, url, query, {}) for label, url, query in found]
    rows += [(f"{label} (htmx)", url, query, HTMX) for label, url, query in found]
    for suffix in sorted(BY_SUFFIX):
        rows.append(
            (f"arguments:export {suffix}", reverse("arguments:export", args=[slug, suffix]), {}, {})
        )
    class_args = {
        "arguments:feedback": [assignment.pk, theirs.pk],
        "arguments:grade": [assignment.pk, getattr(world, other).pk],
        "arguments:remove_student": [room.pk, getattr(world, other).pk],
        "arguments:confirm_remove_student": [room.pk, getattr(world, other).pk],
        "arguments:add_back_student": [room.pk, getattr(world, other).pk],
        "arguments:confirm_class_change": [room.pk, "archive"],
        "arguments:remove_extension": [assignment.pk, getattr(world, other).pk],
    }
    for name in sorted(class_url_names()):
        pk = room.pk if name in _room_names() else assignment.pk
        url = reverse(name, args=class_args.get(name, [pk]))
        rows.append((name, url, {}, {}))
        rows.append((f"{name} (htmx)", url, {}, HTMX))
    search = reverse("arguments:search")
    rows += [
        ("search", search, {"q": "reason"}, {}),
        ("search fragment", search, {"q": "reason"}, HTMX),
        ("source reader", reverse("corpus:source", args=[world.source.slug]), {}, {}),
        ("their source", reverse("corpus:source", args=[world.mort_source.slug]), {}, {}),
        ("library", reverse("corpus:sources"), {}, {}),
        ("debate library", reverse("arguments:debate_sources", args=[slug]), {}, {}),
        ("inbox", reverse("arguments:inbox"), {}, {}),
        ("classes", reverse("arguments:classes"), {}, {}),
        ("home", reverse("arguments:home"), {}, {}),
        ("moderation", reverse("arguments:moderation"), {}, {}),
    ]
    return rows


def posts_for(world, other):
    """(label, url, data, headers) of the writes a student makes whose answers name people:
    a vote and a link (their fragments and pages), a contribution and a flag sent back
    with a mistake (the form again)."""
    slug = world.debate.slug
    theirs = getattr(world, f"{other}_claim")
    argument = theirs.premise_of.order_by("id").first()
    vote = reverse("arguments:vote", args=[slug, argument.pk])
    link = reverse("arguments:link", args=[slug, theirs.pk])
    propose_url = reverse("arguments:propose", args=[slug, theirs.pk])
    flag = reverse("arguments:flag", args=[slug, theirs.pk])
    rows = []
    for headers, how in (({}, ""), (HTMX, " (htmx)")):
        rows += [
            (f"vote{how}", vote, {"value": "1"}, headers),
            (f"link{how}", link, {"claim": world.debate.thesis_id, "stance": "support"}, headers),
            (f"propose{how}", propose_url, {"stance": "attack", "text": ""}, headers),
            (f"flag{how}", flag, {"reason": ""}, headers),
        ]
    return rows


def _room_names():
    from arguments.classes.urls import class_urls

    return {f"arguments:{p.name}" for p in class_urls}


def leaked_names(body, other):
    words = [*NAMES[other], *NAMES["teacher"]]
    return [word for word in words if word.lower() in body.lower()]


@pytest.mark.parametrize(("viewer", "other"), [("zed", "mort"), ("mort", "zed")])
def test_a_student_never_sees_a_classmates_or_teachers_name(world, viewer, other):
    client = signed_in_client(getattr(world, viewer))
    leaks, opened = {}, 0
    for label, url, data, headers in requests_for(world, viewer, other):
        response = client.get(url, data, **headers)
        opened += response.status_code == 200
        found = leaked_names(text_of(response), other)
        if found:
            leaks[label] = (response.status_code, found)
    for label, url, data, headers in posts_for(world, other):
        response = client.post(url, data, follow=not headers, **headers)
        found = leaked_names(text_of(response), other)
        if found:
            leaks[label] = (response.status_code, found)
    assert leaks == {}
    assert opened > 40  # the walk did open the pages


@pytest.mark.parametrize(("viewer", "other"), [("zed", "mort"), ("mort", "zed")])
def test_the_pages_show_the_others_work_under_a_pseudonym(world, viewer, other):
    """The control: the other's work is on the pages read, named by pseudonym."""
    client = signed_in_client(getattr(world, viewer))
    theirs = getattr(world, f"{other}_claim")
    pseudonym = world.room.members.get(user=getattr(world, other)).pseudonym
    page = text_of(client.get(reverse("arguments:claim", args=[world.debate.slug, theirs.pk])))
    assert WORK[other] in page and pseudonym in page
    history = text_of(client.get(reverse("arguments:history", args=[world.debate.slug, theirs.pk])))
    assert pseudonym in history and "Teacher" in history


def test_the_teacher_sees_real_usernames(world):
    client = signed_in_client(world.teacher)
    page = text_of(client.get(world.room.get_absolute_url()))
    assert NAMES["zed"][0] in page and NAMES["mort"][0] in page


def test_the_walk_covers_every_url_of_a_debate_and_a_class(world):
    labels = {label.split(" ")[0] for label, *_ in requests_for(world, "zed", "mort")}
    assert debate_url_names() - labels == set()
    assert class_url_names() - labels == set()
