import pytest
from django.urls import reverse

from arguments.devtools.generate import deep_claim, generate_debate
from arguments.models import Argument, Membership, Stance, Status
from tests.factories import ClaimFactory, argue, con, debate_with_thesis, mutual_attack, pro

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def small_map():
    """thesis <- pro `access` <- con `silence`; `silence` is also a con of the thesis (linked)."""
    debate = debate_with_thesis(slug="small", title="Small map")
    access = ClaimFactory(debate=debate, text="Private talks keep channels open.")
    silence = ClaimFactory(debate=debate, text="Silence is read in Beijing as weakness.")
    deep = ClaimFactory(debate=debate, text="Beijing answered earlier pressure.")
    pending = ClaimFactory(debate=debate, text="A proposal nobody approved.", status="pending")
    pro(access, debate.thesis)
    con(silence, access)
    con(silence, debate.thesis)
    pro(deep, silence)
    pro(pending, debate.thesis, status=Status.PENDING)
    return {
        "debate": debate,
        "access": access,
        "silence": silence,
        "deep": deep,
        "pending": pending,
    }


def claim_url(claim, path=None):
    url = reverse("arguments:claim", args=[claim.debate.slug, claim.pk])
    return f"{url}?path={'-'.join(str(c.pk) for c in path)}" if path else url


def test_home_lists_debates_with_claim_and_source_counts(client, small_map):
    from arguments.services.counts import refresh_counts

    refresh_counts(small_map["debate"].pk)  # the factories write past the services
    response = client.get("/")
    assert response.status_code == 200
    assert "Small map" in response.text
    # Four approved claims; the pending proposal is not counted.
    assert "4 claims" in response.text
    # Sources quoted by approved claims (the library may hold more, not yet quoted).
    assert "0 sources quoted" in response.text


def test_debate_page_shows_the_thesis_with_pros_and_cons(client, small_map):
    response = client.get(reverse("arguments:debate", args=["small"]))
    assert response.status_code == 200
    focus = response.context["focus"]
    assert focus.claim == small_map["debate"].thesis
    assert [c.premises[0].claim for c in focus.pros] == [small_map["access"]]
    assert [c.premises[0].claim for c in focus.cons] == [small_map["silence"]]
    assert "<html" in response.text


def test_pending_claims_are_not_shown_or_counted(client, small_map):
    response = client.get(reverse("arguments:debate", args=["small"]))
    assert "A proposal nobody approved." not in response.text
    assert client.get(claim_url(small_map["pending"])).status_code == 404


