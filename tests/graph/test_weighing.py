"""Impact votes, the cached labels and strengths, the verdict, sorting and the what-if."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from arguments.devtools.generate import generate_debate
from arguments.models import Argument, Claim, Debate, Membership, Role, Stance, Status, Vote
from arguments.permissions import Access
from arguments.services import moderate, propose
from arguments.services.evaluate import evaluate_debate
from arguments.services.vote import cast_vote
from tests.factories import ClaimFactory, UserFactory, con, debate_with_thesis, member, pro

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def small():
    """thesis <- pro `reason`; thesis <- con `objection` <- con `rebuttal`."""
    debate = debate_with_thesis(slug="small", owner=UserFactory(username="owner"))
    reason = ClaimFactory(debate=debate, text="Pressure has freed prisoners before.")
    objection = ClaimFactory(debate=debate, text="Public pressure hardens Beijing.")
    rebuttal = ClaimFactory(debate=debate, text="Beijing released activists after pressure.")
    links = {
        "reason": pro(reason, debate.thesis),
        "objection": con(objection, debate.thesis),
        "rebuttal": con(rebuttal, objection),
    }
    evaluate_debate(debate_id=debate.pk)
    return {
        "debate": debate,
        "reason": reason,
        "objection": objection,
        "rebuttal": rebuttal,
        "links": links,
    }


def fresh(claim):
    return Claim.objects.get(pk=claim.pk)


def stored(debate):
    """Every cached evaluation value of a debate, to compare before and after."""
    claims = Claim.objects.filter(debate=debate, status=Status.APPROVED)
    arguments = Argument.objects.filter(debate=debate, status=Status.APPROVED)
    return (
        sorted(claims.values_list("id", "label", "strength")),
        sorted(arguments.values_list("id", "label", "weight", "contribution")),
    )


def test_evaluation_labels_and_weighs_every_approved_claim(small):
    thesis = fresh(small["debate"].thesis)
    # The rebuttal stands, so the objection falls and the thesis is reinstated.
    assert fresh(small["rebuttal"]).label == "in"
    assert fresh(small["objection"]).label == "out"
    assert thesis.label == "in"
    # objection = 0.5 − 0.5·0.5 = 0.25; thesis: Fs 0.5, Fa 0.25 → 0.5 + 0.5·0.25.
    assert fresh(small["objection"]).strength == pytest.approx(0.25)
    assert thesis.strength == pytest.approx(0.625)


def test_seed_debate_is_evaluated_when_loaded(seed):
    claims = Claim.objects.filter(debate=seed, status=Status.APPROVED)
    assert not claims.filter(label="").exists()
    assert not claims.filter(strength__isnull=True).exists()
    assert set(claims.values_list("label", flat=True)) >= {"in", "out"}


def test_a_vote_reweighs_the_link_and_what_it_bears_on(small):
    voter = UserFactory(username="voter")
    link = small["links"]["reason"]
    cast_vote(access=Access(voter, small["debate"]), argument=link, value=2)
    link.refresh_from_db()
    assert (link.vote_count, link.impact, link.weight) == (1, 2, pytest.approx(0.5))
    # The pro now counts half: Fs 0.25, Fa 0.25 → the thesis is back at 0.5.
    assert fresh(small["debate"].thesis).strength == pytest.approx(0.5)


def test_a_vote_can_be_changed_and_removed_and_the_mean_follows(small):
    link, debate = small["links"]["reason"], small["debate"]
    first, second = UserFactory(username="first"), UserFactory(username="second")
    cast_vote(access=Access(first, debate), argument=link, value=4)
    cast_vote(access=Access(second, debate), argument=link, value=1)
    cast_vote(access=Access(second, debate), argument=link, value=2)
    link.refresh_from_db()
    assert (link.vote_count, link.impact) == (2, 3)
    assert Vote.objects.filter(argument=link).count() == 2
    cast_vote(access=Access(first, debate), argument=link, value=None)
    cast_vote(access=Access(second, debate), argument=link, value=None)
    link.refresh_from_db()
    assert (link.vote_count, link.impact, link.weight) == (0, None, 1)
    assert fresh(debate.thesis).strength == pytest.approx(0.625)


def test_pending_arguments_cannot_be_voted_on(small):
    author = UserFactory(username="author")
    proposal = propose.propose_claim(
        access=Access(author, small["debate"]),
        target=small["reason"],
        stance=Stance.ATTACK,
        text="Not yet approved.",
    )
    client = Client()
    client.force_login(author)
    url = reverse("arguments:vote", args=["small", proposal.argument_id])
    assert client.post(url, {"value": "3"}).status_code == 404
    assert not Vote.objects.exists()


def test_class_debates_are_voted_on_by_their_members_only(small):
    Debate.objects.filter(pk=small["debate"].pk).update(visibility=Debate.Visibility.CLASS)
    url = reverse("arguments:vote", args=["small", small["links"]["reason"].pk])
    outsider, student = Client(), Client()
    outsider.force_login(UserFactory(username="outsider"))
    student.force_login(member(small["debate"], Role.WRITER, username="student"))
    assert outsider.post(url, {"value": "3"}).status_code == 404
    assert student.post(url, {"value": "3"}).status_code == 302
    assert Vote.objects.get().user.username == "student"


def test_voting_from_the_page_without_javascript_returns_to_the_claim(client, small):
    client.force_login(UserFactory(username="voter"))
    thesis = small["debate"].thesis
    url = reverse("arguments:vote", args=["small", small["links"]["reason"].pk])
    response = client.post(url, {"value": "4", "path": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("arguments:claim", args=["small", thesis.pk])
    page = client.get(response["Location"])
    assert "Your vote was recorded." in page.text
    assert "Impact <strong>4.0</strong> of 4 from 1 vote" in page.text


def test_voting_with_htmx_swaps_the_votes_and_the_claims_strength(client, small):
    client.force_login(UserFactory(username="voter"))
    link = small["links"]["objection"]
    response = client.post(
        reverse("arguments:vote", args=["small", link.pk]), {"value": "0"}, **HTMX
    )
    assert response.status_code == 200
    assert f'id="impact-{link.pk}"' in response.text
    assert 'aria-pressed="true"' in response.text
    # With the objection rated "no impact", the thesis weighs only its pro: 0.75.
    assert 'id="focus-strength" hx-swap-oob="true"' in response.text
    assert ">0.75<" in response.text


def test_an_impact_outside_zero_to_four_is_refused_and_nothing_is_stored(client, small):
    client.force_login(UserFactory(username="voter"))
    url = reverse("arguments:vote", args=["small", small["links"]["reason"].pk])
    for value in ("5", "-1", "two", "2.5"):
        assert client.post(url, {"value": value}).status_code == 400
    assert not Vote.objects.exists()


def test_focus_view_explains_the_label_with_links(client, small):
    page = client.get(reverse("arguments:claim", args=["small", small["objection"].pk]))
    verdict = page.context["focus"].verdict
    assert [c.premises[0].claim for c in verdict["defeated_by"]] == [small["rebuttal"]]
    assert "Defeated by" in page.text
    rebuttal_url = reverse("arguments:claim", args=["small", small["rebuttal"].pk])
    assert rebuttal_url in page.text
    thesis_page = client.get(reverse("arguments:debate", args=["small"]))
    assert "Every con is answered" in thesis_page.text


def test_children_sort_by_weight_newest_or_votes_and_the_choice_is_remembered(client, small):
    debate = small["debate"]
    weak = ClaimFactory(debate=debate, text="A weak pro.")
    weak_link = pro(weak, debate.thesis)
    strong_support = ClaimFactory(debate=debate, text="Support for the weak pro.")
    pro(strong_support, weak)
    evaluate_debate(debate_id=debate.pk)
    voter = UserFactory(username="voter")
    cast_vote(access=Access(voter, debate), argument=small["links"]["reason"], value=1)
    url = reverse("arguments:debate", args=["small"])

    def pros(response):
        return [child.argument for child in response.context["focus"].pros]

    assert pros(client.get(url)) == [weak_link, small["links"]["reason"]]
    assert pros(client.get(url, {"sort": "votes"})) == [small["links"]["reason"], weak_link]
    assert client.cookies["sort"].value == "votes"
    assert pros(client.get(url)) == [small["links"]["reason"], weak_link]  # remembered
    assert pros(client.get(url, {"sort": "newest"})) == [weak_link, small["links"]["reason"]]
    assert pros(client.get(url, {"sort": "nonsense"}))  # ignored, not an error


def test_approving_a_con_updates_labels_up_to_the_thesis(small):
    debate = small["debate"]
    author = UserFactory(username="author")
    proposal = propose.propose_claim(
        access=Access(author, debate),
        target=small["rebuttal"],
        stance=Stance.ATTACK,
        text="Those releases were token gestures.",
    )
    assert fresh(small["rebuttal"]).label == "in"  # pending changes nothing
    moderate.approve(access=Access(debate.owner, debate), proposal=proposal)
    # The new con defeats the rebuttal, which reinstates the objection against the thesis.
    assert fresh(small["rebuttal"]).label == "out"
    assert fresh(small["objection"]).label == "in"
    assert fresh(debate.thesis).label == "out"
    before = stored(debate)
    evaluate_debate(debate_id=debate.pk)
    assert stored(debate) == before  # the incremental update left what a full one gives


def test_upholding_a_flag_takes_the_claim_out_of_the_weighing(small):
    debate = small["debate"]
    flagger = UserFactory(username="flagger")
    flag = propose.flag(access=Access(flagger, debate), reason="off_topic", claim=small["rebuttal"])
    moderate.approve(access=Access(debate.owner, debate), proposal=flag)
    assert fresh(small["objection"]).label == "in"
    assert fresh(debate.thesis).label == "out"


def test_incremental_updates_equal_a_full_evaluation_on_a_generated_debate():
    debate = generate_debate(claims=400, seed=3)
    owner = UserFactory(username="owner")
    Debate.objects.filter(pk=debate.pk).update(owner=owner)
    debate.refresh_from_db()
    arguments = list(Argument.objects.filter(debate=debate, status=Status.APPROVED)[:40])
    for index, argument in enumerate(arguments):
        voter = UserFactory(username=f"voter{index % 7}")
        cast_vote(access=Access(voter, debate), argument=argument, value=index % 5)
    for proposal_claim in Claim.objects.filter(debate=debate, status=Status.PENDING)[:5]:
        from arguments.models import Proposal

        argument = proposal_claim.premise_of.get()
        proposal = Proposal.objects.create(
            debate=debate,
            kind=Proposal.Kind.CLAIM,
            author=owner,
            claim=proposal_claim,
            argument=argument,
        )
        moderate.approve(access=Access(owner, debate), proposal=proposal)
    before = stored(debate)
    report = evaluate_debate(debate_id=debate.pk)
    assert (report.changed_claims, report.changed_arguments) == (0, 0)
    assert stored(debate) == before


def test_what_if_shows_the_path_without_the_claim_and_saves_nothing(client, small):
    debate = small["debate"]
    before = stored(debate)
    path = f"{debate.thesis.pk}-{small['objection'].pk}"
    url = reverse("arguments:what_if", args=["small", small["rebuttal"].pk])
    response = client.get(url, {"path": path})
    assert response.status_code == 200
    rows = {row.claim.pk: row for row in response.context["what_if"].path}
    # Without the rebuttal the objection stands and defeats the thesis.
    assert (rows[small["objection"].pk].label_before, rows[small["objection"].pk].label_after) == (
        "out",
        "in",
    )
    assert rows[debate.thesis.pk].label_after == "out"
    assert rows[debate.thesis.pk].strength_after == pytest.approx(0.5 + 0.5 * (0.5 - 0.5))
    assert stored(debate) == before
    fragment = client.get(url, {"path": path}, **HTMX)
    assert "<html" not in fragment.text and "Without it" in fragment.text


def test_what_if_of_a_pending_claim_is_hidden_from_others(client, small):
    author = UserFactory(username="author")
    proposal = propose.propose_claim(
        access=Access(author, small["debate"]),
        target=small["reason"],
        stance=Stance.ATTACK,
        text="Secret pending claim.",
    )
    url = reverse("arguments:what_if", args=["small", proposal.claim_id])
    assert client.get(url).status_code == 404
    client.force_login(author)
    response = client.get(url)
    assert response.status_code == 200
    assert "not part of the weighed map yet" in response.text


def test_votes_and_what_if_keep_their_query_budgets_at_any_size(client, seed):
    large = generate_debate(claims=2000, seed=11)
    user = UserFactory(username="voter")
    client.force_login(user)
    counts = []
    for debate in (seed, large):
        argument = Argument.objects.filter(
            debate=debate, status=Status.APPROVED, target_claim=debate.thesis
        ).first()
        premise = argument.premises.first()
        vote_url = reverse("arguments:vote", args=[debate.slug, argument.pk])
        what_if_url = reverse("arguments:what_if", args=[debate.slug, premise.pk])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as vote_queries:
            assert client.post(vote_url, {"value": "3"}, **HTMX).status_code == 200
        with CaptureQueriesContext(connection) as what_if_queries:
            assert client.get(what_if_url, {"path": debate.thesis_id}).status_code == 200
        counts.append((len(vote_queries), len(what_if_queries)))
    assert counts[0] == counts[1]
    vote_count, what_if_count = counts[1]
    assert what_if_count <= 10
    assert vote_count <= 30  # a write: the vote, the mean, the re-weighing up to the thesis


def test_the_home_page_shows_each_thesis_as_the_map_stands(client, small):
    Membership.objects.all().delete()
    response = client.get("/")
    assert "As the map stands" in response.text
    assert "✓ Accepted" in response.text


def test_an_import_arrives_evaluated_and_matches_the_original(seed):
    from arguments.interchange.formats import FORMATS, read
    from arguments.selectors.exporting import graph_from_debate
    from arguments.services.importing import import_graph

    text = FORMATS["aif"].emit(graph_from_debate(seed))
    _, parsed = read(text.encode(), "aif")
    copy = import_graph(graph=parsed, slug="copy").debate
    # The rows went in with the file's own evaluation: a full one changes nothing.
    report = evaluate_debate(debate_id=copy.pk)
    assert (report.changed_claims, report.changed_arguments) == (0, 0)

    def by_text(debate):
        return {
            text: (label, strength)
            for text, label, strength in Claim.objects.filter(
                debate=debate, status=Status.APPROVED
            ).values_list("text", "label", "strength")
        }

    original, copied = by_text(seed), by_text(copy)
    assert copied.keys() == original.keys()
    for text, (label, strength) in original.items():
        assert copied[text][0] == label, text
        assert copied[text][1] == pytest.approx(strength), text


def test_a_base_score_set_in_the_admin_reweighs_the_map(small):
    from types import SimpleNamespace

    from django.contrib.admin.sites import site

    reason = fresh(small["reason"])
    reason.base_score = 1.0
    site._registry[Claim].save_model(
        None, reason, SimpleNamespace(changed_data=["base_score"]), True
    )
    assert fresh(small["reason"]).strength == pytest.approx(1.0)
    # The thesis now weighs a pro of strength 1 against the 0.25 of its defeated con.
    assert fresh(small["debate"].thesis).strength == pytest.approx(0.5 + 0.5 * (1.0 - 0.25))


TWO_ROOTS_AIF = {
    "nodes": [
        {"nodeID": "1", "text": "Press Beijing in public.", "type": "I"},
        {"nodeID": "2", "text": "Public pressure frees prisoners.", "type": "I"},
        {"nodeID": "3", "text": "Quiet diplomacy works better.", "type": "I"},
        {"nodeID": "4", "text": "Quiet talks achieved little in 2009.", "type": "I"},
        {"nodeID": "6", "text": "Engage on trade first.", "type": "I"},
        {"nodeID": "7", "text": "Trade ties open doors.", "type": "I"},
        {"nodeID": "14", "text": "Default Inference", "type": "RA"},
        {"nodeID": "10", "text": "Default Inference", "type": "RA"},
        {"nodeID": "11", "text": "Default Conflict", "type": "CA"},
        {"nodeID": "12", "text": "Default Conflict", "type": "CA"},
        {"nodeID": "13", "text": "Default Conflict", "type": "CA"},
    ],
    "edges": [
        {"edgeID": "a", "fromID": "2", "toID": "10"},
        {"edgeID": "b", "fromID": "10", "toID": "1"},
        {"edgeID": "c", "fromID": "3", "toID": "11"},
        {"edgeID": "d", "fromID": "11", "toID": "1"},
        {"edgeID": "e", "fromID": "4", "toID": "12"},
        {"edgeID": "f", "fromID": "12", "toID": "3"},
        {"edgeID": "i", "fromID": "7", "toID": "14"},
        {"edgeID": "j", "fromID": "14", "toID": "6"},
        {"edgeID": "g", "fromID": "3", "toID": "13"},
        {"edgeID": "h", "fromID": "13", "toID": "1"},
    ],
}


@pytest.mark.parametrize("duplicate", [False, True])
def test_an_import_with_a_generated_thesis_or_a_left_out_argument_is_evaluated_whole(duplicate):
    """Two top-level claims get a generated thesis, which the file's own evaluation cannot
    know; an argument left out (the same attack twice: the file counts it twice, the
    debate once) changes what the file says."""
    import json

    from arguments.interchange.formats import read
    from arguments.services.importing import import_graph

    data = json.loads(json.dumps(TWO_ROOTS_AIF))
    if not duplicate:
        data["edges"] = [e for e in data["edges"] if e["edgeID"] not in ("g", "h")]
        data["nodes"] = [n for n in data["nodes"] if n["nodeID"] != "13"]
    _, parsed = read(json.dumps(data).encode(), "aif")
    imported = import_graph(graph=parsed, slug="two-roots")
    debate = imported.debate
    assert any("already there" in report for report in imported.reports) == duplicate
    thesis = Claim.objects.get(pk=debate.thesis_id)
    assert thesis.text not in {n["text"] for n in data["nodes"]}  # generated
    assert thesis.label and thesis.strength is not None
    report = evaluate_debate(debate_id=debate.pk)
    assert (report.changed_claims, report.changed_arguments) == (0, 0)


def test_a_vote_answers_htmx_with_its_fragment_and_a_plain_post_with_a_redirect(client, small):
    client.force_login(UserFactory(username="voter"))
    link = small["links"]["rebuttal"]
    url = reverse("arguments:vote", args=["small", link.pk])
    thesis, objection = small["debate"].thesis, small["objection"]
    fragment = client.post(url, {"value": "2", "path": f"{thesis.pk}"}, **HTMX)
    assert fragment.text.lstrip().startswith(f'<div class="impact" id="impact-{link.pk}">')
    assert "HX-Request" in fragment["Vary"]
    claim_url = reverse("arguments:claim", args=["small", objection.pk])
    for path, back in ((f"{thesis.pk}", f"{claim_url}?path={thesis.pk}"), ("1--2", claim_url)):
        page = client.post(url, {"value": "3", "path": path})
        assert (page.status_code, page["Location"]) == (302, back)
        assert "HX-Request" in page["Vary"]


def test_an_impact_in_other_digits_is_refused_like_any_other_text(client, small):
    client.force_login(UserFactory(username="voter"))
    url = reverse("arguments:vote", args=["small", small["links"]["reason"].pk])
    for value in ("²", "４", " 3"):
        assert client.post(url, {"value": value}).status_code == 400
    assert not Vote.objects.exists()


def test_the_verdict_names_long_reasons_by_whole_words(client, seed):
    # The seed's thesis is accepted: its verdict quotes each answered con, cut to fit.
    page = client.get(reverse("arguments:debate", args=["us-china-human-rights"]))
    why = page.text.split("Every con is answered:", 1)[1].split("</p>", 1)[0]
    cut = [html.unescape(text) for text in re.findall(r"“([^”]*)…”", why)]
    assert cut, "a long con is named shortened"
    claims = [" ".join(text.split()) for text in Claim.objects.values_list("text", flat=True)]
    for head in cut:
        whole = next(text for text in claims if text.startswith(head))
        assert whole[len(head)] in " ,;:.-–—", f"cut inside a word: {head!r}"
