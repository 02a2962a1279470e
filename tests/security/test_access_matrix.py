"""Who may open or post to every URL, and what each role is shown: one world, one table.

The world holds a public debate with moderation (an owner, a writer, a moderator, and an
author's pending and rejected proposals, a pending edit and a flag) and a class with its
class-private debate (teachers, a student, and a student of another class with its own
class debate). `TABLE` gives, for every URL name of the URL configuration, the expected
status per role on each kind of target; `test_every_url_name_is_in_the_table` makes a new
view join it. The leak checks then read every list, count, fragment, search, export and
the source reader as each role and look for the marker texts of what the role may not see.
The owner also has an unlisted debate whose link nobody else was given: its claim, which
quotes the source, is listed (search, the source reader, the library's count) to the owner
alone.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from arguments.interchange.formats import BY_SUFFIX
from arguments.jobs import services as jobs
from arguments.models import Citation, ClassMember, Debate, Role, Stance
from arguments.permissions import Access
from arguments.services import moderate, propose
from arguments.services.counts import refresh_counts
from corpus.models import DebateSource, Excerpt
from tests import classworld
from tests.factories import (
    ClaimFactory,
    UserFactory,
    debate_with_thesis,
    member,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "stranger",
    "author",  # signed in; proposed on the public debate (pending, rejected, an edit, a flag)
    "writer",  # writer member of the public debate
    "moderator",  # moderator member of the public debate
    "owner",  # owner of the public debate
    "teacher",  # teacher of class A (it made the class debate)
    "student",  # student of class A, proposed in its debate
    "other_student",  # student of class B, which has its own class debate
    "co_teacher",  # added to class A by the teacher
]
LOGIN = "login"  # a redirect to the sign-in page

# Statuses per role, in ROLES order.
#           anon   strngr author writer moder  owner  teachr studnt other  co_tch
EVERYONE = [200] * 10
SIGNED_IN = [LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200]
OUT_ONLY = [200, 302, 302, 302, 302, 302, 302, 302, 302, 302]  # signed in: sent on
PUBLIC_MODERATORS = [LOGIN, 403, 403, 403, 200, 200, 403, 403, 403, 403]
PUBLIC_MODERATORS_POST = [LOGIN, 403, 403, 403, 302, 302, 403, 403, 403, 403]
PUBLIC_OWNER = [LOGIN, 403, 403, 403, 403, 200, 403, 403, 403, 403]
SEES_PUBLIC_PENDING = [404, 404, 200, 404, 200, 200, 404, 404, 404, 404]
SEES_PUBLIC_REJECTED = [404, 404, 200, 404, 404, 404, 404, 404, 404, 404]
CLASS_READ = [404, 404, 404, 404, 404, 404, 200, 200, 404, 200]
CLASS_SIGNED_IN_READ = [LOGIN, 404, 404, 404, 404, 404, 200, 200, 404, 200]
CLASS_TEACHERS = [LOGIN, 404, 404, 404, 404, 404, 200, 403, 404, 200]
CLASS_TEACHERS_POST = [LOGIN, 404, 404, 404, 404, 404, 302, 403, 404, 302]
# A student's grade page before grading is set up sends the teachers to set it up first.
CLASS_TEACHERS_SENT_ON = CLASS_TEACHERS_POST
CLASS_WRITERS_POST = [LOGIN, 404, 404, 404, 404, 404, 302, 302, 404, 302]
CLASS_MODERATORS = [LOGIN, 403, 403, 403, 403, 403, 200, 403, 403, 200]
CLASS_MODERATORS_POST = [LOGIN, 403, 403, 403, 403, 403, 302, 403, 403, 302]
QUEUE = [LOGIN, 403, 403, 403, 200, 200, 200, 403, 403, 200]
QUEUE_POST = [LOGIN, 403, 403, 403, 302, 302, 302, 403, 403, 302]
OTHER_CLASS_READ = [LOGIN, 404, 404, 404, 404, 404, 404, 404, 200, 404]
SOURCE_EDITORS = [LOGIN, 404, 404, 404, 200, 200, 200, 404, 404, 200]
SOURCE_EDITORS_POST = [LOGIN, 404, 404, 404, 302, 302, 302, 404, 404, 302]
JOB_OWNER = [LOGIN, 404, 404, 404, 404, 200, 404, 404, 404, 404]  # the owner's export job
# Live streams answer an event stream or a refusal, never a sign-in page (EventSource).
LIVE_QUEUE = [403, 403, 403, 403, 200, 200, 200, 403, 403, 200]
LIVE_SIGNED_IN = [403] + [200] * 9

# (URL name, target, method, statuses). Targets: "public" (the public debate, its approved
# reason), "public pending" / "public rejected" (the author's proposals there), "class"
# (class A, its debate, the student's approved claim), "class pending", "other class".
# Reads come first; writes after them; decisions, then logout (it signs the client out).
TABLE = [
    ("arguments:home", "", "get", EVERYONE),
    ("arguments:health", "", "get", EVERYONE),
    ("corpus:sources", "", "get", EVERYONE),
    ("corpus:source", "", "get", EVERYONE),
    ("arguments:search", "", "get", EVERYONE),
    ("arguments:search", "fragment", "get", EVERYONE),
    ("arguments:debate", "public", "get", EVERYONE),
    ("arguments:debate", "class", "get", CLASS_READ),
    ("arguments:debate", "other class", "get", [404] * 8 + [200, 404]),
    ("arguments:claim", "public", "get", EVERYONE),
    ("arguments:claim", "public pending", "get", SEES_PUBLIC_PENDING),
    ("arguments:claim", "public rejected", "get", SEES_PUBLIC_REJECTED),
    ("arguments:claim", "class", "get", CLASS_READ),
    ("arguments:claim", "class pending", "get", [404] * 6 + [200, 200, 404, 200]),
    ("arguments:claim", "class rejected", "get", [404] * 7 + [200, 404, 404]),
    ("arguments:outline", "public", "get", EVERYONE),
    ("arguments:outline", "class", "get", CLASS_READ),
    ("arguments:children", "public", "get", EVERYONE),
    ("arguments:children", "class", "get", CLASS_READ),
    ("arguments:children", "class fragment", "get", CLASS_READ),
    ("arguments:history", "public", "get", EVERYONE),
    ("arguments:history", "public pending", "get", SEES_PUBLIC_PENDING),
    ("arguments:history", "public rejected", "get", SEES_PUBLIC_REJECTED),
    ("arguments:history", "class", "get", CLASS_READ),
    ("arguments:what_if", "public", "get", EVERYONE),
    ("arguments:what_if", "public pending", "get", SEES_PUBLIC_PENDING),
    ("arguments:what_if", "class", "get", CLASS_READ),
    ("arguments:overview", "public", "get", EVERYONE),
    ("arguments:overview", "class", "get", CLASS_READ),
    ("arguments:answers", "public", "get", EVERYONE),
    ("arguments:answers", "class", "get", CLASS_READ),
    ("arguments:jump", "public", "get", EVERYONE),
    ("arguments:jump", "class", "get", CLASS_READ),
    ("arguments:export", "public", "get", EVERYONE),
    ("arguments:export", "class", "get", CLASS_READ),
    ("arguments:print", "public", "get", EVERYONE),
    ("arguments:print", "class", "get", CLASS_READ),
    ("arguments:debate_sources", "public", "get", EVERYONE),
    ("arguments:debate_sources", "class", "get", CLASS_READ),
    ("arguments:propose", "public", "get", SIGNED_IN),
    ("arguments:propose", "class", "get", CLASS_SIGNED_IN_READ),
    ("arguments:similar", "public", "get", SIGNED_IN),
    ("arguments:similar", "class", "get", CLASS_SIGNED_IN_READ),
    ("arguments:edit", "public", "get", SIGNED_IN),
    ("arguments:edit", "class", "get", CLASS_SIGNED_IN_READ),
    ("arguments:flag", "public", "get", SIGNED_IN),
    ("arguments:flag", "class", "get", CLASS_SIGNED_IN_READ),
    ("arguments:members", "public", "get", PUBLIC_OWNER),
    ("arguments:members", "class", "get", CLASS_TEACHERS),
    ("arguments:camps", "public", "get", PUBLIC_MODERATORS),
    ("arguments:camps", "class", "get", CLASS_TEACHERS),
    ("arguments:import", "public", "get", PUBLIC_OWNER),
    ("arguments:import", "class", "get", CLASS_TEACHERS),
    ("arguments:new_debate", "", "get", SIGNED_IN),
    ("arguments:source_new", "public", "get", SIGNED_IN),
    ("arguments:source_new", "class", "get", CLASS_SIGNED_IN_READ),
    # The letter, used by both debates: their moderators (the class's teachers) edit it.
    ("arguments:source_edit", "public", "get", SOURCE_EDITORS),
    ("arguments:inbox", "", "get", SIGNED_IN),
    ("arguments:moderation", "", "get", QUEUE),
    ("arguments:moderation", "class", "get", QUEUE),  # filtered to a class: its items only
    ("arguments:moderation_live", "", "get", LIVE_QUEUE),
    ("arguments:inbox_live", "", "get", LIVE_SIGNED_IN),
    ("arguments:debate_live", "public", "get", EVERYONE),
    ("arguments:debate_live", "class", "get", CLASS_READ),
    ("arguments:debate_live", "other class", "get", [404] * 8 + [200, 404]),
    ("arguments:moderation_item", "public", "get", PUBLIC_MODERATORS),
    ("arguments:moderation_item", "class", "get", CLASS_MODERATORS),
    ("arguments:classes", "", "get", SIGNED_IN),
    ("arguments:join", "", "get", EVERYONE),  # signed out: asked to sign up or in first
    ("arguments:join_link", "", "get", EVERYONE),
    ("arguments:classroom", "class", "get", CLASS_SIGNED_IN_READ),
    ("arguments:classroom", "other class", "get", OTHER_CLASS_READ),
    ("arguments:bulk_students", "class", "get", CLASS_TEACHERS),
    ("arguments:new_class_debate", "class", "get", CLASS_TEACHERS),
    ("arguments:new_assignment", "class", "get", CLASS_TEACHERS),
    ("arguments:assignment", "class", "get", CLASS_SIGNED_IN_READ),
    ("arguments:assignment_edit", "class", "get", CLASS_TEACHERS),
    ("arguments:assignment_edit", "class", "post", CLASS_TEACHERS),  # empty: shown again
    ("arguments:report", "class", "get", CLASS_TEACHERS),
    ("arguments:report_csv", "class", "get", CLASS_TEACHERS),
    ("arguments:assignment_progress", "class", "get", [LOGIN] + [404] * 6 + [200, 404, 404]),
    ("arguments:grading", "class", "get", CLASS_TEACHERS),
    ("arguments:grades", "class", "get", CLASS_TEACHERS),
    ("arguments:grade", "class", "get", CLASS_TEACHERS_SENT_ON),
    ("arguments:confirm_class_change", "class", "get", CLASS_TEACHERS),
    ("arguments:confirm_remove_student", "class", "get", CLASS_TEACHERS),
    # TEACHING=anyone: nobody asks, the page sends the signed-in to /classes/.
    ("arguments:ask_to_teach", "", "get", [LOGIN] + [302] * 9),
    ("arguments:teaching_requests", "", "get", [LOGIN] + [403] * 9),  # staff only
    ("arguments:source_ledger", "public", "get", EVERYONE),
    ("arguments:source_ledger", "class", "get", CLASS_READ),
    ("arguments:job", "", "get", JOB_OWNER),
    ("arguments:job_download", "", "get", JOB_OWNER),
    ("signup", "", "get", OUT_ONLY),
    ("login", "", "get", EVERYONE),
    ("password_change", "", "get", SIGNED_IN),
    ("account_settings", "", "get", SIGNED_IN),
    ("account_settings", "", "post", SIGNED_IN),  # no zone chosen: the form says so
    ("password_change_done", "", "get", SIGNED_IN),
    ("password_reset", "", "get", EVERYONE),
    ("password_reset_done", "", "get", EVERYONE),
    ("password_reset_confirm", "", "get", EVERYONE),  # a bad link: the page says so
    ("password_reset_complete", "", "get", EVERYONE),
    # Django's admin: every one of its generated URLs goes through AdminSite.admin_view's
    # staff check, so the index stands for them all; no role here is staff.
    ("admin:index", "", "get", [302] * 10),
    # Writes. The vote on a pending argument comes before the decisions approve it.
    ("arguments:vote", "public pending", "post", [LOGIN] + [404] * 9),
    ("arguments:vote", "public", "post", SIGNED_IN[:1] + [302] * 9),
    ("arguments:vote", "class", "post", CLASS_WRITERS_POST),
    ("arguments:link", "public", "post", SIGNED_IN[:1] + [302] * 9),
    ("arguments:link", "class", "post", CLASS_WRITERS_POST),
    # The first step answers with the review page; nothing is written before its Save.
    ("arguments:source_new", "public", "post", SIGNED_IN),
    ("arguments:source_new", "class", "post", CLASS_SIGNED_IN_READ),
    ("arguments:source_edit", "public", "post", SOURCE_EDITORS_POST),
    # A big debate's export, written by a job (at once: the immediate backend).
    ("arguments:export_job", "public", "post", SIGNED_IN[:1] + [302] * 9),
    ("arguments:export_job", "class", "post", CLASS_WRITERS_POST),
    ("arguments:revert", "public", "post", PUBLIC_MODERATORS_POST),
    ("arguments:revert", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:camps", "public", "post", PUBLIC_MODERATORS_POST),
    ("arguments:camps", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:feedback", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:release_grades", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:assignment_targets", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:classroom_settings", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:add_teacher", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:remove_student", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:add_back_student", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:ask_to_teach", "", "post", [LOGIN] + [302] * 9),
    ("arguments:decide_teaching", "", "post", [LOGIN] + [403] * 9),
    ("arguments:assignment_sides", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:assignment_extension", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:remove_extension", "class", "post", CLASS_TEACHERS_POST),  # none: "no extension"
    ("arguments:assignment_groups", "class", "post", CLASS_TEACHERS_POST),
    ("arguments:assignment_place", "class", "post", CLASS_TEACHERS_POST),
    # Whoever moderates some debate may post; items of other debates are left alone.
    ("arguments:decide_many", "public", "post", QUEUE_POST),
    ("arguments:decide_many", "class", "post", QUEUE_POST),
    ("arguments:decide", "public", "post", PUBLIC_MODERATORS_POST),
    ("arguments:decide", "class", "post", CLASS_MODERATORS_POST),
    ("logout", "", "post", [302] * 10),  # last: the requests after it would be anonymous
]

PUBLIC_PENDING = "Marker: quiet diplomacy, pending."
PUBLIC_REJECTED = "Marker: rights talk is hypocritical, rejected."
PENDING_EDIT = "Marker: a pending wording of the reason."
FLAG_NOTE = "Marker: a flag note for moderators."
CLASS_APPROVED = "Class secret: approved student claim."
CLASS_PENDING = "Class secret: pending student claim."
CLASS_REJECTED = "Class secret: rejected student claim."
UNLISTED_CLAIM = "Marker: an unlisted note on sanctions."

# marker: (text, the roles that may ever see it). The texts leave out the words searched
# for below, which search pages wrap in <mark>.
CLASS_A = {"teacher", "student", "co_teacher"}
MARKERS = {
    "public pending": ("quiet diplomacy, pending", {"author", "moderator", "owner"}),
    "public rejected": ("rights talk is hypocritical, rejected", {"author"}),
    "pending edit": ("a pending wording of the reason", {"author", "moderator", "owner"}),
    "flag note": ("a flag note for moderators", {"author", "moderator", "owner"}),
    "class approved": ("approved student claim", CLASS_A),
    "class pending": ("pending student claim", CLASS_A),
    # Teachers read their students' rejected claims in the participation report only.
    "class rejected": ("rejected student claim", CLASS_A),
    "class title": ("Class copy", CLASS_A),
    "class name": ("Class A", CLASS_A),
    "feedback": ("Secret feedback note", CLASS_A),
    "other class thesis": ("Class B secret thesis", {"other_student"}),
    "other class title": ("Other class debate", {"other_student"}),
    "other class name": ("Class B", {"other_student"}),
    "unlisted claim": ("an unlisted note on sanctions", {"owner"}),
    "unlisted title": ("Quiet unlisted map", {"owner"}),
}

HTMX = {"HTTP_HX_REQUEST": "true"}


def passage(source, quote):
    found = Excerpt.locate(source, quote)
    found.save()
    return found


def build_world():
    world = classworld.build()
    public, source, reason = world.public, world.source, world.reason
    # owner: owns the public debate; manages its members and imports
    world.owner = UserFactory(username="owner")
    public.owner = world.owner
    public.save(update_fields=["owner"])
    # writer: a writer member of the public debate; proposes, never moderates
    world.writer = member(public, Role.WRITER, username="writer")
    # moderator: moderates the public debate; sees its pending items, nothing of the class
    world.moderator = member(public, Role.MODERATOR, username="moderator")
    # author: wrote the public pending and rejected claims; sees those, not others' pending
    world.author = author = UserFactory(username="author")
    by_author = Access(author, public)
    by_moderator = Access(world.moderator, public, Role.MODERATOR)
    objection = public.claims.get(text="Pressure hardens Beijing.")

    pending = propose.propose_claim(
        access=by_author,
        target=public.thesis,
        stance=Stance.ATTACK,
        text=PUBLIC_PENDING,
        excerpts=[passage(source, "Quiet words.")],
    )
    rejected = propose.propose_claim(
        access=by_author,
        target=reason,
        stance=Stance.ATTACK,
        text=PUBLIC_REJECTED,
        excerpts=[passage(source, "Loud words.")],
    )
    moderate.reject(access=by_moderator, proposal=rejected, reason="Not one proposition.")
    moderate.approve(
        access=by_moderator,
        proposal=propose.propose_edit(
            access=by_author,
            claim=reason,
            text="Public pressure has freed many prisoners.",
            reason="Nuance.",
        ),
    )
    reason.refresh_from_db()
    propose.propose_edit(access=by_author, claim=reason, text=PENDING_EDIT, reason="Sharper.")
    propose.flag(access=by_author, reason="off_topic", note=FLAG_NOTE, claim=objection)
    refresh_counts(public.pk)  # the classworld's approved claims come from factories
    for uses in (public, world.debate):  # both debates quote the letter: it is theirs
        DebateSource.objects.get_or_create(debate=uses, source=source)
    for used_by in (public, world.debate):  # the debates read the source (its ledger too)
        DebateSource.objects.get_or_create(debate=used_by, source=source)
    unlisted = debate_with_thesis(
        title="Quiet unlisted map", visibility=Debate.Visibility.UNLISTED, owner=world.owner
    )
    note = ClaimFactory(debate=unlisted, text=UNLISTED_CLAIM)
    pro(note, unlisted.thesis)
    Citation.objects.create(claim=note, excerpt=passage(source, "Pressure"))
    refresh_counts(unlisted.pk)
    world.job = jobs.start_export(owner=world.owner, debate=public, fmt=BY_SUFFIX["argdown"])

    debate = world.debate
    by_student = Access.load(world.student, debate)
    class_rejected = propose.propose_claim(
        access=by_student, target=debate.thesis, stance=Stance.SUPPORT, text=CLASS_REJECTED
    )
    moderate.reject(
        access=Access.load(world.teacher, debate), proposal=class_rejected, reason="No."
    )
    spare = UserFactory(username="spare")
    ClassMember.objects.create(classroom=world.room, user=spare, role="student")
    world.add(
        spare=spare,
        reason=reason,
        reason_link=reason.premise_of.get(),
        objection=objection,
        public_pending=pending,
        public_rejected=rejected.claim,
        class_rejected=class_rejected.claim,
    )
    return world


@pytest.fixture(scope="module")
def built_world(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        return build_world()


@pytest.fixture
def world(built_world, db):
    """The module's world, built once; every test's writes are rolled back."""
    return built_world.fresh()


def request_for(world, name, target):
    """(url, data, extra headers) of the request a row of TABLE stands for."""
    public, debate = world.public, world.debate
    room, assignment = world.room, world.assignment
    pending = world.public_pending
    on_class = target.startswith("class")
    claims = {
        "public": world.reason,
        "public pending": pending.claim,
        "public rejected": world.public_rejected,
        "class": world.approved,
        "class pending": world.pending,
        "class rejected": world.class_rejected,
        "class fragment": debate.thesis,
    }
    slug = {"public": public.slug, "other class": world.other_debate.slug}.get(target)
    slug = slug or (debate.slug if on_class else public.slug)
    claim = claims.get(target)
    on_claim = [slug, claim.pk] if claim else []
    proposal = world.proposal if on_class else pending
    headers = HTMX if target in ("fragment", "class fragment") else {}
    if name == "arguments:children":
        on_claim = [slug, (debate if on_class else public).thesis_id]
    by_name = {
        "arguments:search": {"q": "secret or marker"},
        "arguments:jump": {"q": "secret or marker"},
        "arguments:similar": {"text": "class secret marker"},
        "arguments:answers": {"from": "rights_groups", "to": "prc_government"},
        "arguments:moderation": {"classroom": room.pk} if on_class else {},
        "arguments:vote": {"value": "2"},
        "arguments:link": {"claim": (world.approved if on_class else world.objection).pk},
        "arguments:decide": {"action": "reject", "reason": "Off topic."},
        "arguments:decide_many": {"selected": [proposal.pk], "action": "approve"},
        "arguments:feedback": {"text": "Well argued."},
        "arguments:release_grades": {"action": "release"},
        "arguments:classroom_settings": {"action": "open"},
        "arguments:add_teacher": {"username": "co_teacher"},
        "arguments:assignment_sides": {"action": "balance"},
        # A day after the due date: the student, whose assignment is open, writes as before.
        "arguments:assignment_extension": {
            "extension-student": world.student.pk,
            "extension-due": (timezone.localtime(assignment.due) + timedelta(days=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
        },
        "arguments:assignment_groups": {"count": ""},
        "arguments:assignment_place": {"student": world.student.pk, "group": ""},
        "arguments:camps": {
            "action": "add_camp",
            "new-camp-name": "Sceptics",
            "new-camp-style": "red",
        },
        "arguments:source_new": {"way": "paste", "text": "Words of a new source."},
        # The letter's details as they are: the walk changes nothing the next row reads.
        "arguments:source_edit": {
            "title": world.source.title,
            "genre": world.source.genre,
            "published": str(world.source.published),
            "precision": world.source.published_precision,
            "language": world.source.language,
            "text": world.source.text,
            "action": "save",
        },
    }
    data = by_name.get(name, {})
    if name == "arguments:link":
        data["stance"] = "support" if on_class else "attack"
        on_claim = [slug, (debate.thesis_id if on_class else world.reason.pk)]
    args = {
        "corpus:source": [world.source.slug],
        "arguments:claim": on_claim,
        "arguments:children": on_claim,
        "arguments:history": on_claim,
        "arguments:what_if": on_claim,
        "arguments:propose": on_claim,
        "arguments:similar": on_claim,
        "arguments:edit": on_claim,
        "arguments:flag": on_claim,
        "arguments:link": on_claim,
        "arguments:moderation_item": [proposal.pk],
        "arguments:decide": [proposal.pk],
        "arguments:join_link": ["ABCDEF"],
        "arguments:classroom": [world.other_room.pk if target == "other class" else room.pk],
        "arguments:report": [assignment.pk],
        "arguments:report_csv": [assignment.pk],
        "arguments:assignment": [assignment.pk],
        "arguments:assignment_edit": [assignment.pk],
        "arguments:assignment_extension": [assignment.pk],
        "arguments:remove_extension": [assignment.pk, world.spare.pk],
        "arguments:assignment_sides": [assignment.pk],
        "arguments:assignment_groups": [assignment.pk],
        "arguments:assignment_place": [assignment.pk],
        "arguments:feedback": [assignment.pk, world.approved.pk],
        "arguments:grading": [assignment.pk],
        "arguments:assignment_progress": [assignment.pk],
        "arguments:assignment_targets": [assignment.pk],
        "arguments:grades": [assignment.pk],
        "arguments:release_grades": [assignment.pk],
        "arguments:grade": [assignment.pk, world.student.pk],
        "arguments:source_ledger": [slug, world.source.slug],
        "arguments:remove_student": [room.pk, world.spare.pk],
        "arguments:confirm_remove_student": [room.pk, world.spare.pk],
        "arguments:add_back_student": [room.pk, world.spare.pk],
        "arguments:confirm_class_change": [room.pk, "archive"],
        "arguments:decide_teaching": [1],
        "password_reset_confirm": ["MQ", "bad-token"],
        "arguments:job": [world.job.uuid],
        "arguments:job_download": [world.job.uuid],
    }
    for per_room in (
        "bulk_students",
        "new_class_debate",
        "new_assignment",
        "classroom_settings",
        "add_teacher",
    ):
        args[f"arguments:{per_room}"] = [room.pk]
    for per_debate in (
        "debate",
        "debate_live",
        "outline",
        "overview",
        "answers",
        "jump",
        "print",
        "debate_sources",
    ):
        args[f"arguments:{per_debate}"] = [slug]
    args["arguments:members"] = args["arguments:import"] = args["arguments:camps"] = [slug]
    args["arguments:source_new"] = [slug]
    args["arguments:source_edit"] = [world.source.slug]
    args["arguments:export"] = [slug, "aif.json"]
    args["arguments:export_job"] = [slug, "argdown"]
    if name == "arguments:vote":
        if target == "public pending":
            argument_id = pending.argument_id
        elif on_class:
            argument_id = world.approved.premise_of.get().pk
        else:
            argument_id = world.reason_link.pk
        args[name] = [slug, argument_id]
    if name == "arguments:revert":
        revised = world.approved if on_class else world.reason
        revision = revised.revisions.order_by("id").first()
        args[name] = [slug, revised.pk, revision.pk]
    return reverse(name, args=args.get(name, [])), data, headers


def client_as(world, role):
    return signed_in_client(world.person(role))


def text_of(response):
    body = b"".join(response) if response.streaming else response.content
    return body.decode("utf-8", "replace")


def leaks(role, text):
    """The markers in `text` that `role` may never see."""
    return [
        key for key, (marker, allowed) in MARKERS.items() if role not in allowed and marker in text
    ]


def status_matches(response, want):
    if want == LOGIN:
        return response.status_code == 302 and reverse("login") in response["Location"]
    return response.status_code == want


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world, role):
    client = client_as(world, role)
    index = ROLES.index(role)
    failures, leaked = [], []
    for name, target, method, expected in TABLE:
        url, data, headers = request_for(world, name, target)
        response = getattr(client, method)(url, data, **headers)
        if not status_matches(response, expected[index]):
            failures.append((name, target, expected[index], response.status_code))
        leaked += [(name, target, key) for key in leaks(role, text_of(response))]
    assert not failures, failures
    assert not leaked, leaked
    # What the walk's posts decided: only a debate's moderators decide its proposals.
    public_pending, class_pending = world.public_pending, world.proposal
    for proposal in (public_pending, class_pending):
        proposal.refresh_from_db()
    assert (public_pending.status != "pending") == (role in ("moderator", "owner"))
    assert (class_pending.status != "pending") == (role in ("teacher", "co_teacher"))


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}{pattern.name}"
        elif pattern.namespace == "admin":
            yield "admin:index"  # see the admin row of TABLE
        else:
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)


def test_every_url_name_is_in_the_table():
    assert set(_url_names(get_resolver().url_patterns)) == {row[0] for row in TABLE}


def test_every_row_has_a_status_for_every_role():
    assert [row[:2] for row in TABLE if len(row[3]) != len(ROLES)] == []


def test_posts_without_a_csrf_token_are_refused(world):
    """Every POST of the table, sent by a role it succeeds for, but without the token."""
    client = Client(enforce_csrf_checks=True)
    refused = []
    posts = [row for row in TABLE if row[2] == "post"]
    assert len(posts) >= 17
    for name, target, _, expected in posts:
        role = next((ROLES[i] for i, want in enumerate(expected) if want == 302), "stranger")
        client.logout()
        if role != "anonymous":
            client.force_login(world.person(role))
        url, data, headers = request_for(world, name, target)
        refused.append((name, target, client.post(url, data, **headers).status_code))
    assert [row for row in refused if row[2] != 403] == []


def shows(*keys, **only):
    """What a page shows: each marker of `keys` to every role that may see it, and each
    marker named in `only` (spaces as underscores) to those roles alone."""
    expected = {key: MARKERS[key][1] for key in keys}
    expected.update({key.replace("_", " "): set(roles) for key, roles in only.items()})
    return expected


def reading_pages(world):
    """(label, url, data, headers, what it shows) of every page that lists claims."""
    public, debate, other = world.public, world.debate, world.other_debate
    reason, copied_reason = world.reason, world.approved.premise_of.get().target_claim
    room, assignment = world.room, world.assignment
    students_own = {"student"}
    moderators, teachers = {"moderator", "owner"}, {"teacher", "co_teacher"}
    pages = [
        ("home", reverse("arguments:home"), {}, {}, shows()),
        ("public debate", public.get_absolute_url(), {}, {}, shows("public pending")),
        ("public debate fragment", public.get_absolute_url(), {}, HTMX, shows("public pending")),
        (
            "focus of the reason",
            reverse("arguments:claim", args=[public.slug, reason.pk]),
            {},
            {},
            shows("public rejected"),
        ),
        (
            "public outline",
            reverse("arguments:outline", args=[public.slug]),
            {},
            {},
            shows("public pending", "public rejected"),
        ),
        (
            "public children fragment",
            reverse("arguments:children", args=[public.slug, public.thesis_id]),
            {"path": str(public.thesis_id)},
            HTMX,
            shows("public pending"),
        ),
        (
            "history of the reason",
            reverse("arguments:history", args=[public.slug, reason.pk]),
            {},
            {},
            shows(),
        ),
        ("public overview", reverse("arguments:overview", args=[public.slug]), {}, {}, shows()),
        (
            "public answers",
            reverse("arguments:answers", args=[public.slug]),
            {"from": "rights_groups", "to": "rights_groups"},
            {},
            shows(),
        ),
        ("public print", reverse("arguments:print", args=[public.slug]), {}, {}, shows()),
        (
            "public jump",
            reverse("arguments:jump", args=[public.slug]),
            {"q": "marker"},
            HTMX,
            shows("public pending", "public rejected"),
        ),
        (
            "inbox",
            reverse("arguments:inbox"),
            {},
            {},
            shows(
                public_pending={"author"},
                public_rejected={"author"},
                class_approved=students_own,
                class_pending=students_own,
                class_rejected=students_own,
                class_title=students_own,
            ),
        ),
        (
            "moderation queue",
            reverse("arguments:moderation"),
            {},
            {},
            shows(
                public_pending=moderators,
                pending_edit=moderators,
                flag_note=moderators,
                class_pending=teachers,
                class_title=teachers,
                class_name=teachers,
            ),
        ),
        ("library", reverse("corpus:sources"), {}, {}, shows()),
        (
            "public debate's library",
            reverse("arguments:debate_sources", args=[public.slug]),
            {},
            {},
            shows(),
        ),
        (
            "class debate's library",
            reverse("arguments:debate_sources", args=[debate.slug]),
            {},
            {},
            shows("class title", "class name"),
        ),
        (
            "source reader",
            reverse("corpus:source", args=[world.source.slug]),
            {},
            {},
            shows("public pending", "public rejected", "class approved", "unlisted claim"),
        ),
        (
            "class debate",
            debate.get_absolute_url(),
            {},
            {},
            shows("class title", "class pending", class_rejected=students_own),
        ),
        (
            "focus of the copied reason",
            reverse("arguments:claim", args=[debate.slug, copied_reason.pk]),
            {},
            HTMX,
            shows("class approved"),
        ),
        (
            "class outline",
            reverse("arguments:outline", args=[debate.slug]),
            {},
            {},
            shows("class title", "class approved", "class pending", class_rejected=students_own),
        ),
        (
            "class children fragment",
            reverse("arguments:children", args=[debate.slug, debate.thesis_id]),
            {"path": str(debate.thesis_id)},
            HTMX,
            shows("class pending", class_rejected=students_own),
        ),
        (
            "class overview",
            reverse("arguments:overview", args=[debate.slug]),
            {},
            {},
            shows("class title", "class approved"),
        ),
        (
            "class print",
            reverse("arguments:print", args=[debate.slug]),
            {},
            {},
            shows("class approved"),
        ),
        (
            "class jump",
            reverse("arguments:jump", args=[debate.slug]),
            {"q": "secret"},
            HTMX,
            shows("class approved", "class pending", class_rejected=students_own),
        ),
        ("classes", reverse("arguments:classes"), {}, {}, shows("class name", "other class name")),
        ("classroom", room.get_absolute_url(), {}, {}, shows("class name", "class title")),
        (
            "assignment",
            reverse("arguments:assignment", args=[assignment.pk]),
            {},
            {},
            shows("class title", feedback=students_own),
        ),
        (
            "report",
            reverse("arguments:report", args=[assignment.pk]),
            {},
            {},
            shows(
                feedback=teachers,
                class_approved=teachers,
                class_pending=teachers,
                class_rejected=teachers,
            ),
        ),
        (
            "other class debate",
            other.get_absolute_url(),
            {},
            {},
            shows("other class thesis", "other class title"),
        ),
    ]
    for slug, markers in ((public.slug, ()), (debate.slug, ("class approved",))):
        for suffix in ("aif.json", "argdown", "kialo.txt"):
            url = reverse("arguments:export", args=[slug, suffix])
            pages.append((f"export {url}", url, {}, {}, shows(*markers)))
    for query, markers in (
        ("marker", ("public pending", "public rejected", "unlisted claim", "unlisted title")),
        ("secret", ("class approved", "class pending", "class title", "other class title")),
    ):
        for headers in ({}, HTMX):
            label = f"search {query}{' fragment' if headers else ''}"
            url = reverse("arguments:search")
            found = (
                shows(*markers, class_rejected=students_own)
                if query == "secret"
                else shows(*markers)
            )
            pages.append((label, url, {"q": query}, headers, found))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_role_what_it_may_not_see_and_each_shows_what_it_may(world, role):
    client = client_as(world, role)
    leaked, wrong = [], []
    for label, url, data, headers, expected in reading_pages(world):
        text = text_of(client.get(url, data, **headers))
        leaked += [(label, key) for key in leaks(role, text)]
        for key, roles in expected.items():
            if (MARKERS[key][0] in text) != (role in roles):
                wrong.append((label, key, "missing" if role in roles else "shown"))
    assert not leaked, leaked
    assert not wrong, wrong


def test_each_page_shows_a_marker_only_to_roles_that_may_see_it(world):
    """The pages' expectations never exceed what MARKERS allows (so the two agree)."""
    beyond = [
        (label, key)
        for label, _, _, _, expected in reading_pages(world)
        for key, roles in expected.items()
        if not roles <= MARKERS[key][1]
    ]
    assert beyond == []


