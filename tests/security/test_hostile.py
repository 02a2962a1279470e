"""Hostile text entered through every form and importer, then read on every page that
shows it: stored as typed, shown only as text, never run, evaluated or a server error.

The payloads and the HTML checker are in tests/hostile.py; the browser side (no dialog,
no `window.__pwned`, the layout holds) is tests/browser/test_hostile.py.
"""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from arguments.interchange import aif, argdown, kialo
from arguments.models import Claim, Debate, Proposal, Role, Status
from arguments.selectors.focus import CHILDREN_PAGE
from arguments.selectors.tree import OUTLINE_CHILDREN
from corpus.models import Excerpt
from tests import hostile
from tests.classworld import teacher_user
from tests.factories import UserFactory, debate_with_thesis, member
from tests.hostile import (
    CLAIM_TEXTS,
    LONG_WORD,
    NUL,
    PAYLOADS,
    hostile_graph,
    hostile_source,
    injections,
    normalised,
    shown,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TEMPLATE_LEAKS = ("md5$", "pbkdf2_", "csrfmiddlewaretoken'", "<django.")


def page(client, url, *texts, status=200, **extra):
    """GET `url` and check it: the status, nothing injected, no template evaluated, and
    each of `texts` shown (as text or in an attribute). Returns the HTML."""
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code)
    html = response.content.decode()
    assert injections(html) == [], (url, injections(html))
    for leak in TEMPLATE_LEAKS:
        assert leak not in html, (url, leak)
    for text in texts:
        assert shown(html, text), (url, text)
    return html


def stored(text):
    """What the services store for `text` typed in a claim field."""
    return normalised(text)


# The checker itself -----------------------------------------------------------------


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "data-pwned" in p])
def test_the_checker_finds_a_payload_left_raw_in_a_page(payload):
    raw = f'<p title="{payload}">{payload}</p>'
    escaped = f'<p title="{_escape(payload)}">{_escape(payload)}</p>'
    assert injections(raw), payload
    assert injections(escaped) == []
    assert shown(escaped, payload)


def test_the_checker_finds_scripts_dangerous_links_and_htmx_triggers():
    assert "an inline <script>" in injections("<script>alert(1)</script>")
    assert injections('<script src="/static/app.js"></script>') == []
    assert injections('<a href=" JaVaScRiPt:alert(1)">x</a>')
    assert injections('<a href="data:text/html,x">x</a>')
    assert injections('<div hx-get="/pwned" hx-trigger="load"></div>')
    assert injections("<iframe></iframe>")
    assert injections('<a href="/d/x/?q=javascript:alert(1)">ok</a>') == []


def _escape(text):
    from django.utils.html import escape

    return escape(text)


# Accounts ---------------------------------------------------------------------------


def test_hostile_usernames_are_refused_with_a_message_and_no_account(client):
    for payload in [*hostile.fits(150), NUL]:
        response = client.post(
            reverse("signup"),
            {
                "username": payload,
                "email": "",
                "password1": "A-long-enough-pass-42",
                "password2": "A-long-enough-pass-42",
                "next": payload,
            },
        )
        assert response.status_code == 200, payload
        html = response.content.decode()
        assert injections(html) == [], payload
        assert "field__error" in html, payload
    assert not get_user_model().objects.exists()


