"""Titles, tags, descriptions and schemes of imported maps are kept on claims and arguments,
shown in the focus view, found through the scheme facet, and exported back (issue 19, 13)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from arguments.interchange.formats import FORMATS
from arguments.models import Argument, Claim, Debate, Status
from arguments.selectors.exporting import graph_from_debate
from arguments.services.importing import import_graph
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LABELLED = (
    "===\ntitle: Cars\n===\n\n"
    "[Ban]: Cities should ban cars. #policy #(urban life)\n"
    "  + [Air]: Cleaner air. #health\n"
    "  - <Shops>: Shops lose customers. #economy\n"
    "\n<Shops>\n\n(1) Shops depend on drivers.\n-- Causal reasoning --\n(2) Shops would close.\n"
)

EXPERT = {
    "nodes": [
        {"nodeID": "1", "type": "I", "text": "The bridge is safe."},
        {"nodeID": "2", "type": "I", "text": "The engineer says it is safe."},
        {"nodeID": "3", "type": "RA", "text": "Argument From Expert Opinion"},
        {"nodeID": "4", "type": "I", "text": "The engineer was paid to say so."},
        {"nodeID": "5", "type": "CA", "text": "Default Conflict"},
    ],
    "edges": [
        {"edgeID": "a", "fromID": "2", "toID": "3"},
        {"edgeID": "b", "fromID": "3", "toID": "1"},
        {"edgeID": "c", "fromID": "4", "toID": "5"},
        {"edgeID": "d", "fromID": "5", "toID": "2"},
    ],
}


def load(text, fmt, title="Map"):
    graph = FORMATS[fmt].parse(text)
    return import_graph(graph=graph, title=title).debate


def labels(debate):
    """The debate's claims' (title, tags) and arguments' (title, description, tags, scheme),
    by claim text and by first premise's text."""
    claims = {
        c.text: (c.title, c.tag_list)
        for c in Claim.objects.filter(debate=debate, status=Status.APPROVED)
    }
    arguments = {
        a.premises.order_by("premise_links__position").first().text: (
            a.title,
            a.description,
            a.tag_list,
            a.scheme,
        )
        for a in Argument.objects.filter(debate=debate)
    }
    return claims, arguments


def round_trip(debate, fmt, title):
    text = FORMATS[fmt].emit(graph_from_debate(debate))
    return load(text, fmt, title)


def test_argdown_labels_are_kept_on_claims_and_arguments():
    claims, arguments = labels(load(LABELLED, "argdown"))

    assert claims["Cities should ban cars."] == ("Ban", ["policy", "urban life"])
    assert claims["Cleaner air."] == ("Air", ["health"])
    assert claims["Shops depend on drivers."] == ("", [])  # untitled: no title invented
    assert arguments["Shops depend on drivers."] == (
        "Shops",
        "Shops lose customers.",
        ["economy"],
        "Causal reasoning",
    )
    assert arguments["Cleaner air."] == ("", "", [], "")


def test_argdown_file_import_export_import_keeps_the_labels():
    first = load(LABELLED, "argdown")

    again = round_trip(first, "argdown", "Again")

    assert labels(again) == labels(first)
    # and once more: an export of an export adds no title made from the words
    assert labels(round_trip(again, "argdown", "Third")) == labels(first)


def test_aif_file_import_export_import_keeps_the_schemes():
    first = load(json.dumps(EXPERT), "aif")
    _, arguments = labels(first)
    assert arguments["The engineer says it is safe."][3] == "Argument From Expert Opinion"
    # AIF's default names no scheme: it is not stored as one
    assert arguments["The engineer was paid to say so."][3] == ""

    exported = json.loads(FORMATS["aif"].emit(graph_from_debate(first)))
    again = load(json.dumps(exported), "aif", "Again")

    assert sorted(n["text"] for n in exported["nodes"] if n["type"] in ("RA", "CA")) == [
        "Argument From Expert Opinion",
        "Default Conflict",
    ]
    assert labels(again) == labels(first)


def test_argdown_labels_survive_an_aif_round_trip_as_schemes_only():
    first = load(LABELLED, "argdown")

    again = round_trip(first, "aif", "Again")

    _, arguments = labels(again)
    assert arguments["Shops depend on drivers."][3] == "Causal reasoning"


def test_kialo_round_trip_keeps_the_map_and_invents_no_labels():
    first = load(LABELLED, "argdown")

    again = round_trip(first, "kialo", "Again")
    once_more = round_trip(again, "kialo", "Once more")

    claims, arguments = labels(once_more)
    assert set(claims) == set(labels(again)[0])
    assert all(label == ("", []) for label in claims.values())
    assert all(label == ("", "", [], "") for label in arguments.values())
    # Kialo holds no labels: the debate's text and structure come back
    assert "Cities should ban cars." in claims


def test_the_focus_view_shows_the_labels_escaped(client):
    text = LABELLED.replace("#policy", "#policy #(<b>bold</b>)")
    debate = load(text, "argdown")

    response = client.get(debate.get_absolute_url())

    assert response.status_code == 200
    assert 'class="labels__title"' in response.text
    assert "#policy" in response.text and "#urban life" in response.text
    assert "Shops lose customers." in response.text
    assert "#&lt;b&gt;bold&lt;/b&gt;" in response.text
    assert "<b>bold</b>" not in response.text
    assert "scheme: Causal reasoning" in response.text


def test_the_import_page_says_what_was_kept_and_what_was_not(client):
    client.force_login(UserFactory(username="organiser"))
    upload = SimpleUploadedFile("cars.argdown", LABELLED.encode())

    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "", "visibility": "public", "file": upload},
        follow=True,
    )

    assert Debate.objects.get().title == "Cars"
    assert (
        "Kept: the titles of 2 claim(s) and 1 argument(s); 4 tag(s) on 3 claim(s) and"
        " argument(s); the descriptions of 1 argument(s); the schemes of 1 argument(s)"
        " (Causal reasoning)." in response.text
    )
    assert "Not kept: the premise–conclusion structures of 1 argument(s)" in response.text


def test_the_command_says_what_was_kept(tmp_path):
    path = tmp_path / "cars.argdown"
    path.write_text(LABELLED, encoding="utf-8")
    out = io.StringIO()

    call_command("import_debate", str(path), stdout=out)

    assert "Kept: the titles of 2 claim(s) and 1 argument(s)" in out.getvalue()


def test_a_title_longer_than_the_column_is_shortened_and_reported(tmp_path):
    long_title = "T" * 250
    path = tmp_path / "long.argdown"
    path.write_text(f"[{long_title}]: A claim.\n  + [B]: A reason.\n", encoding="utf-8")
    out = io.StringIO()

    call_command("import_debate", str(path), stdout=out)

    assert Claim.objects.get(text="A claim.").title == "T" * 200
    assert "Shortened: 1 title(s) longer than 200 characters" in out.getvalue()
