"""Sources belong to the debates that use them (corpus.DebateSource)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from corpus.models import DebateSource, Source

SEED_SLUGS = {
    "ips-clinton-2009",
    "freedom-house-kerry-2013",
    "blinken-cable-2021",
    "prc-rebuttal-2021",
    "rights-first-2023",
}


@pytest.mark.django_db
def test_the_seed_debate_uses_its_five_texts(seed):
    links = DebateSource.objects.filter(debate__slug="us-china-human-rights")
    assert {link.source.slug for link in links} == SEED_SLUGS
    assert {link.status for link in links} == {DebateSource.Status.APPROVED}
    assert set(Source.objects.values_list("origin", flat=True)) == {Source.Origin.SEED}


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_source_to_the_seed_and_to_the_debates_quoting_it():
    before = [("corpus", "0002_camp_other"), ("arguments", "0015_proposal_merged")]
    after = [("corpus", "0003_debate_sources")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Debate = apps.get_model("arguments", "Debate")
    Claim = apps.get_model("arguments", "Claim")
    Citation = apps.get_model("arguments", "Citation")
    OldSource = apps.get_model("corpus", "Source")
    Excerpt = apps.get_model("corpus", "Excerpt")
    Debate.objects.create(slug="us-china-human-rights", title="Seed")
    other = Debate.objects.create(slug="imported", title="Imported", visibility="unlisted")
    Debate.objects.create(slug="quiet", title="Quotes nothing")
    day = datetime.date(2021, 3, 1)
    OldSource.objects.create(slug="a", title="A", published=day, genre="news_report", text="x y")
    quoted = OldSource.objects.create(
        slug="b", title="B", published=day, genre="news_report", text="p q"
    )
    excerpt = Excerpt.objects.create(source=quoted, start=0, end=1, quote="p")
    claim = Claim.objects.create(debate=other, text="A claim", status="approved")
    Citation.objects.create(claim=claim, excerpt=excerpt)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    links = apps.get_model("corpus", "DebateSource").objects.values_list(
        "debate__slug", "source__slug", "status"
    )
    assert sorted(links) == [
        ("imported", "b", "approved"),
        ("us-china-human-rights", "a", "approved"),
        ("us-china-human-rights", "b", "approved"),
    ]  # "quiet" quotes nothing and gets no source

    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