def test_a_hostile_next_address_is_not_followed_after_sign_up(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "fine",
            "password1": "A-long-enough-pass-42",
            "password2": "A-long-enough-pass-42",
            "next": "javascript:alert(1)",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"


# Contributions and moderation ---------------------------------------------------------


@override_settings(PROPOSALS_PER_DAY=1000, PASSWORD_HASHERS=FAST_HASHERS)
class TestContributions(TestCase):
    """Every payload proposed as a con of the thesis by "author" through the form and
    approved by "moderator" through the decide form; then an edit and a flag of each, with
    hostile wording, reasons and notes, and one rejection with a hostile reason. Built once
    for the class: it is a few hundred requests."""

    @classmethod
    def setUpTestData(cls):
        client = Client()
        cls.debate = debate = debate_with_thesis(slug="open", title="Open debate")
        cls.author = UserFactory(username="author")
        cls.moderator = member(debate, Role.MODERATOR, username="moderator")
        texts = [*PAYLOADS, LONG_WORD]
        client.force_login(cls.author)
        for text in texts:
            response = client.post(
                reverse("arguments:propose", args=["open", debate.thesis_id]),
                {"stance": "attack", "text": text},
            )
            assert response.status_code == 302, (text, response.content.decode()[:500])
        client.force_login(cls.moderator)
        for proposal in Proposal.objects.filter(kind=Proposal.Kind.CLAIM).order_by("pk"):
            response = client.post(
                reverse("arguments:decide", args=[proposal.pk]),
                {"action": "approve", "text": "", "reason": proposal.claim.text},
            )
            assert response.status_code == 302
        cls.claims = {text: Claim.objects.get(debate=debate, text=stored(text)) for text in texts}
        client.force_login(cls.author)
        for text, claim in cls.claims.items():
            response = client.post(
                reverse("arguments:edit", args=["open", claim.pk]),
                {"text": f"Edited {text}"[:500], "reason": text[:300]},
            )
            assert response.status_code == 302, (text, response.content.decode()[:500])
            response = client.post(
                reverse("arguments:flag", args=["open", claim.pk]),
                {"reason": "not_one", "note": text, "path": str(debate.thesis_id)},
            )
            assert response.status_code == 302, (text, response.content.decode()[:500])
        edit = Proposal.objects.filter(kind=Proposal.Kind.EDIT).order_by("pk").first()
        client.force_login(cls.moderator)
        response = client.post(
            reverse("arguments:decide", args=[edit.pk]), {"action": "reject", "reason": PAYLOADS[0]}
        )
        assert response.status_code == 302

    def test_hostile_claims_are_stored_as_typed_and_approved(self):
        for text, claim in self.claims.items():
            assert claim.text == stored(text)
            assert claim.status == Status.APPROVED
        # Zero-width and bidi characters are kept, not stripped: they are the author's text.
        assert any("\u202e" in claim.text for claim in self.claims.values())
        assert any("\u200b" in claim.text for claim in self.claims.values())
        for proposal in Proposal.objects.filter(kind=Proposal.Kind.EDIT).select_related("claim"):
            assert proposal.text == stored(f"Edited {proposal.claim.text}"[:500])
        notes = set(Proposal.objects.filter(kind=Proposal.Kind.FLAG).values_list("note", flat=True))
        assert notes == {text.strip() for text in self.claims}

    def test_the_focus_view_outline_and_print_show_hostile_claims_as_text(self):
        client, thesis = self.client, self.debate.thesis_id
        texts = [stored(text) for text in self.claims]
        # More cons than a page holds: every one is on one of the pages, as a page and as
        # the fragment; the outline shows the oldest OUTLINE_CHILDREN.
        debate_url = reverse("arguments:debate", args=["open"])
        pages = (CHILDREN_PAGE + len(texts) - 1) // CHILDREN_PAGE
        for headers in ({}, HTMX):
            html = [page(client, f"{debate_url}?cons={n}", **headers) for n in range(1, pages + 1)]
            for text in texts:
                assert any(shown(one, text) for one in html), text
        page(client, reverse("arguments:outline", args=["open"]), *texts[:OUTLINE_CHILDREN])
        page(client, reverse("arguments:print", args=["open"]), *texts)
        for text, claim in self.claims.items():
            url = reverse("arguments:claim", args=["open", claim.pk])
            page(client, f"{url}?path={thesis}", stored(text))
            page(client, reverse("arguments:children", args=["open", claim.pk]))
            page(client, reverse("arguments:history", args=["open", claim.pk]), stored(text))
            what_if = reverse("arguments:what_if", args=["open", claim.pk])
            page(client, f"{what_if}?path={thesis}")

    def test_the_overview_and_answers_show_hostile_claims_as_text(self):
        html = page(self.client, reverse("arguments:overview", args=["open"]))
        # The sunburst's slice titles carry the claims' words, escaped inside the SVG.
        assert shown(html, stored(PAYLOADS[0]))
        page(self.client, reverse("arguments:answers", args=["open"]))
        page(self.client, reverse("arguments:home"), "Open debate")

    def test_hostile_edits_flags_and_reasons_are_text_in_the_queue_and_inbox(self):
        client = self.client
        client.force_login(self.moderator)
        page(client, reverse("arguments:moderation"), "Edited")
        for proposal in Proposal.objects.filter(status=Proposal.State.PENDING):
            expected = [proposal.note] if proposal.note else []
            page(client, reverse("arguments:moderation_item", args=[proposal.pk]), *expected)
        for number in (2, 3):
            page(client, reverse("arguments:moderation") + f"?page={number}")
        client.force_login(self.author)
        page(client, reverse("arguments:inbox"), PAYLOADS[0])

    def test_a_hostile_path_parameter_is_not_a_server_error(self):
        client = self.client
        client.force_login(UserFactory(username="flagger"))  # "author" flagged each claim
        paths = ("1\r\nSet-Cookie: pwned=1", '"><script data-pwned>x</script>', NUL, "1-x")
        # A claim each: a second flag of one claim by one reader is refused as a repeat.
        for path, payload in zip(paths, PAYLOADS, strict=False):
            claim = self.claims[payload]
            page(client, reverse("arguments:claim", args=["open", claim.pk]), data={"path": path})
            response = client.post(
                reverse("arguments:flag", args=["open", claim.pk]),
                {"reason": "not_one", "note": "fine", "path": path},
            )
            assert response.status_code == 302, path
            assert "\n" not in response["Location"] and "<" not in response["Location"]

    def test_a_moderators_decision_does_not_redirect_off_the_site(self):
        client = self.client
        client.force_login(self.moderator)
        pending = Proposal.objects.filter(status=Proposal.State.PENDING).order_by("pk")
        targets = ("https://evil.example/", "//evil.example/")
        for proposal, target in zip(pending[:2], targets, strict=True):
            response = client.post(
                reverse("arguments:decide", args=[proposal.pk]),
                {"action": "reject", "reason": "no", "next": target},
            )
            assert response.status_code == 302
            assert response["Location"] == reverse("arguments:moderation")
        response = client.post(
            reverse("arguments:decide_many"),
            {"action": "reject", "reason": "no", "selected": [pending[0].pk], "next": "//evil.ex"},
        )
        assert response["Location"] == reverse("arguments:moderation")

    def test_a_null_character_in_a_form_is_refused_with_a_message(self):
        client = self.client
        client.force_login(self.author)
        before = Claim.objects.count(), Proposal.objects.count()
        refused = "Null characters are not allowed"
        response = client.post(
            reverse("arguments:propose", args=["open", self.debate.thesis_id]),
            {"stance": "attack", "text": NUL},
        )
        assert response.status_code == 200 and refused in response.content.decode()
        claim = self.claims[PAYLOADS[1]]
        response = client.post(
            reverse("arguments:edit", args=["open", claim.pk]), {"text": NUL, "reason": NUL}
        )
        assert response.status_code == 200 and refused in response.content.decode()
        response = client.post(
            reverse("arguments:flag", args=["open", claim.pk]), {"reason": "not_one", "note": NUL}
        )
        assert response.status_code == 200 and refused in response.content.decode()
        assert (Claim.objects.count(), Proposal.objects.count()) == before

    def test_hostile_queries_and_claims_are_text_in_search_and_the_jump_box(self):
        client = self.client
        client.force_login(self.author)
        for number, payload in enumerate([NUL, LONG_WORD, *PAYLOADS]):
            query = payload[:200]
            html = page(client, reverse("arguments:search"), data={"q": query})
            page(client, reverse("arguments:jump", args=["open"]), data={"q": query})
            if number < 6:  # the live fragments render what the pages render
                page(client, reverse("arguments:search"), data={"q": query}, **HTMX)
                page(client, reverse("arguments:jump", args=["open"]), data={"q": query}, **HTMX)
            if "\x00" not in payload:
                # The query is shown back in the header box and the heading, as typed.
                assert shown(html, query.strip())
        # Words of a hostile claim find it; its snippet marks the words, and only them.
        html = page(client, reverse("arguments:search"), data={"q": "onerror"})
        assert "<mark>onerror</mark>" in html
        assert shown(html, stored(PAYLOADS[1]))


# Classes ----------------------------------------------------------------------------


def _local(delta_hours):
    from datetime import timedelta

    from django.utils import timezone

    moment = timezone.localtime(timezone.now() + timedelta(hours=delta_hours))
    return moment.strftime("%Y-%m-%dT%H:%M")


@override_settings(PROPOSALS_PER_DAY=1000, PASSWORD_HASHERS=FAST_HASHERS)
class TestClasses(TestCase):
    """A teacher names classes, students, a class debate and an assignment with the
    payloads; a student argues with them and the teacher answers with hostile feedback."""

    @classmethod
    def setUpTestData(cls):
        client = Client()
        cls.teacher = teacher_user("teacher")
        client.force_login(cls.teacher)
        for name in hostile.fits(120):
            response = client.post(reverse("arguments:classes"), {"name": name})
            assert response.status_code == 302, (name, response.content.decode()[:300])
        cls.rooms = list(cls.teacher.class_memberships.select_related("classroom").order_by("pk"))
        cls.room = cls.rooms[0].classroom
        response = client.post(
            reverse("arguments:bulk_students", args=[cls.room.pk]),
            {"names": "\n".join([*PAYLOADS, LONG_WORD])},
        )
        assert response.status_code == 200 and "sign-in-sheet" in response.content.decode()
        response = client.post(
            reverse("arguments:new_class_debate", args=[cls.room.pk]),
            {"title": PAYLOADS[4], "thesis": PAYLOADS[0], "source": "", "root": ""},
        )
        assert response.status_code == 302, response.content.decode()[:300]
        cls.debate = Debate.objects.get(classroom=cls.room)
        response = client.post(
            reverse("arguments:new_assignment", args=[cls.room.pk]),
            {
                "debate": cls.debate.pk,
                "title": PAYLOADS[1],
                "instructions": "\n".join(PAYLOADS),
                "opens": _local(-2),
                "due": _local(48),
                "sides": "free",
            },
        )
        assert response.status_code == 302, response.content.decode()[:300]
        cls.assignment = cls.debate.assignment
        cls.student = UserFactory(username="student")
        client.force_login(cls.student)
        response = client.post(reverse("arguments:join"), {"code": cls.room.join_code})
        assert response.status_code == 302
        for text in PAYLOADS:
            response = client.post(
                reverse("arguments:propose", args=[cls.debate.slug, cls.debate.thesis_id]),
                {"stance": "support", "text": text},
            )
            assert response.status_code == 302, (text, response.content.decode()[:300])
        cls.claims = list(Claim.objects.filter(debate=cls.debate, author=cls.student))
        client.force_login(cls.teacher)
        for claim, text in zip(cls.claims, PAYLOADS, strict=True):
            response = client.post(
                reverse("arguments:feedback", args=[cls.assignment.pk, claim.pk]), {"text": text}
            )
            assert response.status_code == 302, response.content.decode()[:300]

    def test_hostile_class_texts_are_stored_as_typed(self):
        names = {membership.classroom.name for membership in self.rooms}
        assert names == {normalised(name) for name in hostile.fits(120)}
        assert self.debate.title == PAYLOADS[4] and self.debate.thesis.text == stored(PAYLOADS[0])
        assert self.assignment.instructions == "\n".join(PAYLOADS).strip()
        feedback = {note.text for claim in self.claims for note in claim.feedback.all()}
        assert feedback == {text.strip() for text in PAYLOADS}

    def test_class_pages_show_hostile_names_and_texts_as_text(self):
        client = self.client
        client.force_login(self.teacher)
        names = [normalised(name) for name in hostile.fits(120)]
        page(client, reverse("arguments:classes"), *names)
        for membership in self.rooms:
            room = membership.classroom
            page(client, room.get_absolute_url(), room.name)
        students = [stored(name) for name in PAYLOADS[:5]]
        page(client, self.room.get_absolute_url(), *students, PAYLOADS[4])
        page(client, self.assignment.get_absolute_url(), PAYLOADS[1], *students)
        report = reverse("arguments:report", args=[self.assignment.pk])
        page(client, report, PAYLOADS[1], *[stored(text) for text in PAYLOADS])
        for sort in ("name", "-name", PAYLOADS[0]):
            page(client, report, data={"sort": sort})
        page(client, reverse("arguments:moderation"), data={"classroom": self.room.pk})
        page(client, self.debate.get_absolute_url(), stored(PAYLOADS[0]))
        client.force_login(self.student)
        page(client, self.assignment.get_absolute_url(), PAYLOADS[1], PAYLOADS[0])
        page(client, self.room.get_absolute_url(), PAYLOADS[4])

    def test_the_report_csv_holds_hostile_names_as_text_and_defuses_formulas(self):
        self.client.force_login(self.teacher)
        response = self.client.get(reverse("arguments:report_csv", args=[self.assignment.pk]))
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        names = [row[0] for row in rows[1:]]
        formula = next(name for name in names if "HYPERLINK" in name)
        assert formula.startswith("'=")
        assert any(stored(PAYLOADS[0]) in name for name in names)
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

    def test_a_null_character_in_a_class_form_is_refused_with_a_message(self):
        self.client.force_login(self.teacher)
        before = self.teacher.class_memberships.count()
        response = self.client.post(reverse("arguments:classes"), {"name": NUL})
        assert response.status_code == 200
        assert "Null characters are not allowed" in response.content.decode()
        response = self.client.post(
            reverse("arguments:bulk_students", args=[self.room.pk]), {"names": NUL}
        )
        assert "Null characters are not allowed" in response.content.decode()
        assert self.teacher.class_memberships.count() == before


# Imports and exports ------------------------------------------------------------------

FORMAT_SUFFIX = {"aif": "aif.json", "argdown": "argdown", "kialo": "kialo.txt"}
EMITTERS = {"aif": aif.emit, "argdown": argdown.emit, "kialo": kialo.emit}
PARSERS = {"aif": aif.parse, "argdown": argdown.parse, "kialo": kialo.parse}


def upload(client, name, content, *, title, fmt=""):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("arguments:new_debate"),
        {
            "title": title,
            "thesis": "",
            "visibility": "public",
            "file": SimpleUploadedFile(name, data),
            "format": fmt,
        },
    )


