"""The overview of a debate: the sunburst page and minimap, who answers whom, the sources
by date, and the moves the focus view's keyboard shortcuts follow."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arguments.devtools.generate import deep_claim, generate_debate
from arguments.models import Citation, Debate, Membership, Role, Stance, Status
from arguments.permissions import Access
from arguments.selectors.paths import encode_path
from arguments.services import moderate
from arguments.services.counts import refresh_counts
from tests.factories import (
    ClaimFactory,
    UserFactory,
    con,
    debate_with_proposals,
    debate_with_thesis,
    member,
    mutual_attack,
    pro,
    signed_in_client,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
PENDING = "A pending proposal nobody approved."
REJECTED = "A rejected proposal."
HOSTILE = 'Quotes "and" <b>tags</b> & ampersands\'s'


def svg_of(response):
    """The page's sunburst, parsed as XML (it must be well-formed to parse)."""
    match = re.search(r"<svg xmlns=.*?</svg>", response.text, re.S)
    assert match, "no sunburst on the page"
    return ET.fromstring(match.group(0))


def titles(svg):
    return [t.text for t in svg.iter(f"{SVG}title")]


def overview_url(debate):
    return reverse("arguments:overview", args=[debate.slug])


@pytest.fixture
def world():
    """A public debate with an approved branch, a pending and a rejected proposal, and
    users in every role; the proposals cite a source the approved claim cites too."""
    built = debate_with_proposals(reason_text=HOSTILE, pending_text=PENDING, rejected_text=REJECTED)
    refresh_counts(built.debate.pk)
    return built


def client_for(world, role):
    return signed_in_client(world.person(role))


def test_overview_page_draws_every_claim_as_a_link_with_a_title(client, world):
    debate, reason = world.debate, world.reason
    response = client.get(overview_url(debate))
    assert response.status_code == 200
    svg = svg_of(response)
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert links == {
        debate.get_absolute_url(),
        reverse("arguments:claim", args=[debate.slug, reason.pk]) + f"?path={debate.thesis_id}",
    }
    assert f"Pro: {HOSTILE}" in titles(svg)
    assert "Thesis: The thesis of the debate. (2 claims in the map)" in titles(svg)


def test_claim_text_is_escaped_in_the_drawing(client, world):
    text = client.get(overview_url(world.debate)).text
    assert "<b>tags</b>" not in text
    assert "&lt;b&gt;tags&lt;/b&gt;" in text


@pytest.mark.parametrize("role", ["anonymous", "stranger", "author", "moderator"])
def test_pending_and_rejected_claims_are_never_drawn_or_counted(world, role):
    client = client_for(world, role)
    debate = world.debate
    overview = client.get(overview_url(debate))  # first: later reads may come from the cache
    [entry] = overview.context["timeline"]
    assert entry.claim_count == 1  # the proposals cite the same letter, and do not count
    assert PENDING not in overview.text and REJECTED not in overview.text
    for url in (
        overview_url(debate),
        reverse("arguments:claim", args=[debate.slug, world.reason.pk]),
        reverse("arguments:answers", args=[debate.slug]),
    ):
        response = client.get(url)
        svg = svg_of(response) if "sunburst" in response.text else None
        if svg is not None:
            drawn = " ".join(titles(svg))
            assert PENDING not in drawn and REJECTED not in drawn, (url, role)
            assert len(list(svg.iter(f"{SVG}a"))) == 2


def test_the_drawing_follows_approval(client, world):
    debate = world.debate
    assert PENDING not in client.get(overview_url(debate)).text
    moderator = world.moderator
    moderate.approve(
        access=Access(moderator, debate, Role.MODERATOR), proposal=world.pending_proposal
    )
    debate.refresh_from_db()
    assert f"Con: {PENDING}" in titles(svg_of(client.get(overview_url(debate))))


