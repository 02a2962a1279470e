"""An argument's scheme comes in with an import, shows on the focus view and goes back out
in the AIF export (issue 19, 13)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arguments.interchange import aif
from arguments.models import Argument, Debate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPERT = json.dumps(
    {
        "nodes": [
            {"nodeID": "1", "type": "I", "text": "The bridge is safe."},
            {"nodeID": "2", "type": "I", "text": "The engineer says the bridge is safe."},
            {"nodeID": "3", "type": "RA", "text": "Argument From Expert Opinion"},
        ],
        "edges": [
            {"edgeID": "a", "fromID": "2", "toID": "3"},
            {"edgeID": "b", "fromID": "3", "toID": "1"},
        ],
    }
)


@pytest.fixture
def imported(client):
    client.force_login(UserFactory(username="importer"))
    upload = SimpleUploadedFile("bridge.json", EXPERT.encode())
    client.post(
        reverse("arguments:new_debate"),
        {"title": "Bridge", "visibility": "public", "file": upload},
    )
    return Debate.objects.get(title="Bridge")


def test_an_imported_scheme_is_stored_on_the_argument(imported):
    assert Argument.objects.get(debate=imported).scheme == "Argument From Expert Opinion"


def test_the_scheme_is_shown_beside_the_argument(client, imported):
    response = client.get(imported.get_absolute_url())

    assert "scheme: Argument From Expert Opinion" in response.text


def test_the_aif_export_writes_the_scheme_back(client, imported):
    response = client.get(reverse("arguments:export", args=[imported.slug, "aif.json"]))

    graph = aif.parse(b"".join(response.streaming_content).decode())
    assert [edge.scheme for edge in graph.edges] == ["Argument From Expert Opinion"]