RAW_KIALO = "Discussion Title: {title}\n\n1. Thesis: {thesis}\n{children}\n"


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
class TestImports(TestCase):
    """The hostile map imported from an AIF, an Argdown and a Kialo file written by the
    project's emitters, and from a Kialo file written by hand; each a debate whose title
    is a payload."""

    @classmethod
    def setUpTestData(cls):
        client = Client()
        cls.owner = UserFactory(username="owner")
        cls.source = hostile_source()
        client.force_login(cls.owner)
        graph = hostile_graph()
        cls.debates = {}
        for number, (fmt, emit) in enumerate(EMITTERS.items()):
            title = PAYLOADS[number + 3]
            response = upload(client, f"map.{FORMAT_SUFFIX[fmt]}", emit(graph), title=title)
            assert response.status_code == 302, (fmt, response.content.decode()[-3000:])
            cls.debates[fmt] = Debate.objects.get(title=title)
        children = "".join(
            f"1.{n}. {'Pro' if n % 2 else 'Con'}: {text}\n"
            for n, text in enumerate(CLAIM_TEXTS, start=1)
        )
        raw = RAW_KIALO.format(
            title=PAYLOADS[10], thesis=f"Thesis {PAYLOADS[0]}", children=children
        )
        response = upload(client, "raw.txt", raw, title=PAYLOADS[9])
        assert response.status_code == 302, response.content.decode()[-3000:]
        cls.debates["raw kialo"] = Debate.objects.get(title=PAYLOADS[9])

    def claim_texts(self, debate):
        return set(Claim.objects.filter(debate=debate).values_list("text", flat=True))

    def test_imported_texts_speakers_and_quotes_are_stored_as_written(self):
        expected = {stored(text) for text in CLAIM_TEXTS}
        for fmt, debate in self.debates.items():
            assert self.claim_texts(debate) - {debate.thesis.text} == expected, fmt
        assert self.debates["aif"].thesis.text == stored(f"Thesis {PAYLOADS[0]}")
        for fmt in ("aif", "argdown"):
            speakers = set(
                Claim.objects.filter(debate=self.debates[fmt], speaker__isnull=False)
                .values_list("speaker__name", flat=True)
                .distinct()
            )
            assert speakers == set(PAYLOADS), fmt
        quotes = set(Excerpt.objects.filter(source=self.source).values_list("quote", flat=True))
        assert quotes == set(PAYLOADS)

    def test_pages_of_imported_maps_show_hostile_texts_as_text(self):
        client = self.client
        for debate in self.debates.values():
            slug = debate.slug
            texts = [stored(text) for text in CLAIM_TEXTS]
            page(client, debate.get_absolute_url(), debate.title, *texts)
            # The outline shows OUTLINE_CHILDREN arguments under a claim and counts the rest.
            outline = page(client, reverse("arguments:outline", args=[slug]))
            missing = [text for text in texts if not shown(outline, text)]
            assert len(texts) - len(missing) >= min(len(texts), OUTLINE_CHILDREN), missing
            assert not missing or "more argument" in outline, missing
            page(client, reverse("arguments:print", args=[slug]), debate.title, *texts)
            page(client, reverse("arguments:overview", args=[slug]), debate.title)
            page(client, reverse("arguments:answers", args=[slug]))
            for claim in Claim.objects.filter(debate=debate).select_related("speaker")[:12]:
                expected = [claim.text] + ([claim.speaker.name] if claim.speaker else [])
                page(client, claim.get_absolute_url(), *expected)
        page(client, reverse("arguments:home"), *[d.title for d in self.debates.values()])
        quoted = self.debates["aif"]
        html = page(client, self.source.get_absolute_url(), PAYLOADS[1], *PAYLOADS)
        assert shown(html, stored(CLAIM_TEXTS[3]))
        page(client, reverse("corpus:sources"), PAYLOADS[1])
        page(client, quoted.get_absolute_url())

    def test_exports_of_hostile_maps_are_well_formed_and_read_back_the_same(self):
        for debate in self.debates.values():
            texts = self.claim_texts(debate)
            for fmt, suffix in FORMAT_SUFFIX.items():
                response = self.client.get(reverse("arguments:export", args=[debate.slug, suffix]))
                assert response.status_code == 200
                body = response.getvalue().decode()
                if fmt == "aif":
                    document = json.loads(body)
                    found = {n["text"] for n in document["nodes"] if n["type"] == "I"}
                    assert found == texts
                graph = PARSERS[fmt](body)
                assert {node.text for node in graph.nodes.values()} == texts, (debate, fmt)