def test_a_class_debate_is_overviewed_exactly_by_who_may_read_its_focus_view(client):
    debate = debate_with_thesis(slug="class-only", visibility=Debate.Visibility.CLASS)
    pro(ClaimFactory(debate=debate, text="A class-private reason."), debate.thesis)
    readers = {
        "anonymous": None,
        "outsider": UserFactory(username="outsider"),
        "pupil": member(debate, Role.VIEWER, username="pupil"),
    }
    for name, user in readers.items():
        client.logout()
        if user:
            client.force_login(user)
        focus = client.get(debate.get_absolute_url()).status_code
        for view in ("arguments:overview", "arguments:answers"):
            response = client.get(reverse(view, args=[debate.slug]))
            assert response.status_code == focus, (name, view)
            if name != "pupil":
                assert response.status_code == 404, (name, view)
            assert "A class-private reason." not in response.text or focus == 200


def test_cyclic_imported_map_is_drawn_with_each_claim_once(client):
    debate = debate_with_thesis(slug="cyclic")
    left = ClaimFactory(debate=debate, text="Left claim.")
    right = ClaimFactory(debate=debate, text="Right claim.")
    pro(left, debate.thesis)
    mutual_attack(right, left)
    drawn = titles(svg_of(client.get(overview_url(debate))))
    assert [t for t in drawn if "Left claim." in t] == [
        "Pro: Left claim. (2 claims in this branch)"
    ]
    assert [t for t in drawn if "Right claim." in t] == ["Con: Right claim."]


def test_seed_camp_table_shows_beijing_answering_the_rights_groups_and_washington_beijing(
    client, seed
):
    response = client.get(reverse("arguments:answers", args=[seed.slug]))
    cells = {
        (row.camp, cell.camp): cell for row in response.context["camp_rows"] for cell in row.cells
    }
    assert cells[("prc_government", "rights_groups")].attacks >= 5
    assert cells[("us_government", "prc_government")].attacks >= 2
    # Beijing's attacks on the rights groups are the busiest answer across camps.
    assert cells[("prc_government", "rights_groups")].heat == 4
    assert 'href="/d/us-china-human-rights/answers/?from=prc_government&amp;to=rights_groups"' in (
        response.text
    )


def test_a_cell_lists_its_arguments_with_both_ends(client, seed):
    url = reverse("arguments:answers", args=[seed.slug])
    response = client.get(url, {"from": "us_government", "to": "prc_government"})
    answers = response.context["page"].object_list
    assert answers
    for answer in answers:
        assert any(c.speaker.camp.key == "us_government" for c in answer.premises)
        answered = answer.undercut or [answer.argument.target_claim]
        assert any(c.speaker and c.speaker.camp.key == "prc_government" for c in answered)
    attacks = client.get(url, {"from": "us_government", "to": "prc_government", "stance": "attack"})
    assert {a.argument.stance for a in attacks.context["page"].object_list} == {Stance.ATTACK}
    cell = next(
        cell
        for row in response.context["camp_rows"]
        if row.camp == "us_government"
        for cell in row.cells
        if cell.camp == "prc_government"
    )
    assert len(answers) == cell.total


