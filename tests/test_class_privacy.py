"""Nothing of a class shows outside it: every URL, for every kind of viewer, including a
student of another class. One table, like tests/test_permissions.py's."""

import pytest
from django.test import Client
from django.urls import reverse

from arguments.models import ClassMember

from . import classworld
from .factories import UserFactory

pytestmark = pytest.mark.django_db

VIEWERS = classworld.VIEWERS  # anonymous, stranger, student, other_student, teacher, co_teacher
OUTSIDERS = {"anonymous", "stranger", "other_student"}
LOGIN = "login"
MEMBERS_READ = [404, 404, 200, 404, 200, 200]
SIGNED_IN_READ = [LOGIN, 404, 200, 404, 200, 200]
TEACHERS_ONLY = [LOGIN, 404, 403, 404, 200, 200]
TEACHERS_POST = [LOGIN, 404, 403, 404, 302, 302]
EVERYONE = [200] * 6
SIGNED_IN = [LOGIN, 200, 200, 200, 200, 200]

# Text only the class may read; and the other class's, which class A may not read either.
SECRETS = ["Class secret", "Secret feedback note", "Class copy", "Class A"]
OTHER_CLASS_SECRETS = ["Class B secret thesis", "Other class debate"]

# name: (method, expected status per viewer in VIEWERS order)
TABLE = {
    "home": ("get", EVERYONE),
    "health": ("get", EVERYONE),
    "sources": ("get", EVERYONE),
    "source": ("get", EVERYONE),
    "debate": ("get", MEMBERS_READ),
    "claim": ("get", MEMBERS_READ),
    "pending claim": ("get", [404, 404, 200, 404, 200, 200]),
    "outline": ("get", MEMBERS_READ),
    "children": ("get", MEMBERS_READ),
    "children fragment": ("get", MEMBERS_READ),
    "history": ("get", MEMBERS_READ),
    "export": ("get", MEMBERS_READ),
    "print": ("get", MEMBERS_READ),
    "propose": ("get", SIGNED_IN_READ),
    "similar": ("get", SIGNED_IN_READ),
    "edit": ("get", SIGNED_IN_READ),
    "flag": ("get", SIGNED_IN_READ),
    "link": ("post", [LOGIN, 404, 302, 404, 302, 302]),
    "revert": ("post", [LOGIN, 404, 403, 404, 302, 302]),
    "import": ("get", TEACHERS_ONLY),
    "members": ("get", TEACHERS_ONLY),
    "moderation": ("get", [LOGIN, 403, 403, 403, 200, 200]),
    "moderation_item": ("get", [LOGIN, 403, 403, 403, 200, 200]),
    "decide": ("post", [LOGIN, 403, 403, 403, 302, 302]),
    "decide_many": ("post", [LOGIN, 403, 403, 403, 302, 302]),
    "inbox": ("get", SIGNED_IN),
    "new_debate": ("get", SIGNED_IN),
    "classes": ("get", SIGNED_IN),
    "join": ("get", EVERYONE),  # anonymous: asked to sign up or in first
    "join_link": ("get", EVERYONE),
    "classroom": ("get", SIGNED_IN_READ),
    "classroom_settings": ("post", TEACHERS_POST),
    "add_teacher": ("post", TEACHERS_POST),
    "remove_student": ("post", TEACHERS_POST),
    "bulk_students": ("get", TEACHERS_ONLY),
    "new_class_debate": ("get", TEACHERS_ONLY),
    "new_assignment": ("get", TEACHERS_ONLY),
    "assignment": ("get", SIGNED_IN_READ),
    "assignment_sides": ("post", TEACHERS_POST),
    "assignment_groups": ("post", TEACHERS_POST),
    "search": ("get", EVERYONE),
    "search fragment": ("get", EVERYONE),
    "jump": ("get", MEMBERS_READ),
    "vote": ("post", [LOGIN, 404, 302, 404, 302, 302]),
    "what_if": ("get", MEMBERS_READ),
    "overview": ("get", MEMBERS_READ),
    "answers": ("get", MEMBERS_READ),
    "report": ("get", TEACHERS_ONLY),
    "report_csv": ("get", TEACHERS_ONLY),
    "feedback": ("post", TEACHERS_POST),
    "signup": ("get", [200, 302, 302, 302, 302, 302]),
    "login": ("get", EVERYONE),
    "password_change": ("get", SIGNED_IN),
    "password_reset": ("get", EVERYONE),
    "logout": ("post", [302] * 6),  # last: the requests after it would be anonymous
}

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    built = classworld.build()
    spare = UserFactory(username="spare")
    ClassMember.objects.create(classroom=built["room"], user=spare, role="student")
    built["spare"] = spare
    return built


