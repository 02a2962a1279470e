"""A debate made of hostile text, opened in Chromium: no payload runs (no dialog, no
console error, no `window.__pwned`, no CSP violation), none leaves an element or an
attribute behind, and the layout holds (a 300-letter word wraps, the heading shows)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arguments.interchange.graph import SUPPORT, Edge, Node
from arguments.models import Claim, Membership, Role, Stance
from arguments.permissions import Access
from arguments.services import propose
from arguments.services.importing import import_graph

from ..hostile import LONG_WORD, PAYLOADS, hostile_graph, hostile_source, normalised

pytestmark = pytest.mark.browser

PASSWORD = "Moderate-this-42"
CHILDREN = [f"Child {payload}" for payload in PAYLOADS[:10]] + [LONG_WORD]
# Record what the Content-Security-Policy blocked, from before the page's own scripts run.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.sample || event.blockedURI));
});
"""
HARM = """() => {
  const all = [...document.querySelectorAll("*")];
  return {
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    csp: window.__csp,
    marked: document.querySelectorAll("[data-pwned]").length,
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name))
      .map((a) => e.tagName + " " + a.name)),
    links: [...document.querySelectorAll("[href],[src],[action],[formaction]")]
      .map((e) => e.getAttribute("href") || e.getAttribute("src") || e.getAttribute("action")
        || e.getAttribute("formaction"))
      .filter((url) => /^\\s*(javascript|data|vbscript):/i.test(url || "")),
    inline: [...document.scripts].filter((s) => !s.src).length,
    frames: document.querySelectorAll("iframe, object, embed, base, math").length,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


@pytest.fixture
def hostile_server(transactional_db, live_server):
    """A public debate imported from the hostile map, its first claim with hostile children,
    pending hostile proposals, and a moderator (username "moderator")."""
    hostile_source()
    graph = hostile_graph()
    first = next(node_id for node_id in graph.nodes if node_id != "thesis")
    for number, text in enumerate(CHILDREN):
        graph.nodes[f"child {number}"] = Node(id=f"child {number}", text=text, speaker=PAYLOADS[5])
        graph.edges.append(
            Edge(id=f"c{number}", premises=[f"child {number}"], stance=SUPPORT, target=first)
        )
    owner = get_user_model().objects.create_user("owner", password=PASSWORD)
    debate = import_graph(graph=graph, title=PAYLOADS[3], owner=owner).debate
    moderator = get_user_model().objects.create_user("moderator", password=PASSWORD)
    Membership.objects.create(debate=debate, user=moderator, role=Role.MODERATOR)
    author = get_user_model().objects.create_user("author", password=PASSWORD)
    for text in PAYLOADS[:6]:
        propose.propose_claim(
            access=Access(author, debate),
            target=debate.thesis,
            stance=Stance.ATTACK,
            text=f"Pending {text}",
        )
    claim = Claim.objects.get(debate=debate, text=normalised(PAYLOADS[0]))
    return {"url": live_server.url, "debate": debate, "claim": claim}


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH_CSP)
    page.on("dialog", lambda dialog: dialog.dismiss())  # the page fixture records it
    return page


def assert_unharmed(page, heading):
    """Nothing injected ran or stayed in the page, and the layout holds."""
    expect(page.locator("main h1").first).to_contain_text(heading)
    expect(page.locator("main h1").first).to_be_in_viewport()
    harm = page.evaluate(HARM)
    assert harm == {
        "pwned": None,
        "csp": [],
        "marked": 0,
        "handlers": [],
        "links": [],
        "inline": 0,
        "frames": 0,
        "overflow": harm["overflow"] if harm["overflow"] <= 1 else "page wider than the window",
    }, page.url


def test_the_harm_check_sees_what_an_injection_would_leave(watched):
    watched.set_content(
        '<main><h1>Harmed</h1><b data-pwned onclick="x()">b</b>'
        '<a href=" javascript:x()">a</a><p>%s</p></main>' % ("W" * 400)
    )
    harm = watched.evaluate(HARM)
    assert (harm["marked"], harm["handlers"], harm["links"]) == (
        1,
        ["B onclick"],
        [" javascript:x()"],
    )
    assert harm["overflow"] > 1000
    with pytest.raises(AssertionError):
        assert_unharmed(watched, "Harmed")


def test_a_hostile_claim_with_hostile_children_is_only_text(watched, hostile_server):
    page, claim = watched, hostile_server["claim"]
    page.goto(hostile_server["url"] + claim.get_absolute_url())
    assert_unharmed(page, "<script data-pwned>")
    for text in CHILDREN:
        expect(page.locator(".column--pro .premise", has_text=normalised(text))).to_be_visible()
    long_child = page.locator(".column--pro .premise", has_text=LONG_WORD)
    assert long_child.bounding_box()["width"] <= page.viewport_size["width"]
    # Walking into a hostile child by htmx swaps it in: still nothing runs.
    page.locator(".column--pro .premise a", has_text="Child <img").first.click()
    expect(page.locator("#focus h1")).to_have_text(normalised(CHILDREN[1]))
    assert_unharmed(page, "Child <img")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(hostile_server["url"] + claim.get_absolute_url())
    assert_unharmed(page, "<script data-pwned>")


def test_the_outline_print_overview_and_source_of_a_hostile_map_are_only_text(
    watched, hostile_server
):
    page, debate, url = watched, hostile_server["debate"], hostile_server["url"]
    page.goto(f"{url}/d/{debate.slug}/outline/")
    assert_unharmed(page, "The whole map")
    expect(page.locator(".tree")).to_contain_text(LONG_WORD)
    page.locator(".node__details").first.evaluate("(details) => { details.open = true; }")
    expect(page.locator(".tree")).to_contain_text(normalised(CHILDREN[0]))
    assert_unharmed(page, "The whole map")
    page.goto(f"{url}/d/{debate.slug}/print/")
    assert_unharmed(page, PAYLOADS[3])
    page.goto(f"{url}/d/{debate.slug}/overview/")
    assert_unharmed(page, "Overview of the debate")
    page.goto(f"{url}/sources/hostile-source/")
    assert_unharmed(page, PAYLOADS[1])
    expect(page.locator(".cited-by").first).to_contain_text(normalised(PAYLOADS[0]))
    page.goto(f"{url}/")
    assert_unharmed(page, "Debates as maps of reasons")


def test_a_hostile_query_typed_in_the_live_search_box_is_only_text(watched, hostile_server):
    page = watched
    page.goto(hostile_server["url"] + "/sources/")
    query = PAYLOADS[1]  # <img data-pwned src=x onerror=…>
    page.locator("header input[type=search]").press_sequentially(query, delay=5)
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator("#search h1")).to_have_text(f"Search: “{query}”")
    expect(page.locator("#search .hit").first).to_be_visible()
    assert_unharmed(page, "Search")
    page.goto(hostile_server["url"] + hostile_server["claim"].get_absolute_url())
    page.locator("#jump-to").press_sequentially("onerror pwned", delay=5)
    expect(page.locator("#jump-results .hit").first).to_be_visible()
    assert_unharmed(page, "<script data-pwned>")


def test_the_moderation_queue_of_hostile_proposals_is_only_text(watched, hostile_server):
    page, url = watched, hostile_server["url"]
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{url}/moderation/")
    assert_unharmed(page, "Moderation queue")
    for text in PAYLOADS[:6]:
        expect(page.locator(".queue__text", has_text=normalised(f"Pending {text}"))).to_be_visible()
    page.locator(".queue__item").first.get_by_role("link", name=re.compile("^Open")).click()
    assert_unharmed(page, "by author")