def test_focus_view_for_htmx_is_the_fragment_and_varies_on_hx_request(client, small_map):
    response = client.get(claim_url(small_map["access"]), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="focus"' in response.text
    assert "<title>" in response.text
    assert "HX-Request" in response["Vary"]


def test_boosted_and_history_restore_requests_get_the_whole_page(client, small_map):
    url = claim_url(small_map["access"])
    boosted = client.get(url, HTTP_HX_BOOSTED="true", **HTMX)
    restore = client.get(url, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in boosted.text
    assert "<html" in restore.text


def test_children_show_their_own_counts(client, small_map):
    response = client.get(claim_url(small_map["debate"].thesis))
    [silence] = response.context["focus"].cons
    assert (silence.premises[0].pro_count, silence.premises[0].con_count) == (1, 0)


def test_linked_child_names_its_other_parent(client, small_map):
    response = client.get(claim_url(small_map["access"]))
    [silence] = response.context["focus"].cons
    assert {pk for pk, _ in silence.premises[0].other_parents} == {
        small_map["access"].pk,
        small_map["debate"].thesis_id,
    }
    assert "Linked claim — also bears on:" in response.text


def test_breadcrumbs_follow_the_path_the_reader_came_by(client, small_map):
    thesis, access, silence = (small_map[k] for k in ("debate", "access", "silence"))
    via_access = client.get(claim_url(silence, path=[thesis.thesis, access]))
    assert via_access.context["focus"].path == [thesis.thesis, access]
    direct = client.get(claim_url(silence, path=[thesis.thesis]))
    assert direct.context["focus"].path == [thesis.thesis]


def test_focus_view_says_how_the_claim_bears_on_its_parent(client, small_map):
    thesis, access, deep = small_map["debate"].thesis, small_map["access"], small_map["deep"]
    assert client.get(claim_url(access)).context["focus"].relation == "support"
    con_page = client.get(claim_url(small_map["silence"], path=[thesis, access]))
    assert con_page.context["focus"].relation == "attack"
    assert "Con of" in con_page.text
    assert client.get(claim_url(deep)).context["focus"].relation == "support"
    assert client.get(claim_url(thesis)).context["focus"].relation is None


def test_a_path_that_is_not_a_chain_falls_back_to_the_shortest_path(client, small_map):
    thesis, deep, access = small_map["debate"].thesis, small_map["deep"], small_map["access"]
    forged = client.get(claim_url(deep, path=[thesis, access]))
    assert forged.context["focus"].path == [thesis, small_map["silence"]]
    garbage = client.get(claim_url(deep) + "?path=1-x-%3Cscript%3E")
    assert garbage.status_code == 200
    assert garbage.context["focus"].path == [thesis, small_map["silence"]]


def test_unknown_debate_and_claim_are_404(client, small_map):
    other = debate_with_thesis(slug="other")
    assert client.get("/d/nope/").status_code == 404
    assert client.get("/d/small/c/999999/").status_code == 404
    assert client.get(claim_url(other.thesis).replace("other", "small")).status_code == 404
    assert client.get("/d/nope/outline/").status_code == 404
    assert client.get("/d/small/c/999999/children/", **HTMX).status_code == 404


def test_outline_renders_two_levels_and_leaves_deeper_ones_lazy(client, small_map):
    response = client.get(reverse("arguments:outline", args=["small"]))
    assert response.status_code == 200
    text = response.text
    assert 'role="tree"' in text
    assert "Private talks keep channels open." in text
    assert "Silence is read in Beijing as weakness." in text
    # `deep` sits at level three under access -> silence: loaded on demand only…
    children_url = reverse("arguments:children", args=["small", small_map["silence"].pk])
    assert children_url in text
    assert text.count("Beijing answered earlier pressure.") == 1  # …but silence is also level 1


def test_children_fragment_is_one_level_for_htmx(client, small_map):
    thesis, silence = small_map["debate"].thesis, small_map["silence"]
    url = reverse("arguments:children", args=["small", silence.pk])
    response = client.get(f"{url}?path={thesis.pk}-{silence.pk}", **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'role="group"' in response.text
    assert "Beijing answered earlier pressure." in response.text
    assert "HX-Request" in response["Vary"]


def test_children_without_htmx_is_a_full_outline_of_the_branch(client, small_map):
    url = reverse("arguments:children", args=["small", small_map["silence"].pk])
    response = client.get(url)
    assert "<html" in response.text
    assert "Branch of the map" in response.text
    assert "Beijing answered earlier pressure." in response.text


def test_undercutter_is_shown_under_the_argument_it_undercuts(client, small_map):
    debate = small_map["debate"]
    argument = Argument.objects.get(
        target_claim=debate.thesis, stance=Stance.SUPPORT, status=Status.APPROVED
    )
    token = ClaimFactory(debate=debate, text="Private channels were open for years to no effect.")
    argue([token], Stance.ATTACK, argument)
    response = client.get(claim_url(debate.thesis))
    [access] = response.context["focus"].pros
    assert [u.premises[0].claim for u in access.undercutters] == [token]
    assert "Undercut" in response.text
    undercutter_page = client.get(claim_url(token))
    assert undercutter_page.context["focus"].path == [debate.thesis]
    assert undercutter_page.context["focus"].relation == "undercut"
    via_path = client.get(claim_url(token, path=[debate.thesis]))
    assert via_path.context["focus"].relation == "undercut"


def test_co_premises_show_together(client, small_map):
    debate = small_map["debate"]
    first = ClaimFactory(debate=debate, text="China depends on US consumers.")
    second = ClaimFactory(debate=debate, text="Beijing wants to keep that market.")
    argue([first, second], Stance.SUPPORT, debate.thesis)
    response = client.get(claim_url(debate.thesis))
    together = [c for c in response.context["focus"].pros if len(c.premises) == 2]
    assert [p.claim for p in together[0].premises] == [first, second]
    assert "work only together" in response.text


@pytest.fixture
def cyclic_map():
    """An imported-style map with a mutual attack between `left` and `right`."""
    debate = debate_with_thesis(slug="cyclic")
    left = ClaimFactory(debate=debate, text="Left claim.")
    right = ClaimFactory(debate=debate, text="Right claim.")
    pro(left, debate.thesis)
    mutual_attack(right, left)
    return debate, left, right


def test_views_terminate_on_cycles_and_show_a_link_back(client, cyclic_map):
    debate, left, right = cyclic_map
    response = client.get(claim_url(right, path=[debate.thesis, left]))
    assert response.status_code == 200
    [back] = response.context["focus"].cons
    assert back.premises[0].on_path
    assert "Already above on this path" in response.text
    outline = client.get(reverse("arguments:outline", args=["cyclic"]))
    assert outline.status_code == 200
    fragment = client.get(
        reverse("arguments:children", args=["cyclic", right.pk])
        + f"?path={debate.thesis_id}-{left.pk}-{right.pk}",
        **HTMX,
    )
    assert "already above" in fragment.text


def _query_counts(client, debate):
    """Queries each view of `debate` costs, measured at a claim deep in the map."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim_id, path = deep_claim(debate)
    assert len(path) >= 3, "the debate has no claim deep enough to measure"
    path_param = "-".join(map(str, path))
    claim_page = reverse("arguments:claim", args=[debate.slug, claim_id])
    parent_page = reverse("arguments:claim", args=[debate.slug, path[-1]])
    parent_path = "-".join(map(str, path[:-1]))
    children = reverse("arguments:children", args=[debate.slug, path[1]])
    requests = {
        "focus by path": (f"{claim_page}?path={path_param}", {}),
        "focus, no path": (claim_page, {}),
        "focus fragment": (f"{claim_page}?path={path_param}", HTMX),
        "focus fragment, with reasons": (f"{parent_page}?path={parent_path}", HTMX),
        "thesis": (reverse("arguments:debate", args=[debate.slug]), {}),
        "outline": (reverse("arguments:outline", args=[debate.slug]), {}),
        "children fragment": (f"{children}?path={path[0]}-{path[1]}", HTMX),
        "home": ("/", {}),
    }
    counts = {}
    for name, (url, headers) in requests.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **headers).status_code == 200, name
        counts[name] = len(queries)
    return counts


# Fragments for anonymous readers (the benchmark's case): the 5, and two for paging
# (the page of pros and cons with their counts; the parent's arguments around the claim,
# for previous and next), except a claim with reasons of its own, whose pro/con counts take
# one query more. A signed-in reader's request reads the session and the user instead of
# the debate's stamp: one more.
BUDGETS = {"children fragment": 5, "focus fragment": 7, "focus fragment, with reasons": 8}


@pytest.mark.parametrize("reader", ["anonymous", "signed in", "moderator"])
def test_query_budgets_hold_and_do_not_grow_with_the_debate(client, seed, reader):
    from arguments.models import Role
    from tests.factories import UserFactory, member

    large = generate_debate(claims=2000, seed=7)
    if reader == "signed in":
        client.force_login(UserFactory(username="reader"))
    elif reader == "moderator":
        user = member(seed, Role.MODERATOR, username="moderator")
        Membership.objects.create(debate=large, user=user, role=Role.MODERATOR)
        client.force_login(user)
    seed_counts = _query_counts(client, seed)
    large_counts = _query_counts(client, large)
    assert seed_counts == large_counts
    signed_in = 0 if reader == "anonymous" else 1
    for name, count in large_counts.items():
        budget = BUDGETS[name] + signed_in if name in BUDGETS else 10
        assert count <= budget, (name, count)


@pytest.mark.parametrize("htmx", [False, True])
def test_every_page_answers_in_full_and_to_htmx(client, seed, htmx):
    thesis = seed.thesis
    # A pro of the thesis with reasons two levels down, so its children fragment nests.
    child = seed.claims.get(key="equal-prominence")
    headers = HTMX if htmx else {}
    pages = {
        "/": "<html",
        f"/d/{seed.slug}/": 'id="focus"',
        f"/d/{seed.slug}/c/{child.pk}/?path={thesis.pk}": 'id="focus"',
        f"/d/{seed.slug}/outline/": 'role="tree"',
        f"/d/{seed.slug}/c/{child.pk}/children/?path={thesis.pk}-{child.pk}": 'role="group"',
        "/sources/": "<html",
        "/sources/ips-clinton-2009/": 'class="reader"',
    }
    for url, marker in pages.items():
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        assert marker in response.text, url


def test_pages_refuse_writes(client, small_map):
    assert client.post("/d/small/").status_code == 405
    assert client.post("/").status_code == 405
