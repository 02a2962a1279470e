"""Fuzzing every form and the GET parameters of the reading views through the test client.

Property: whatever a browser or a script sends (random and huge text, NUL and other
controls, lone surrogates sent as invalid UTF-8, negative and huge numbers, ids of other
debates' objects, missing fields, several values where one is expected), the answer is
the form again with its errors (200, or the 400 a view means), a redirect, or a 403/404,
never a 500 or an exception; a request that does not succeed writes nothing. The client
raises any uncaught exception of a view (`raise_request_exception`, on by default).

Each example runs in a savepoint that is rolled back (tests/fuzzing.py), so every example
sees the same world (tests/classworld.py: a public debate, a class with a copied debate,
an assignment and pending proposals).
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from arguments.models import Membership, Role
from corpus.adding import review
from corpus.adding import views as adding_views
from corpus.adding.extraction import IngestError
from corpus.adding.services import add_source
from tests import classworld
from tests.factories import UserFactory
from tests.fuzzing import FORM_EXAMPLES, field_values, rolled_back, row_counts

pytestmark = pytest.mark.django_db

OK = {200, 302, 400, 403, 404}
PASSWORD = "a-good-password-123"


@pytest.fixture
def world():
    world = classworld.build()
    public = world.public
    owner = UserFactory(username="owner")
    Membership.objects.create(debate=public, user=owner, role=Role.OWNER)
    public.owner = owner
    public.save(update_fields=["owner"])
    world.owner = owner
    world.moderator = UserFactory(username="moderator")
    Membership.objects.create(debate=public, user=world.moderator, role=Role.MODERATOR)
    world.objection = public.claims.get(text="Pressure hardens Beijing.")
    world.argument = world.reason.premise_links.get().argument
    world.added_source, _ = add_source(
        debate=public,
        user=owner,
        text="Words of a source.",
        title="Added",
        genre="report",
        origin="paste",
    )
    return world


@pytest.fixture(autouse=True)
def no_fetching(monkeypatch):
    """A fuzzed address is never fetched from the network: the fetch refuses them all."""

    def refuse(url, **kwargs):
        raise IngestError("That address cannot be fetched.")

    monkeypatch.setattr(adding_views, "fetch", refuse)


def ids(world):
    """Ids a form may name: of this debate, of the class debate, of the other class."""
    return [
        str(pk)
        for pk in (
            world.public.thesis_id,
            world.reason.pk,
            world.objection.pk,
            world.approved.pk,
            world.pending.pk,
            world.other_debate.thesis_id,
            world.proposal.pk,
            world.argument.pk,
            world.student.pk,
        )
    ]


# Each target: the user who sends it, the URL, the method, and per field the plausible
# values (with them a good share of the examples succeed; the fuzzer adds the rest).
def _targets():
    def claim_url(name, key="reason"):
        return lambda w: reverse(name, args=[w.public.slug, getattr(w, key).pk])

    def room_url(name):
        return lambda w: reverse(name, args=[w.room.pk])

    def assignment_url(name):
        return lambda w: reverse(name, args=[w.assignment.pk])

    stances = ["support", "attack"]
    return {
        # Accounts
        "signup": (
            None,
            lambda w: reverse("signup"),
            "post",
            {
                "username": ["newcomer", "student", "a b"],
                "email": ["a@example.org", "not-an-email"],
                "password1": [PASSWORD],
                "password2": [PASSWORD],
                "next": ["/", "https://evil.example/", "//evil.example"],
                "time_zone": ["Europe/Paris", "Nowhere/Else", "/etc/passwd", "\U0001f600" * 64],
            },
        ),
        "login": (
            None,
            lambda w: reverse("login"),
            "post",
            {
                "username": ["student", "STUDENT"],
                "password": [PASSWORD, "wrong"],
                "next": ["/classes/", "https://evil.example/"],
            },
        ),
        "password_reset": (
            None,
            lambda w: reverse("password_reset"),
            "post",
            {"email": ["student@example.org", "nobody@example.org", "a@b"]},
        ),
        "password_change": (
            "student",
            lambda w: reverse("password_change"),
            "post",
            {
                "old_password": [PASSWORD],
                "new_password1": ["another-good-pass-987"],
                "new_password2": ["another-good-pass-987"],
            },
        ),
        # Contributing (arguments/forms.py)
        "propose": (
            "stranger",
            claim_url("arguments:propose"),
            "post",
            {
                "stance": stances,
                "text": ["A new reason of mine."],
                "speaker": [],
                "excerpt": [],
                "source": ["letter", "missing"],
                "start": ["0", "13"],
                "end": ["12", "26", "999999"],
                "path": lambda w: [str(w.public.thesis_id)],
                "embedded": ["1"],
            },
        ),
        "propose_get": (
            "stranger",
            claim_url("arguments:propose"),
            "get",
            {
                "stance": stances,
                "source": ["letter"],
                "start": ["0"],
                "end": ["12"],
                "path": lambda w: [str(w.public.thesis_id)],
            },
        ),
        "link": (
            "stranger",
            claim_url("arguments:link", "objection"),
            "post",
            {
                "claim": ids,
                "stance": stances,
                "path": [],
            },
        ),
        "edit": (
            "stranger",
            claim_url("arguments:edit"),
            "post",
            {
                "text": ["A better wording of the reason."],
                "reason": ["Clearer."],
            },
        ),
        "flag": (
            "stranger",
            claim_url("arguments:flag"),
            "post",
            {
                "reason": ["duplicate", "off_topic", "abusive", "unclear"],
                "duplicate_of": ids,
                "note": ["See the other one."],
                "argument": lambda w: [str(w.argument.pk)],
            },
        ),
        "similar": (
            "stranger",
            claim_url("arguments:similar"),
            "get",
            {
                "text": ["pressure"],
                "stance": stances,
                "path": [],
            },
        ),
        "vote": (
            "stranger",
            lambda w: reverse("arguments:vote", args=[w.public.slug, w.argument.pk]),
            "post",
            {"value": ["0", "4", "5", "²", "-1"], "path": ["1-2"]},
        ),
        # Moderation
        "decide": (
            "teacher",
            lambda w: reverse("arguments:decide", args=[w.proposal.pk]),
            "post",
            {
                "action": ["approve", "reject", "merge"],
                "reason": ["Not one proposition."],
                "text": ["An edited wording."],
                "kept": ids,
                "next": ["/moderation/", "https://evil.example/"],
            },
        ),
        "decide_many": (
            "teacher",
            lambda w: reverse("arguments:decide_many"),
            "post",
            {
                "action": ["approve", "reject"],
                "reason": ["Off topic."],
                "selected": ids,
                "next": ["/moderation/"],
            },
        ),
        "queue": (
            "teacher",
            lambda w: reverse("arguments:moderation"),
            "get",
            {
                "debate": ids,
                "classroom": lambda w: [str(w.room.pk), str(w.other_room.pk)],
                "kind": ["claim", "link", "edit", "flag"],
                "flag_reason": ["duplicate"],
                "author": ["student"],
                "older_than": ["1", "7", "30"],
                "page": ["1", "2", "last", "0"],
            },
        ),
        "members": (
            "owner",
            lambda w: reverse("arguments:members", args=[w.public.slug]),
            "post",
            {
                "action": ["add", "set", "remove", "restrict"],
                "role": ["owner", "moderator", "writer", "viewer"],
                "username": ["student", "nobody"],
                "membership": lambda w: [str(m.pk) for m in Membership.objects.all()],
                "restricted": ["on"],
            },
        ),
        "new_debate": (
            "owner",
            lambda w: reverse("arguments:new_debate"),
            "post",
            {
                "title": ["A new question"],
                "thesis": ["A thesis to weigh."],
                "visibility": ["public", "unlisted", "private"],
            },
        ),
        # Adding and editing sources (corpus/adding/forms.py)
        "source_new": (
            "stranger",
            lambda w: reverse("arguments:source_new", args=[w.public.slug]),
            "post",
            {
                "way": ["paste", "file", "url", "other"],
                "text": ["The words of a source."],
                "url": ["https://example.org/a", "http://127.0.0.1:9/", "ftp://x"],
            },
        ),
        "source_review": (
            "stranger",
            lambda w: reverse("arguments:source_new", args=[w.public.slug]),
            "post",
            {
                "step": ["save"],
                "token": lambda w: [
                    review.sign(
                        debate_id=w.public.pk,
                        origin="file",
                        kind="pdf",
                        pages=[0, 5],
                        text="Words.",
                    ),
                    "forged",
                ],
                "text": ["Words.", "Other words."],
                "title": ["A source"],
                "byline": ["A. Writer"],
                "publisher": ["A publisher"],
                "published": ["2024-05-01", "2024-02-31", ""],
                "precision": ["day", "month", "year", "hour"],
                "url": ["https://example.org/", "javascript:alert(1)"],
                "genre": ["report", "article", "poem"],
                "language": ["en", "zh-hant", "e n"],
            },
        ),
        "source_edit": (
            "owner",
            lambda w: reverse("arguments:source_edit", args=[w.added_source.slug]),
            "post",
            {
                "action": ["save", "correct"],
                "text": ["Words of a source.", "Corrected words."],
                "title": ["A source"],
                "published": ["2024-05-01", "2024-02-31"],
                "precision": ["day", "month", "hour"],
                "genre": ["report", "poem"],
                "language": ["en", "e n"],
                "url": ["https://example.org/"],
            },
        ),
        # Classes (arguments/classes/forms.py)
        "classes": (
            "teacher",
            lambda w: reverse("arguments:classes"),
            "post",
            {
                "action": ["teach", "create"],
                "name": ["Year 11"],
                "pseudonyms": ["on"],
            },
        ),
        "join": (
            "stranger",
            lambda w: reverse("arguments:join"),
            "post",
            {
                "code": lambda w: [w.room.join_code, w.room.join_code.lower(), "ABCDEF"],
            },
        ),
        "classroom_settings": (
            "teacher",
            room_url("arguments:classroom_settings"),
            "post",
            {
                "action": ["regenerate", "open", "close", "archive", "pseudonyms_on", "nope"],
            },
        ),
        "add_teacher": (
            "teacher",
            room_url("arguments:add_teacher"),
            "post",
            {
                "username": ["stranger", "student", "nobody"],
            },
        ),
        "bulk_students": (
            "teacher",
            room_url("arguments:bulk_students"),
            "post",
            {
                "names": ["Ann\nBob", "Ann\nAnn"],
            },
        ),
        "new_class_debate": (
            "teacher",
            room_url("arguments:new_class_debate"),
            "post",
            {
                "title": ["Our debate"],
                "thesis": ["Our thesis."],
                "source": lambda w: [str(w.public.pk), str(w.other_debate.pk)],
                "root": lambda w: [str(w.reason.pk), f"/d/open/c/{w.reason.pk}/", "/c/0/"],
            },
        ),
        "new_assignment": (
            "teacher",
            room_url("arguments:new_assignment"),
            "post",
            {
                "debate": lambda w: [str(w.debate.pk), str(w.public.pk)],
                "title": ["Second round"],
                "instructions": ["Argue."],
                "opens": ["2030-01-01T10:00", "2030-13-45T99:99"],
                "due": ["2030-01-08T10:00", "1999-01-01T00:00"],
                "sides": ["balanced", "free"],
            },
        ),
        "new_assignment_get": (
            "teacher",
            room_url("arguments:new_assignment"),
            "get",
            {
                "debate": lambda w: [str(w.debate.pk), "²"],
            },
        ),
        "assignment_sides": (
            "teacher",
            assignment_url("arguments:assignment_sides"),
            "post",
            {
                "action": ["balance", "save"],
                **{
                    f"side-{key}": ["pro", "con", "free", "none"]
                    for key in ("²", "999999999999999999999")
                },
                "side-student": lambda w: ["pro"],
            },
        ),
        "assignment_groups": (
            "teacher",
            assignment_url("arguments:assignment_groups"),
            "post",
            {
                "count": ["2", "1", "0", "²", "100000"],
            },
        ),
        "feedback": (
            "teacher",
            lambda w: reverse("arguments:feedback", args=[w.assignment.pk, w.approved.pk]),
            "post",
            {"text": ["Well argued."]},
        ),
        "report_csv": (
            "teacher",
            assignment_url("arguments:report_csv"),
            "get",
            {"sort": ["name", "-approved", "nope"]},
        ),
        "report": (
            "teacher",
            assignment_url("arguments:report"),
            "get",
            {
                "sort": ["name", "-approved", "nope"],
            },
        ),
        # Grading and targets (arguments/classes/grading/, arguments/classes/targets/)
        "grading": (
            "teacher",
            assignment_url("arguments:grading"),
            "post",
            {
                "mode": ["points", "rubric", "other"],
                "max_points": ["10", "0", "100000", "²"],
                "rubric": ["Claims: a (0) | b (2)", "Claims a | b", "A: x (999) | y", ""],
                "starter": ["argument", "evidence", "nope"],
            },
        ),
        "grade": (
            "teacher",
            lambda w: reverse("arguments:grade", args=[w.assignment.pk, w.student.pk]),
            "post",
            {
                "points": ["3", "-1", "99999", "²"],
                "level_0": ["0", "1", "7", "x"],
                "comment": ["Well argued."],
                "then": ["next", "other"],
            },
        ),
        "release_grades": (
            "teacher",
            assignment_url("arguments:release_grades"),
            "post",
            {"action": ["release", "hide", "other"]},
        ),
        "assignment_targets": (
            "teacher",
            assignment_url("arguments:assignment_targets"),
            "post",
            {
                "targets-pros": ["2", "0", "-1", "51", "²"],
                "targets-cons": ["1", ""],
                "targets-quotes": ["3", "99999999999999999999"],
                "targets-replies": ["1"],
            },
        ),
        # Editing an assignment (arguments/classes/editing/)
        "assignment_edit": (
            "teacher",
            assignment_url("arguments:assignment_edit"),
            "post",
            {
                "title": ["Argue it again"],
                "instructions": ["Three claims."],
                "opens": ["2026-01-01T10:00", "2030-13-45T99:99", "2026-03-29T02:30"],
                "due": ["2030-01-08T10:00", "1999-01-01T00:00"],
                "sides": ["keep", "balanced", "free", "other"],
                "confirmed": ["1", "0"],
            },
        ),
        "assignment_extension": (
            "teacher",
            assignment_url("arguments:assignment_extension"),
            "post",
            {
                "extension-student": lambda w: [str(w.student.pk), str(w.teacher.pk), "-1"],
                "extension-due": ["2030-02-01T10:00", "1999-01-01T00:00", "2030-02-30T10:00"],
            },
        ),
        "account_settings": (
            "student",
            lambda w: reverse("account_settings"),
            "post",
            {"time_zone": ["Europe/Paris", "UTC", "Mars/Olympus", "../../etc/passwd"]},
        ),
        # A debate's camps and speakers (arguments/camps/forms.py)
        "camps": (
            "owner",
            lambda w: reverse("arguments:camps", args=[w.public.slug]),
            "post",
            {
                "action": ["add_camp", "add_speaker", "nope"],
                "new-camp-name": ["Sceptics", ""],
                "new-camp-style": ["red", "no-such-style"],
                "new-speaker-name": ["A speaker"],
                "new-speaker-kind": ["person", "alien"],
                "new-speaker-camp": lambda w: [str(c.pk) for c in w.public.camps.all()[:1]] + ["0"],
            },
        ),
        # Reading views and search (arguments/filters.py)
        "focus": (
            None,
            claim_url("arguments:claim"),
            "get",
            {
                "path": lambda w: [
                    str(w.public.thesis_id),
                    f"{w.public.thesis_id}-0",
                    "1--2",
                ],
                "sort": ["weight", "newest", "votes"],
            },
        ),
        "focus_signed_in": (
            "student",
            claim_url("arguments:claim"),
            "get",
            {
                "path": lambda w: [str(w.public.thesis_id)],
                "sort": ["weight"],
            },
        ),
        "debate": (
            None,
            lambda w: reverse("arguments:debate", args=["open"]),
            "get",
            {
                "path": [],
                "sort": ["newest"],
            },
        ),
        "children": (None, claim_url("arguments:children"), "get", {"path": ids}),
        "what_if": (None, claim_url("arguments:what_if"), "get", {"path": ids}),
        "answers": (
            None,
            lambda w: reverse("arguments:answers", args=["open"]),
            "get",
            {
                "from": ["rights_groups", "prc_government", "other"],
                "to": ["rights_groups", "us_government"],
                "stance": ["support", "attack"],
                "page": ["1", "2", "-1", "last"],
            },
        ),
        "jump": (
            None,
            lambda w: reverse("arguments:jump", args=["open"]),
            "get",
            {
                "q": ["pressure", '"exact words"', "a or -b", "*", '"'],
            },
        ),
        "search": (
            "student",
            lambda w: reverse("arguments:search"),
            "get",
            {
                "q": ["pressure", "prisoners or beijing", "-pressure", '"'],
                "debate": ids,
                "camp": ["rights_groups", "other"],
                "speaker": ids,
                "stance": ["support", "attack"],
                "has_sources": ["true", "false", "unknown"],
                "status": ["pending", "approved"],
                "date_after": ["2020-01-01", "2020-02-31"],
                "date_before": ["2099-12-31"],
                "page": ["1", "2", "99999999999999999999"],
            },
        ),
        "sources": (
            None,
            lambda w: reverse("corpus:sources"),
            "get",
            {
                "pick": lambda w: [f"open/{w.reason.pk}", "open/x", "/", "open/²"],
                "stance": ["support"],
                "path": [],
            },
        ),
        "source": (
            None,
            lambda w: reverse("corpus:source", args=["letter"]),
            "get",
            {
                "pick": lambda w: [f"open/{w.reason.pk}"],
            },
        ),
    }


TARGETS = _targets()

# Requests that were 500s (or worse) before the fix that came with them: each stays tested.
FOUND = {
    "link": [[("claim", "\x00"), ("stance", "support")]],  # ValueError from pk="\x00"
    "flag": [[("reason", "unclear"), ("argument", "x")]],
    "decide": [
        [("action", "reject"), ("reason", "No."), ("next", "https://evil.example/")],  # off-site
        [("action", "reject"), ("reason", "No."), ("next", "a\x00b")],  # NoReverseMatch
    ],
    "decide_many": [[("action", "approve"), ("selected", "\x00")]],
    # PostgreSQL refuses NUL in a query parameter (DataError)
    "propose_get": [[("source", "letter\x00"), ("start", "0"), ("end", "12")]],
    "add_teacher": [[("username", "stranger\x00")]],
    "members": [
        [("action", "set"), ("role", "writer"), ("membership", "\x00")],
        [("action", "add"), ("role", "writer"), ("username", "student\x00")],
    ],
    "jump": [[("q", "pressure\x00")]],
    "search": [[("q", "pressure\x00")], [("q", "pressure"), ("speaker", "9" * 32)]],
    "signup": [
        [
            ("username", "newcomer"),
            ("password1", PASSWORD),
            ("password2", PASSWORD),
            ("next", "classes"),
        ],
    ],
    # "²".isdigit() is true, but int("²") fails; a 23-digit id overflows the database's
    "new_assignment_get": [[("debate", "²")]],
    "sources": [[("pick", "open/²")]],
    "focus": [[("path", "1-²")], [("path", "1-99999999999999999999999")]],
    "children": [[("path", "²")]],
    "what_if": [[("path", "²")]],
    "assignment_sides": [[("action", "save"), ("side-²", "pro")]],
    "assignment_groups": [[("count", "²")]],
}


@st.composite
def submissions(draw, fields, world):
    """(name, value) pairs: each field left out, given once or given several times, with
    a plausible value or an adversarial one; sometimes a field the form does not have."""
    pairs = []
    for name, plausible in fields.items():
        values = plausible(world) if callable(plausible) else plausible
        one = (
            st.one_of(
                st.sampled_from(values),
                st.sampled_from(values).map(lambda v: v + "\x00"),  # PostgreSQL refuses NUL
                field_values(),
            )
            if values
            else field_values()
        )
        how = draw(st.sampled_from(["one", "one", "one", "none", "many"]))
        if how == "one":
            pairs.append((name, draw(one)))
        elif how == "many":
            pairs += [(name, value) for value in draw(st.lists(one, min_size=2, max_size=3))]
    if draw(st.integers(0, 9)) == 0:
        pairs.append((draw(field_values(max_size=10)), draw(field_values())))
    return pairs


def _body(pairs):
    # A browser sends what it is given; lone surrogates go out as the invalid UTF-8 they
    # are, which Django decodes with replacement characters.
    return urlencode(
        [(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass")) for k, v in pairs]
    )


# As htmx sends it: the partial templates and htmx-only branches of the views run too.
HTMX = {"HX-Request": "true", "HX-Target": "proposal-1", "HX-Current-URL": "http://testserver/"}


def send(client, method, url, pairs, htmx=False):
    headers = HTMX if htmx else {}
    if method == "get":
        return client.get(f"{url}?{_body(pairs)}", headers=headers)
    return client.post(
        url, _body(pairs), content_type="application/x-www-form-urlencoded", headers=headers
    )


def _shows_success(response):
    """Answers to a success that are a 200: the sheet of new students' passwords, and for
    htmx a client-side redirect, the "map changed" event, a decision swapped into the
    queue without a problem, or the votes of a reason after a vote."""
    context = response.context or {}
    decided = "in_queue" in context and context.get("problem") is None
    return bool(
        context.get("sheet")
        or "HX-Redirect" in response
        or "HX-Trigger" in response
        or decided
        or "child" in context
    )


def _typed_values_kept(response, pairs):
    """On a redisplayed form, each text field shows what was typed in it."""
    form = (response.context or {}).get("form")
    if form is None or not hasattr(form, "fields") or not form.is_bound:
        return
    sent = {}
    for name, value in pairs:
        sent.setdefault(name, []).append(value)
    for name, field in form.fields.items():
        values = sent.get(name)
        typed = values[-1] if values else None
        shown = form[name].value()
        if typed is None or getattr(field.widget, "input_type", "") in (
            "password",
            "checkbox",
            "radio",
            "select",
        ):
            continue
        if any("\ud800" <= c <= "\udfff" for c in typed):
            continue  # sent as invalid UTF-8: the form holds replacement characters
        if field.__class__.__name__ in ("CharField", "SlugField", "EmailField"):
            assert shown == typed, (name, shown, typed)


@pytest.mark.parametrize("target", list(TARGETS))
def test_every_form_answers_without_error_and_writes_nothing_when_refused(client, world, target):
    user, url_of, method, fields = TARGETS[target]
    url = url_of(world)
    writes_on_refusal = {"login": ("LoginFailure",), "join": ("JoinFailure",)}.get(target, ())

    @settings(max_examples=FORM_EXAMPLES)
    @given(submissions(fields, world), st.booleans())
    def check(pairs, htmx):
        with rolled_back():
            if user is not None:  # each time: a success may end or rotate the session
                client.force_login(world.person(user))
            before = row_counts(leave_out=writes_on_refusal)
            response = send(client, method, url, pairs, htmx)
            assert response.status_code in OK, (response.status_code, pairs)
            if response.status_code != 302 and method == "post" and not _shows_success(response):
                assert row_counts(leave_out=writes_on_refusal) == before, pairs
                _typed_values_kept(response, pairs)
            if method == "get":
                assert row_counts() == before, pairs
            if response.status_code == 302:
                assert not response["Location"].startswith(("http", "//")), response["Location"]

    for pairs in FOUND.get(target, []):
        check = example(pairs=pairs, htmx=False)(check)
    check()
