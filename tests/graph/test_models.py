import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from arguments.models import Argument, Premise, Stance, Status
from arguments.models.argument import reachable_from
from corpus.models import Excerpt
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    argue,
    con,
    debate_with_thesis,
    mutual_attack,
    pro,
)

pytestmark = pytest.mark.django_db


def test_excerpt_saves_when_quote_is_the_text_at_its_offsets():
    source = SourceFactory()
    excerpt = Excerpt.locate(source, "pressure works")
    excerpt.save()
    assert source.text[excerpt.start : excerpt.end] == "pressure works"


def test_excerpt_that_paraphrases_is_refused_on_save():
    source = SourceFactory()
    with pytest.raises(ValidationError, match="not the source's text"):
        Excerpt.objects.create(source=source, start=0, end=5, quote="Fifth")
    assert not Excerpt.objects.exists()


def test_locate_returns_none_for_text_not_in_the_source():
    assert Excerpt.locate(SourceFactory(), "pressure never works") is None


def test_a_claim_cannot_bear_on_itself():
    debate = debate_with_thesis()
    with pytest.raises(ValidationError, match="bear on itself"):
        pro(debate.thesis, debate.thesis)


def test_an_undercutter_cannot_be_a_premise_of_the_argument_it_undercuts():
    debate = debate_with_thesis()
    reason = ClaimFactory(debate=debate)
    argument = pro(reason, debate.thesis)
    with pytest.raises(ValidationError, match="bear on itself"):
        argue([reason], Stance.ATTACK, argument)


def test_a_duplicate_argument_is_refused_by_the_service_and_the_database():
    debate = debate_with_thesis()
    reason = ClaimFactory(debate=debate)
    first = pro(reason, debate.thesis)
    with pytest.raises(ValidationError, match="already in the map"):
        pro(reason, debate.thesis)
    with pytest.raises(IntegrityError), transaction.atomic():
        Argument.objects.create(
            debate=debate,
            stance=first.stance,
            target_claim=debate.thesis,
            signature=first.signature,
            status=Status.APPROVED,
        )
    assert Argument.objects.count() == 1


def test_the_same_premise_may_support_and_attack_different_claims():
    debate = debate_with_thesis()
    first, second = ClaimFactory(debate=debate), ClaimFactory(debate=debate)
    pro(first, debate.thesis)
    pro(second, debate.thesis)
    con(first, second)
    assert Argument.objects.count() == 3


def test_an_argument_that_would_close_a_cycle_is_refused():
    debate = debate_with_thesis()
    middle, bottom = ClaimFactory(debate=debate), ClaimFactory(debate=debate)
    pro(middle, debate.thesis)
    con(bottom, middle)
    with pytest.raises(ValidationError, match="cycle"):
        pro(debate.thesis, bottom)
    with pytest.raises(ValidationError, match="cycle"):
        con(middle, bottom)
    assert Argument.objects.count() == 2


def test_a_cycle_through_an_undercutter_is_refused():
    debate = debate_with_thesis()
    reason, undercutter = ClaimFactory(debate=debate), ClaimFactory(debate=debate)
    argument = pro(reason, debate.thesis)
    argue([undercutter], Stance.ATTACK, argument)
    with pytest.raises(ValidationError, match="cycle"):
        pro(debate.thesis, undercutter)


def test_claims_of_another_debate_cannot_be_argued_with():
    debate, other = debate_with_thesis(), debate_with_thesis()
    with pytest.raises(ValidationError, match="same debate"):
        pro(other.thesis, debate.thesis)


def test_an_argument_targets_exactly_one_thing_in_the_database():
    debate = debate_with_thesis()
    argument = pro(ClaimFactory(debate=debate), debate.thesis)
    with pytest.raises(IntegrityError), transaction.atomic():
        Argument.objects.create(
            debate=debate,
            stance=Stance.ATTACK,
            target_claim=debate.thesis,
            target_argument=argument,
            signature="both targets",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Argument.objects.create(debate=debate, stance=Stance.ATTACK, signature="no target")


def test_co_premises_keep_their_order():
    debate = debate_with_thesis()
    first, second = ClaimFactory(debate=debate), ClaimFactory(debate=debate)
    argument = argue([second, first], Stance.SUPPORT, debate.thesis)
    ordered = list(Premise.objects.filter(argument=argument).values_list("claim_id", flat=True))
    assert ordered == [second.pk, first.pk]


def test_reachability_terminates_on_a_cycle_in_imported_data():
    debate = debate_with_thesis()
    left, right = ClaimFactory(debate=debate), ClaimFactory(debate=debate)
    pro(left, debate.thesis)
    mutual_attack(left, right)
    assert reachable_from(right.pk) == {right.pk, left.pk, debate.thesis_id}