def request_for(world, name):
    """(url, data, extra headers) of the request `name` stands for, on class A's things."""
    debate, claim, pending = world["debate"], world["approved"], world["pending"]
    slug, room, assignment = debate.slug, world["room"], world["assignment"]
    on_claim = [slug, claim.pk]
    revision = claim.revisions.order_by("id").first()
    urls = {
        "home": (reverse("arguments:home"), {}),
        "health": (reverse("arguments:health"), {}),
        "sources": (reverse("corpus:sources"), {}),
        "source": (reverse("corpus:source", args=[world["source"].slug]), {}),
        "debate": (reverse("arguments:debate", args=[slug]), {}),
        "claim": (reverse("arguments:claim", args=on_claim), {}),
        "pending claim": (reverse("arguments:claim", args=[slug, pending.pk]), {}),
        "outline": (reverse("arguments:outline", args=[slug]), {}),
        "children": (reverse("arguments:children", args=[slug, debate.thesis_id]), {}),
        "children fragment": (
            reverse("arguments:children", args=[slug, debate.thesis_id]),
            {},
            HTMX,
        ),
        "history": (reverse("arguments:history", args=on_claim), {}),
        "export": (reverse("arguments:export", args=[slug, "aif.json"]), {}),
        "print": (reverse("arguments:print", args=[slug]), {}),
        "propose": (reverse("arguments:propose", args=on_claim), {}),
        "similar": (reverse("arguments:similar", args=on_claim), {"text": "class secret"}),
        "edit": (reverse("arguments:edit", args=on_claim), {}),
        "flag": (reverse("arguments:flag", args=on_claim), {}),
        "link": (
            reverse("arguments:link", args=[slug, debate.thesis_id]),
            {"claim": claim.pk, "stance": "support"},
        ),
        "revert": (
            reverse("arguments:revert", args=[*on_claim, revision.pk if revision else 0]),
            {},
        ),
        "import": (reverse("arguments:import", args=[slug]), {}),
        "members": (reverse("arguments:members", args=[slug]), {}),
        "moderation": (reverse("arguments:moderation"), {"classroom": room.pk}),
        "moderation_item": (
            reverse("arguments:moderation_item", args=[world["proposal"].pk]),
            {},
        ),
        "decide": (
            reverse("arguments:decide", args=[world["proposal"].pk]),
            {"action": "reject", "reason": "Off topic."},
        ),
        "decide_many": (
            reverse("arguments:decide_many"),
            {"selected": [world["proposal"].pk], "action": "approve"},
        ),
        "inbox": (reverse("arguments:inbox"), {}),
        "new_debate": (reverse("arguments:new_debate"), {}),
        "classes": (reverse("arguments:classes"), {}),
        "join": (reverse("arguments:join"), {}),
        "join_link": (reverse("arguments:join_link", args=["ABCDEF"]), {}),
        "classroom": (reverse("arguments:classroom", args=[room.pk]), {}),
        "classroom_settings": (
            reverse("arguments:classroom_settings", args=[room.pk]),
            {"action": "open"},
        ),
        "add_teacher": (
            reverse("arguments:add_teacher", args=[room.pk]),
            {"username": "co_teacher"},
        ),
        "remove_student": (
            reverse("arguments:remove_student", args=[room.pk, world["spare"].pk]),
            {},
        ),
        "bulk_students": (reverse("arguments:bulk_students", args=[room.pk]), {}),
        "new_class_debate": (reverse("arguments:new_class_debate", args=[room.pk]), {}),
        "new_assignment": (reverse("arguments:new_assignment", args=[room.pk]), {}),
        "assignment": (reverse("arguments:assignment", args=[assignment.pk]), {}),
        "assignment_sides": (
            reverse("arguments:assignment_sides", args=[assignment.pk]),
            {"action": "balance"},
        ),
        "assignment_groups": (
            reverse("arguments:assignment_groups", args=[assignment.pk]),
            {"count": ""},
        ),
        "search": (reverse("arguments:search"), {"q": "class secret"}),
        "search fragment": (reverse("arguments:search"), {"q": "secret feedback"}, HTMX),
        "jump": (reverse("arguments:jump", args=[slug]), {"q": "class secret"}),
        "vote": (
            reverse("arguments:vote", args=[slug, claim.premise_of.order_by("id").first().pk]),
            {"value": "2"},
        ),
        "what_if": (reverse("arguments:what_if", args=on_claim), {}),
        "overview": (reverse("arguments:overview", args=[slug]), {}),
        "answers": (
            reverse("arguments:answers", args=[slug]),
            {"from": "rights_groups", "to": "prc_government"},
        ),
        "report": (reverse("arguments:report", args=[assignment.pk]), {}),
        "report_csv": (reverse("arguments:report_csv", args=[assignment.pk]), {}),
        "feedback": (
            reverse("arguments:feedback", args=[assignment.pk, claim.pk]),
            {"text": "Well argued."},
        ),
        "signup": (reverse("signup"), {}),
        "login": (reverse("login"), {}),
        "logout": (reverse("logout"), {}),
        "password_change": (reverse("password_change"), {}),
        "password_reset": (reverse("password_reset"), {}),
    }
    url, data, *extra = urls[name]
    return url, data, extra[0] if extra else {}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_class_access_matrix_and_nothing_leaks(world, viewer):
    client = Client()
    if viewer != "anonymous":
        client.force_login(world["users"][viewer])
    index = VIEWERS.index(viewer)
    failures, leaks = [], []
    for name, (method, expected) in TABLE.items():
        url, data, headers = request_for(world, name)
        response = getattr(client, method)(url, data, **headers)
        want = expected[index]
        if want == LOGIN:
            ok = response.status_code == 302 and reverse("login") in response["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append((name, want, response.status_code))
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        # Class B's text is its own student's to see (search finds it for them), nobody
        # else's; class A's is hidden from everyone outside class A.
        hidden = [] if viewer == "other_student" else list(OTHER_CLASS_SECRETS)
        hidden += SECRETS if viewer in OUTSIDERS else []
        leaks += [(name, secret) for secret in hidden if secret in text]
    assert failures == []
    assert leaks == []


def test_members_see_their_class_claims_in_the_source_reader(client, world):
    url = reverse("corpus:source", args=[world["source"].slug])
    client.force_login(world["users"]["student"])
    assert "Class secret: approved student claim." in client.get(url).content.decode()
    client.force_login(world["users"]["other_student"])
    assert "Class secret" not in client.get(url).content.decode()


def test_staff_read_class_debates(client, world):
    client.force_login(UserFactory(username="admin", is_staff=True))
    assert client.get(world["debate"].get_absolute_url()).status_code == 200
    assert client.get(world["room"].get_absolute_url()).status_code == 200


def test_every_url_is_in_the_class_table():
    from django.urls import get_resolver

    from .test_permissions import _url_names

    reset_steps = {"password_change_done", "password_reset_done", "password_reset_confirm"}
    reset_steps |= {"password_reset_complete"}
    names = set(_url_names(get_resolver().url_patterns)) - reset_steps
    assert names - set(TABLE) == set()


def test_class_quotes_count_in_the_library_for_members_only(client, world):
    from arguments.models import Citation
    from corpus.models import Excerpt

    quiet = Excerpt.locate(world["source"], "Quiet words.")
    quiet.save()
    Citation.objects.create(claim=world["approved"], excerpt=quiet)
    url = reverse("corpus:sources")

    def count(user):
        client.logout()
        if user:
            client.force_login(user)
        sources = client.get(url).context["sources"]
        return next(s.excerpt_count for s in sources if s.pk == world["source"].pk)

    users = world["users"]
    assert count(None) == count(users["stranger"]) == count(users["other_student"]) == 1
    assert count(users["student"]) == count(users["teacher"]) == 2
    from arguments.services.counts import refresh_counts

    refresh_counts(world["public"].pk)
    world["public"].refresh_from_db()
    assert world["public"].claim_count == 3  # the class copy's claims are not the original's


def test_students_find_their_class_claims_in_search_and_others_do_not(client, world):
    url = reverse("arguments:search")
    client.force_login(world["users"]["student"])
    assert "approved student claim" in client.get(url, {"q": "class secret"}).text
    client.force_login(world["users"]["other_student"])
    assert "approved student claim" not in client.get(url, {"q": "class secret"}).text