def test_answers_page_without_a_cell_asks_for_one_and_refuses_a_bad_stance(client, seed):
    url = reverse("arguments:answers", args=[seed.slug])
    response = client.get(url, {"from": "nobody", "to": "rights_groups"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Choose a cell of the table" in response.text
    bad = {"from": "us_government", "to": "rights_groups", "stance": "x"}
    assert client.get(url, bad).status_code == 404


def test_seed_timeline_lists_the_five_sources_by_date_with_their_claims(client, seed):
    response = client.get(overview_url(seed))
    entries = response.context["timeline"]
    assert [e.source.slug for e in entries] == [
        "ips-clinton-2009",
        "freedom-house-kerry-2013",
        "prc-rebuttal-2021",
        "blinken-cable-2021",  # dated only by its year: after that year's dated sources
        "rights-first-2023",
    ]
    for entry in entries:
        grounded = (
            Citation.objects.filter(
                excerpt__source=entry.source, claim__debate=seed, claim__status=Status.APPROVED
            )
            .values("claim")
            .distinct()
            .count()
        )
        assert entry.claim_count == grounded > 0
        assert entry.claims and entry.more == grounded - len(entry.claims)
        assert entry.source.get_absolute_url() in response.text
    first, last = (
        response.text.index(e.source.get_absolute_url()) for e in (entries[0], entries[-1])
    )
    assert first < last


def test_focus_view_marks_the_moves_of_the_keyboard_shortcuts(client, world):
    debate, reason = world.debate, world.reason
    sibling = ClaimFactory(debate=debate, text="A second reason.")
    critic = ClaimFactory(debate=debate, text="A reason against.")
    pro(sibling, debate.thesis)
    con(critic, debate.thesis)
    below = ClaimFactory(debate=debate, text="Below the second reason.")
    pro(below, sibling)
    refresh_counts(debate.pk)
    thesis = debate.thesis_id
    response = client.get(
        reverse("arguments:claim", args=[debate.slug, sibling.pk]), {"path": thesis}
    )
    moves = dict(re.findall(r'data-nav="([\w-]+)" href="([^"]+)"', response.text))
    claim = lambda c: reverse("arguments:claim", args=[debate.slug, c.pk])  # noqa: E731
    assert moves == {
        "parent": debate.get_absolute_url() + f"c/{thesis}/",
        "first-child": f"{claim(below)}?path={thesis}-{sibling.pk}",
        "prev": f"{claim(reason)}?path={thesis}",
        "next": f"{claim(critic)}?path={thesis}",
    }
    first = client.get(reverse("arguments:claim", args=[debate.slug, reason.pk]), {"path": thesis})
    assert 'data-nav="prev"' not in first.text  # the first pro has no previous sibling
    assert 'data-nav="first-child"' not in first.text  # and nothing approved below it
    assert 'id="shortcuts"' in first.text and "<kbd>?</kbd>" in first.text


def test_minimap_highlights_the_claim_in_focus(client, world):
    debate, reason = world.debate, world.reason
    response = client.get(
        reverse("arguments:claim", args=[debate.slug, reason.pk]), {"path": debate.thesis_id}
    )
    minimap = response.context["minimap"]
    assert minimap.here.claim_id == reason.pk
    svg = svg_of(response)
    [here] = [p for p in svg.iter(f"{SVG}path") if p.get("class") == "sb-here"]
    assert here.get("d") == minimap.here.d
    lit = {a.get("href") for a in svg.iter(f"{SVG}a") if "sb--lit" in a.get("class")}
    # The path (the thesis) and the claim's own branch stay lit; the rest recedes.
    reason_url = reverse("arguments:claim", args=[debate.slug, reason.pk])
    assert lit == {debate.get_absolute_url(), f"{reason_url}?path={debate.thesis_id}"}
    at_thesis = client.get(debate.get_absolute_url())
    assert at_thesis.context["minimap"].here.depth == 0
    assert "sb--lit" not in at_thesis.text  # at the thesis nothing recedes


def busiest_cell(client, debate):
    """(answering camp, answered camp) of the cell with the most arguments."""
    rows = client.get(reverse("arguments:answers", args=[debate.slug])).context["camp_rows"]
    _, row, cell = max((cell.total, row.camp, cell.camp) for row in rows for cell in row.cells)
    return row, cell


def _counts(client, debate):
    claim_id, path = deep_claim(debate)
    pages = {
        "overview": overview_url(debate),
        "overview again": overview_url(debate),
        "answers": reverse("arguments:answers", args=[debate.slug]),
        "answers of a cell": reverse("arguments:answers", args=[debate.slug])
        + "?from={}&to={}".format(*busiest_cell(client, debate)),
        "focus, cold cache": reverse("arguments:claim", args=[debate.slug, claim_id])
        + f"?path={encode_path(path)}",
    }
    counts = {}
    for name, url in pages.items():
        if name == "focus, cold cache":
            from django.core.cache import cache

            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("reader", ["anonymous", "moderator"])
def test_overview_query_budgets_hold_and_do_not_grow_with_the_debate(client, seed, reader):
    large = generate_debate(claims=2000, seed=3)
    if reader == "moderator":
        user = member(seed, Role.MODERATOR, username="moderator")
        Membership.objects.create(debate=large, user=user, role=Role.MODERATOR)
        client.force_login(user)
    seed_counts, large_counts = _counts(client, seed), _counts(client, large)
    assert seed_counts == large_counts
    assert all(count <= 10 for count in large_counts.values()), large_counts
    assert large_counts["overview again"] < large_counts["overview"]  # the drawing is cached
