"""corpus 0004/0005: site-wide actors become speakers of debates, in camps of those debates.

Run on a database holding data as it was before: the seed debate with its actors, and an
import whose claims named one seed actor and one made-up speaker."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("corpus", "0002_camp_other"), ("arguments", "0015_proposal_merged")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def latest():
    targets = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield targets
    migrate(targets)  # whatever the test did, the schema is the latest again


@pytest.mark.django_db(transaction=True)
def test_actors_move_to_the_seed_and_imports_get_their_own_copies(latest):
    old = migrate(BEFORE)
    Actor, Claim, Debate = (old.get_model(*name.split(".")) for name in OLD_MODELS)
    seed = Debate.objects.create(slug="us-china-human-rights", title="Seed")
    imported = Debate.objects.create(slug="imported", title="An unlisted import")
    hrw = Actor.objects.create(
        slug="hrw", name="Human Rights Watch", kind="organisation", camp="rights_groups"
    )
    beijing = Actor.objects.create(
        slug="prc", name="PRC government", kind="government", camp="prc_government"
    )
    made_up = Actor.objects.create(slug="made-up", name="Made Up", kind="person", camp="other")
    Claim.objects.create(debate=seed, text="Pressure works.", speaker=hrw, status="approved")
    Claim.objects.create(debate=seed, text="Meddling.", speaker=beijing, status="approved")
    Claim.objects.create(debate=imported, text="As HRW says.", speaker=hrw, status="approved")
    Claim.objects.create(debate=imported, text="Says who.", speaker=made_up, status="approved")

    new = migrate(latest)
    Actor, Camp, Claim = (new.get_model(*name.split(".")) for name in NEW_MODELS)
    seed_camps = list(Camp.objects.filter(debate_id=seed.pk).order_by("order"))
    assert [(c.key, c.name, c.style) for c in seed_camps] == [
        ("rights_groups", "Rights groups", "green"),
        ("us_government", "US government", "blue"),
        ("prc_government", "PRC government", "red"),
        ("analysts_press", "Analysts and press", "ochre"),
    ]
    # The import's made-up speaker is not the seed's: only the seed's speakers are there.
    in_seed = {a.slug: a.camp.key for a in Actor.objects.filter(debate_id=seed.pk)}
    assert in_seed == {"hrw": "rights_groups", "prc": "prc_government"}
    # The import's claims name speakers of the import (a copy of the seed's), in its camps.
    copies = Actor.objects.filter(debate_id=imported.pk).select_related("camp")
    assert {(a.slug, a.camp.name) for a in copies} == {
        ("hrw", "Rights groups"),
        ("made-up", "Other"),
    }
    for claim in Claim.objects.select_related("speaker"):
        assert claim.speaker.debate_id == claim.debate_id, claim.text
    assert set(Actor.objects.values_list("status", flat=True)) == {"approved"}


@pytest.mark.django_db(transaction=True)
def test_without_a_seed_an_actor_stays_in_the_debate_using_it_and_unused_ones_go(latest):
    old = migrate(BEFORE)
    Actor, Claim, Debate = (old.get_model(*name.split(".")) for name in OLD_MODELS)
    first = Debate.objects.create(slug="first", title="First")
    used = Actor.objects.create(slug="a", name="A", kind="person", camp="analysts_press")
    Actor.objects.create(slug="b", name="B", kind="person", camp="other")
    Claim.objects.create(debate=first, text="A claim.", speaker=used, status="approved")

    new = migrate(latest)
    Actor = new.get_model("corpus", "Actor")
    assert [(a.slug, a.debate_id, a.camp.name) for a in Actor.objects.all()] == [
        ("a", first.pk, "Analysts and press")
    ]


OLD_MODELS = ("corpus.Actor", "arguments.Claim", "arguments.Debate")
NEW_MODELS = ("corpus.Actor", "corpus.Camp", "arguments.Claim")