NUL_FILES = {
    "aif": json.dumps(
        {"nodes": [{"nodeID": "1", "text": f"Thesis {NUL}", "type": "I"}], "edges": []}
    ),
    "argdown": f"[Thesis]: The thesis {NUL}.\n  + A reason.\n",
    "kialo": f"Discussion Title: Nul\n\n1. Thesis: The thesis {NUL}.\n1.1. Pro: A reason.\n",
}


@pytest.mark.parametrize("fmt", ["aif", "argdown", "kialo"])
@pytest.mark.parametrize("chosen", [True, False], ids=["format chosen", "format guessed"])
def test_a_file_with_a_null_character_is_refused_with_a_message(client, fmt, chosen):
    client.force_login(UserFactory(username="owner"))
    response = upload(client, "nul.txt", NUL_FILES[fmt], title="Nul", fmt=fmt if chosen else "")
    assert response.status_code == 200
    html = response.content.decode()
    assert "nul.txt: " in html and "null character" in html.lower()
    assert not Debate.objects.exists() and not Claim.objects.exists()


def test_a_null_character_in_a_search_query_is_read_as_a_space():
    from arguments.search import query as searchtext

    assert searchtext.parse("tibet\x00censorship").text == "tibet censorship"
    assert searchtext.parse("tibet\x00censorship").words == ["tibet", "censorship"]