def numbers(pattern, text):
    return [int(found) for found in re.findall(pattern, text)]


@pytest.mark.parametrize("role", ROLES)
def test_counters_count_only_what_the_role_may_see(world, role):
    """Every "N claims / N pros / N passages / N results" a role is shown, exactly."""
    client = client_as(world, role)
    public, debate = world.public, world.debate
    sees_pending = role in ("author", "moderator", "owner")
    is_author = role == "author"
    is_owner = role == "owner"  # and of the unlisted debate
    in_class = role in CLASS_A
    got = {}

    got["home"] = numbers(r"<span>(\d+) claims?</span>", client.get("/").text)
    focus = client.get(public.get_absolute_url()).text
    got["public pros, cons"] = numbers(r'(?:Pros|Cons) <span class="count">(\d+)</span>', focus)
    got["public map"] = numbers(r"\((\d+) claims in the map\)", focus)
    got["public children"] = sorted(re.findall(r'aria-label="(\d+ pros, \d+ cons)"', focus))
    outline = client.get(reverse("arguments:outline", args=[public.slug])).text
    got["public outline"] = re.findall(r'aria-label="(\d+ pros, \d+ cons)"', outline)
    overview = client.get(reverse("arguments:overview", args=[public.slug])).text
    got["grounds"] = numbers(r"Grounds (\d+) claims? of this map", overview)
    library = client.get(reverse("corpus:sources")).text
    got["library"] = numbers(r"(\d+) quoted passages?", library)
    for query in ("marker", "secret"):
        results = client.get(reverse("arguments:search"), {"q": query}).context["results"]
        facets = {facet.name: facet for facet in results.facets}
        by_debate = facets["debate"].options if "debate" in facets else []
        got[f"search {query}"] = (results.total, sum(option.count for option in by_debate))
    queue = client.get(reverse("arguments:moderation"))
    got["queue"] = numbers(r"(\d+) items? waiting", queue.text)
    class_focus = client.get(debate.get_absolute_url())
    got["class pros, cons"] = numbers(
        r'(?:Pros|Cons) <span class="count">(\d+)</span>', class_focus.text
    )
    got["class map"] = numbers(r"\((\d+) claims in the map\)", class_focus.text)
    classroom = client.get(world.room.get_absolute_url())
    got["classroom"] = numbers(r"(\d+) claims?\s", classroom.text)

    with_pending = ["0 pros, 0 cons"] if sees_pending else []
    class_total = {"student": 3, "teacher": 2, "co_teacher": 2, "other_student": 1}
    assert got == {
        "home": [3],  # public numbers: the approved thesis, reason and objection
        "public pros, cons": [1, 1 + sees_pending],
        "public map": [3],
        "public children": sorted(
            ["0 pros, 0 cons", f"0 pros, {int(is_author)} cons", *with_pending]
        ),
        "public outline": ["0 pros, 1 cons"] if is_author else [],
        "grounds": [1],
        "library": [1 + sees_pending + is_author + is_owner],
        "search marker": (sees_pending + is_author + is_owner,) * 2,
        "search secret": (class_total.get(role, 0),) * 2,
        "queue": {"moderator": [3], "owner": [3], "teacher": [1], "co_teacher": [1]}.get(role, []),
        "class pros, cons": [2 + (role == "student"), 1] if in_class else [],
        "class map": [4] if in_class else [],
        "classroom": [4] if in_class else [],
    }
