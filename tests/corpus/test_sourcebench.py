"""The long-source benchmark builds what it says it measures."""

import pytest
from django.test import override_settings

from arguments.devtools import sourcebench
from corpus.models import Excerpt


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["testserver"])
def test_the_long_source_is_quoted_verbatim_by_approved_claims_and_measured():
    result = sourcebench.measure(requests=2, words=3000, excerpts=40)
    assert result["words"] >= 3000
    assert result["excerpts"] == 40
    for excerpt in Excerpt.objects.filter(source__slug=sourcebench.SLUG):
        assert excerpt.source.text[excerpt.start : excerpt.end] == excerpt.quote
        assert len(excerpt.quote.split()) == 8
        assert excerpt.citations.filter(claim__status="approved").exists()
    assert {"reader", "ledger", "ledger page"} <= set(result)
    assert result["ledger"]["queries"] <= 4
    lines = sourcebench.table(result)
    assert any(line.startswith("| reader |") for line in lines)