QUERY_PAYLOADS = [NUL, PAYLOADS[0], "9" * 30, "x"]


def test_a_hostile_draft_kept_for_the_reader_comes_back_as_text(client):
    """Every field of the pro/con form, kept while its author picks a quote in the reader
    (views/drafts.py), given back as typed and only as text, never a server error."""
    debate = debate_with_thesis(slug="open", title="Open debate")
    client.force_login(UserFactory(username="writer"))
    url = reverse("arguments:propose", args=["open", debate.thesis_id])
    fields = ("stance", "text", "speaker", "excerpt", "source", "start", "end")
    for payload in [*CLAIM_TEXTS, NUL, "9" * 30]:
        draft = {name: payload for name in fields}
        response = client.post(url, {**draft, "to_reader": "1"})
        assert response.status_code == 302, payload
        html = page(client, f"{url}?draft=1")
        assert shown(html, payload), payload
    assert not Claim.objects.filter(author__username="writer").exists()


def test_hostile_query_parameters_never_cause_a_server_error(client):
    """Every parameter a page reads from its address, given hostile values: a page, a
    redirect, a 400 or a 404, never a 500 (NUL on PostgreSQL, numbers out of range)."""
    debate = debate_with_thesis(slug="open", title="Open debate")
    thesis = debate.thesis_id
    hostile_source()
    moderator = member(debate, Role.MODERATOR, username="moderator")
    client.force_login(moderator)
    claim = f"/d/open/c/{thesis}/"
    addresses = {
        "/search/": ["q", "debate", "camp", "speaker", "stance", "has_sources", "status"],
        "/d/open/jump/": ["q"],
        claim: ["path", "sort"],
        f"{claim}children/": ["path"],
        f"{claim}what-if/": ["path"],
        f"{claim}propose/": ["stance", "path", "source", "start", "end", "draft"],
        f"{claim}similar/": ["text", "stance", "path"],
        f"{claim}flag/": ["argument", "path"],
        f"{claim}edit/": ["path"],
        "/d/open/outline/": ["path"],
        "/d/open/answers/": ["from", "to", "stance", "page"],
        "/moderation/": ["debate", "classroom", "kind", "flag_reason", "author", "page"],
        "/sources/": ["pick", "stance", "path"],
        "/sources/hostile-source/": ["pick", "stance", "path"],
        "/accounts/login/": ["next"],
        "/accounts/signup/": ["next"],
    }
    for address, names in addresses.items():
        for name in names:
            for value in QUERY_PAYLOADS:
                response = client.get(address, {name: value})
                assert response.status_code < 500, (address, name, value)
                if response.status_code == 200:
                    html = response.content.decode()
                    assert injections(html) == [], (address, name, value)
    for date in ("date_after", "date_before"):
        for value in QUERY_PAYLOADS:
            response = client.get("/search/", {"q": "thesis", date: value})
            assert response.status_code == 200, (date, value)
