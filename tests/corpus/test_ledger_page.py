"""The ledger page of a debate's source: /d/<slug>/sources/<source>/ledger/."""

import pytest
from django.urls import reverse

from arguments.models import Citation, Debate, Status
from corpus.models import Camp, DebateSource, Excerpt
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
    con,
    debate_with_thesis,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "Pressure on rights works when allies act together.\n\n"
    "Quiet diplomacy has failed for a decade.\n\n"
    "Trade ties make every government cautious."
)


def _quote(claim, source, words):
    start = source.text.index(words)
    excerpt, _ = Excerpt.objects.get_or_create(
        source=source, start=start, end=start + len(words), defaults={"quote": words}
    )
    Citation.objects.create(claim=claim, excerpt=excerpt)


@pytest.fixture
def mapped():
    """A debate using one source: a rights group's claim quotes the first paragraph and a
    government's claim attacks it; a pending claim quotes the second."""
    debate = debate_with_thesis()
    source = SourceFactory(text=TEXT)
    DebateSource.objects.create(debate=debate, source=source)
    rights = ActorFactory(camp=Camp.RIGHTS_GROUPS)
    government = ActorFactory(camp=Camp.PRC_GOVERNMENT)
    quoted = ClaimFactory(debate=debate, speaker=rights, text="Joint pressure works.")
    pro(quoted, debate.thesis)
    _quote(quoted, source, "Pressure on rights works")
    answer = ClaimFactory(debate=debate, speaker=government, text="It never has.")
    con(answer, quoted)
    pending = ClaimFactory(debate=debate, status=Status.PENDING, text="Quiet failed.")
    _quote(pending, source, "Quiet diplomacy has failed")
    return debate, source


def _url(debate, source):
    return reverse("arguments:source_ledger", args=[debate.slug, source.slug])


def test_the_ledger_counts_approved_quotes_lists_unmapped_paragraphs_and_answers(client, mapped):
    debate, source = mapped
    response = client.get(_url(debate, source))
    assert response.status_code == 200
    ledger = response.context["ledger"]
    assert (ledger.sentences, ledger.quoted_sentences, ledger.percent) == (3, 1, 33)
    # The pending claim's quote maps nothing: paragraphs 2 and 3 are still to map.
    assert [item["number"] for item in response.context["unmapped"]] == [2, 3]
    assert f'{source.get_absolute_url()}#p-2"' in response.text
    rows = {row.label: (row.quoted, row.answered) for row in ledger.camps}
    assert rows["Rights groups"] == (1, 1)
    assert rows["PRC government"] == (0, 0)
    assert "33 %" in response.text


def test_the_reader_numbers_its_paragraphs_as_the_ledger_does(client, mapped):
    debate, source = mapped
    response = client.get(source.get_absolute_url())
    for number in (1, 2, 3):
        assert f'id="p-{number}"' in response.text


def test_a_source_the_debate_does_not_use_has_no_ledger_there(client, mapped):
    debate, _ = mapped
    elsewhere = SourceFactory(text=TEXT)
    assert client.get(_url(debate, elsewhere)).status_code == 404
    proposed = SourceFactory(text=TEXT)
    DebateSource.objects.create(debate=debate, source=proposed, status=DebateSource.Status.PENDING)
    assert client.get(_url(debate, proposed)).status_code == 404


def test_a_class_debate_s_ledger_is_not_for_outsiders(client, mapped):
    debate, source = mapped
    Debate.objects.filter(pk=debate.pk).update(visibility=Debate.Visibility.CLASS)
    assert client.get(_url(debate, source)).status_code == 404
    outsider = signed_in_client(UserFactory())
    assert outsider.get(_url(debate, source)).status_code == 404


def test_the_ledger_costs_a_fixed_number_of_queries(client, mapped, django_assert_max_num_queries):
    debate, source = mapped
    for number in range(30):
        claim = ClaimFactory(debate=debate, text=f"Another reading {number}.")
        pro(claim, debate.thesis)
        _quote(claim, source, "Trade ties")
    with django_assert_max_num_queries(12):
        assert client.get(_url(debate, source)).status_code == 200


def test_the_seed_s_ledger_reports_its_four_camps_in_order(client, seed):
    url = reverse("arguments:source_ledger", args=["us-china-human-rights", "prc-rebuttal-2021"])
    response = client.get(url)
    assert response.status_code == 200
    labels = [row.label for row in response.context["ledger"].camps]
    assert labels == ["Rights groups", "US government", "PRC government", "Analysts and press"]
    assert response.context["ledger"].quoted_sentences > 0
