"""What one search may cost: a length cap on the text, a time limit on its queries (each
with a clear message, the text kept as typed), and near misses worked out over a bounded
set of claims. On SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from arguments.models import Claim, Status
from arguments.search import selectors
from arguments.search.query import MAX_QUERY_LENGTH, word_similarity
from arguments.services.bulk import insert_rows
from tests.factories import ClaimFactory, debate_with_thesis

pytestmark = pytest.mark.django_db

SEARCH = reverse("arguments:search")
HTMX = {"HTTP_HX_REQUEST": "true"}
TOO_SLOW = "The search took too long and was stopped"


@pytest.fixture
def debate():
    debate = debate_with_thesis(slug="open", title="Open debate")
    ClaimFactory(debate=debate, text="Public pressure has freed political prisoners.")
    return debate


def test_a_search_too_long_is_refused_with_a_message_and_keeps_what_was_typed(
    client, debate, django_assert_max_num_queries
):
    typed = "prisoners " * 48  # 480 characters
    with django_assert_max_num_queries(0):
        response = client.get(SEARCH, {"q": typed})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert f"at most {MAX_QUERY_LENGTH} characters long, and this one has 480" in response.text
    assert f'value="{typed.strip()}"' in response.text  # the box keeps it, to shorten
    assert response.context["results"].groups == []
    # The heading and the tab title name the search by its first words, not all 480 characters.
    heading = response.text.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert heading.count("prisoners") == 12 and heading.endswith("…”")
    title = response.text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.count("prisoners") == 12
    fragment = client.get(SEARCH, {"q": typed}, **HTMX)
    assert "<html" not in fragment.text and 'role="alert"' in fragment.text
    jump = client.get(reverse("arguments:jump", args=["open"]), {"q": typed}, **HTMX)
    assert jump.status_code == 200 and "at most 200 characters" in jump.text
    # At the cap, the search runs.
    fits = client.get(SEARCH, {"q": ("prisoners " * 20).strip()})
    assert fits.context["results"].total == 1 and 'role="alert"' not in fits.text


def _slow_query(*args, **kwargs):
    """A query that keeps the database busy for seconds, on either engine."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_sleep(5)")
        else:
            cursor.execute(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
                " WHERE x < 20000000) SELECT count(*) FROM n"
            )
        cursor.fetchall()
    return []


def test_a_search_past_the_time_limit_is_stopped_with_a_message_not_an_error(
    client, debate, settings, monkeypatch
):
    settings.SEARCH_TIMEOUT_MS = 200
    with monkeypatch.context() as patched:
        patched.setattr(selectors, "best_claims", _slow_query)
        started = timezone.now()
        response = client.get(SEARCH, {"q": "political prisoners"})
        took = (timezone.now() - started).total_seconds()
        assert response.status_code == 200
        assert TOO_SLOW in response.text and 'role="alert"' in response.text
        assert 'value="political prisoners"' in response.text
        assert took < 3, took
        jump = client.get(reverse("arguments:jump", args=["open"]), {"q": "prisoners"}, **HTMX)
        assert jump.status_code == 200 and TOO_SLOW in jump.text
    # The connection is fine afterwards: the next search finds its claim.
    again = client.get(SEARCH, {"q": "political prisoners"})
    assert again.context["results"].total == 1 and TOO_SLOW not in again.text


def test_sqlite_near_misses_work_out_the_similarity_for_a_bounded_number_of_claims(
    client, debate, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's similarity is Python called per row; pg_trgm has its index")
    now = timezone.now()
    row = {
        "debate_id": debate.pk,
        "key": "",
        "speaker_id": None,
        "author_id": None,
        "status": Status.APPROVED,
        "label": "",
        "strength": None,
        "merged_into_id": None,
        "created": now,
        "updated": now,
    }
    insert_rows(Claim, [{**row, "text": f"Prison visits, case {n}."} for n in range(400)])
    monkeypatch.setattr(selectors, "SQLITE_NEAR_MISS_ROWS", 50, raising=False)
    calls = []

    def counting(query_text, text):
        calls.append(text)
        return word_similarity(query_text, text)

    connection.ensure_connection()
    connection.connection.create_function("ledger_word_similarity", 2, counting)
    response = client.get(SEARCH, {"q": "prisonn visitz"})
    assert response.context["results"].total  # near misses are still found
    # Each of at most 50 claims is compared, then ranked: never all 400.
    assert 0 < len(calls) <= 2 * 50, len(calls)
