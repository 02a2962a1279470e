"""The pure evaluation algorithms: grounded labels and DF-QuAD strengths, on textbook
frameworks, hand-computed examples and random graphs."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arguments.evaluation.dfquad import aggregate, combine, strengths
from arguments.evaluation.framework import ATTACK, SUPPORT, Link, bears_on
from arguments.evaluation.grounded import IN, OUT, UNDECIDED, label


def attacks(*pairs):
    """Single-premise attack links from (attacker, attacked) pairs: a Dung framework."""
    return [
        Link(id=i, premises=(a,), stance=ATTACK, target_claim=b) for i, (a, b) in enumerate(pairs)
    ]


def labels(claims, links, fixed=None):
    return label(claims, links, fixed)[0]


# Grounded semantics: the textbook frameworks.


def test_unattacked_claim_is_in_and_what_it_attacks_is_out():
    assert labels("ab", attacks(("a", "b"))) == {"a": IN, "b": OUT}


def test_reinstatement_a_defeated_attacker_reinstates_its_target():
    # c attacks b, b attacks a: c is IN, so b is OUT, so a is IN again.
    assert labels("abc", attacks(("b", "a"), ("c", "b"))) == {"a": IN, "b": OUT, "c": IN}


def test_chain_alternates_down_from_the_unattacked_end():
    chain = attacks(("b", "a"), ("c", "b"), ("d", "c"))
    assert labels("abcd", chain) == {"d": IN, "c": OUT, "b": IN, "a": OUT}


def test_even_cycle_is_undecided_under_grounded_semantics():
    assert labels("ab", attacks(("a", "b"), ("b", "a"))) == {"a": UNDECIDED, "b": UNDECIDED}


def test_odd_cycle_is_undecided_and_so_is_what_hangs_on_it():
    cycle = attacks(("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"))
    assert labels("abcd", cycle) == dict.fromkeys("abcd", UNDECIDED)


def test_self_attacking_claim_is_undecided():
    assert labels("ab", attacks(("a", "a"), ("a", "b"))) == {"a": UNDECIDED, "b": UNDECIDED}


def test_an_attacked_cycle_member_breaks_the_cycle():
    # e (unattacked) attacks a; the even cycle a <-> b then resolves: a OUT, b IN.
    framework = attacks(("a", "b"), ("b", "a"), ("e", "a"))
    assert labels("abe", framework) == {"a": OUT, "b": IN, "e": IN}


def test_supports_do_not_change_acceptability():
    links = [Link(id=1, premises=("b",), stance=SUPPORT, target_claim="a"), *attacks()]
    claim_labels, link_labels = label("ab", links)
    assert claim_labels == {"a": IN, "b": IN}
    assert link_labels == {1: IN}


def test_in_undercutter_cancels_the_attack_it_undercuts():
    links = [
        Link(id=1, premises=("d",), stance=ATTACK, target_claim="a"),
        Link(id=2, premises=("u",), stance=ATTACK, target_link=1),
    ]
    claim_labels, link_labels = label("adu", links)
    assert claim_labels == {"a": IN, "d": IN, "u": IN}
    assert link_labels == {1: OUT, 2: IN}


def test_defeated_undercutter_leaves_the_attack_standing():
    links = [
        Link(id=1, premises=("d",), stance=ATTACK, target_claim="a"),
        Link(id=2, premises=("u",), stance=ATTACK, target_link=1),
        Link(id=3, premises=("x",), stance=ATTACK, target_claim="u"),
    ]
    claim_labels, link_labels = label("adux", links)
    assert claim_labels == {"a": OUT, "d": IN, "u": OUT, "x": IN}
    assert link_labels[1] == IN and link_labels[2] == OUT


def test_co_premises_attack_only_when_all_of_them_stand():
    links = [
        Link(id=1, premises=("p", "q"), stance=ATTACK, target_claim="a"),
        Link(id=2, premises=("r",), stance=ATTACK, target_claim="q"),
    ]
    assert labels("apqr", links) == {"a": IN, "p": IN, "q": OUT, "r": IN}


def test_fixed_labels_stand_in_for_claims_outside_the_scope():
    links = attacks(("x", "a"), ("y", "b"))
    assert labels("ab", links, fixed={"x": IN, "y": OUT}) == {"a": OUT, "b": IN}


def test_links_from_unknown_claims_are_ignored():
    assert labels("a", attacks(("ghost", "a"))) == {"a": IN}


# Grounded semantics against brute force on random Dung frameworks.


def brute_force_grounded(arguments, pairs):
    """The least complete extension, found by checking every subset."""
    attackers = {a: {x for x, y in pairs if y == a} for a in arguments}

    def conflict_free(s):
        return not any((x, y) in pairs for x in s for y in s)

    def defends(s, a):
        return all(any((d, x) in pairs for d in s) for x in attackers[a])

    complete = []
    for size in range(len(arguments) + 1):
        for subset in itertools.combinations(arguments, size):
            s = set(subset)
            admissible = conflict_free(s) and all(defends(s, a) for a in s)
            if admissible and all(a in s for a in arguments if defends(s, a)):
                complete.append(s)
    least = min(complete, key=len)
    assert all(least <= other for other in complete)  # the grounded extension is least
    return least


frameworks = st.integers(min_value=1, max_value=6).flatmap(
    lambda n: st.tuples(
        st.just(list(range(n))),
        st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=12),
    )
)


@settings(max_examples=200, deadline=None)
@given(frameworks)
def test_grounded_labelling_matches_the_least_complete_extension(framework):
    arguments, pairs = framework
    result = labels(arguments, attacks(*sorted(pairs)))
    accepted = {a for a, value in result.items() if value == IN}
    assert accepted == brute_force_grounded(arguments, pairs)
    # OUT is exactly what the accepted arguments attack; the rest is undecided.
    attacked = {y for x, y in pairs if x in accepted}
    assert {a for a, value in result.items() if value == OUT} == attacked
    assert not any((x, y) in pairs for x in accepted for y in accepted)  # conflict-free


# DF-QuAD.


def test_aggregation_and_combination_follow_the_paper():
    assert aggregate([]) == 0
    assert aggregate([0.5, 0.5]) == pytest.approx(0.75)
    assert combine(0.5, attack=0.75, support=0.0) == pytest.approx(0.125)
    assert combine(0.5, attack=0.0, support=0.5) == pytest.approx(0.75)
    assert combine(0.5, attack=0.5, support=0.5) == pytest.approx(0.5)


def link(i, premise, stance, target=None, *, undercuts=None, weight=1.0):
    return Link(
        id=i,
        premises=premise if isinstance(premise, tuple) else (premise,),
        stance=stance,
        target_claim=target,
        target_link=undercuts,
        weight=weight,
    )


def test_hand_computed_strengths_of_a_small_map():
    # thesis t; b supports t; c attacks t; d supports b; e attacks c twice over (two links).
    links = [
        link(1, "b", SUPPORT, "t"),
        link(2, "c", ATTACK, "t"),
        link(3, "d", SUPPORT, "b"),
        link(4, "e", ATTACK, "c"),
        link(5, "f", ATTACK, "c"),
    ]
    result = strengths(dict.fromkeys("tbcdef"), links)
    # b = 0.5 + 0.5·0.5 = 0.75; c = 0.5 − 0.5·(1 − 0.5·0.5) = 0.125;
    # t: Fs = 0.75, Fa = 0.125 → 0.5 + 0.5·(0.75 − 0.125) = 0.8125.
    assert result.claims["b"] == pytest.approx(0.75)
    assert result.claims["c"] == pytest.approx(0.125)
    assert result.claims["t"] == pytest.approx(0.8125)
    assert result.not_converged == set()


def test_votes_weight_a_link_and_undercutters_reduce_the_weight():
    voted = strengths(dict.fromkeys("ab"), [link(1, "b", SUPPORT, "a", weight=0.5)])
    # The supporter's 0.5 counts half: 0.5 + 0.5·0.25.
    assert voted.claims["a"] == pytest.approx(0.625)
    undercut = strengths(
        dict.fromkeys("abu"), [link(1, "b", SUPPORT, "a"), link(2, "u", ATTACK, undercuts=1)]
    )
    assert undercut.link_weights[1] == pytest.approx(0.5)
    assert undercut.claims["a"] == pytest.approx(0.625)


def test_co_premises_count_as_their_weakest_premise():
    links = [link(1, ("p", "q"), SUPPORT, "a"), link(2, "x", ATTACK, "q")]
    result = strengths(dict.fromkeys("apqx"), links)
    assert result.claims["q"] == pytest.approx(0.25)
    assert result.link_strengths[1] == pytest.approx(0.25)
    assert result.claims["a"] == pytest.approx(0.5 + 0.5 * 0.25)


def test_a_set_base_score_replaces_the_default():
    result = strengths({"a": 0.8, "b": None}, [link(1, "b", ATTACK, "a")])
    assert result.claims["a"] == pytest.approx(0.8 - 0.8 * 0.5)


def test_mutual_attack_converges_to_its_fixpoint():
    result = strengths(dict.fromkeys("ab"), [link(1, "a", ATTACK, "b"), link(2, "b", ATTACK, "a")])
    # Symmetric fixpoint of x = 0.5 − 0.5·x.
    assert result.claims["a"] == pytest.approx(1 / 3)
    assert result.claims["b"] == pytest.approx(1 / 3)
    assert result.not_converged == set()


def test_cycle_that_does_not_settle_within_the_bound_is_reported():
    cycle = [link(1, "a", ATTACK, "b"), link(2, "b", ATTACK, "a")]
    result = strengths(dict.fromkeys("ab"), cycle, max_iterations=2)
    assert result.not_converged == {"a", "b"}


def test_fixed_strengths_stand_in_for_claims_outside_the_scope():
    result = strengths({"a": None}, [link(1, "x", SUPPORT, "a")], fixed={"x": 1.0})
    assert result.claims == {"a": pytest.approx(1.0)}


# Random acyclic maps: monotonicity and incremental evaluation.


@st.composite
def acyclic_maps(draw, max_claims=12):
    n = draw(st.integers(min_value=2, max_value=max_claims))
    links = []
    for child in range(1, n):
        parent = draw(st.integers(0, child - 1))
        stance = draw(st.sampled_from([SUPPORT, ATTACK]))
        weight = draw(st.sampled_from([1.0, 0.75, 0.5, 0.25, 0.0]))
        links.append(link(child, child, stance, parent, weight=weight))
    for extra in range(draw(st.integers(0, 4))):
        child = draw(st.integers(1, n - 1))
        parent = draw(st.integers(0, child - 1))
        links.append(link(100 + extra, child, draw(st.sampled_from([SUPPORT, ATTACK])), parent))
    if draw(st.booleans()):
        links.append(link(200, draw(st.integers(1, n - 1)), ATTACK, undercuts=links[0].id))
    return list(range(n)), links


@settings(max_examples=150, deadline=None)
@given(acyclic_maps(), st.sampled_from([SUPPORT, ATTACK]), st.data())
def test_adding_a_supporter_never_lowers_and_an_attacker_never_raises(graph, stance, data):
    claims, links = graph
    target = data.draw(st.sampled_from(claims))
    before = strengths(dict.fromkeys(claims), links).claims[target]
    newcomer = len(claims)
    after = strengths(
        dict.fromkeys([*claims, newcomer]), [*links, link(999, newcomer, stance, target)]
    ).claims[target]
    if stance == SUPPORT:
        assert after >= before - 1e-12
    else:
        assert after <= before + 1e-12


@settings(max_examples=150, deadline=None)
@given(acyclic_maps(), st.data())
def test_recomputing_only_what_an_edit_reaches_equals_a_full_evaluation(graph, data):
    claims, links = graph
    old_labels, _ = label(claims, links)
    old = strengths(dict.fromkeys(claims), links).claims
    # One edit: a new attack or support between two claims, a removed link, or a new vote.
    edit = data.draw(st.sampled_from(["add", "remove", "vote"]))
    victim = data.draw(st.sampled_from(links))
    if edit == "add":
        child = data.draw(st.integers(1, len(claims) - 1))
        parent = data.draw(st.integers(0, child - 1))
        changed = [*links, link(500, child, data.draw(st.sampled_from([SUPPORT, ATTACK])), parent)]
        touched = {child}
    elif edit == "remove":
        changed = [item for item in links if item is not victim]
        touched = set(victim.premises)
    else:
        changed = [
            item
            if item is not victim
            else link(
                victim.id,
                victim.premises,
                victim.stance,
                victim.target_claim,
                undercuts=victim.target_link,
                weight=0.25,
            )
            for item in links
        ]
        touched = set(victim.premises)
    scope = bears_on(touched, links) | bears_on(touched, changed)
    outside = [c for c in claims if c not in scope]
    partial_labels, _ = label(scope, changed, fixed={c: old_labels[c] for c in outside})
    partial = strengths(dict.fromkeys(scope), changed, fixed={c: old[c] for c in outside})
    full_labels, _ = label(claims, changed)
    full = strengths(dict.fromkeys(claims), changed).claims
    for claim in scope:
        assert partial_labels[claim] == full_labels[claim]
        assert partial.claims[claim] == pytest.approx(full[claim])
    for claim in outside:
        assert old[claim] == pytest.approx(full[claim])


def test_bears_on_follows_undercutters_to_the_claim_they_undercut():
    links = [
        link(1, "b", SUPPORT, "a"),
        link(2, "u", ATTACK, undercuts=1),
        link(3, "a", ATTACK, "t"),
    ]
    assert bears_on({"u"}, links) == {"u", "a", "t"}
