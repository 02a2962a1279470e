"""Accessibility in Chromium: axe-core (the copy axe-playwright-python ships) finds no
serious or critical violation on the main pages, as a reader, a moderator and a teacher
see them; and a reader with only a keyboard walks the seed debate from the home page to a
claim, its first reason, a sibling, back up to the thesis, into the outline and through
search, with the focus always on something visible."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from arguments.classes import services as classroom
from arguments.models import Account, Argument, Debate, Role, Stance, Status
from arguments.permissions import Access
from arguments.selectors.focus import focus as load_focus
from arguments.services import moderate, propose
from corpus.models import Excerpt, Source

from ..factories import UserFactory, member

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"
PENDING = "Quiet diplomacy frees more prisoners than public pressure."
STUDENT_CLAIM = "Public naming of detained lawyers has shortened their sentences."


def deepest_claim(debate):
    """An approved claim farthest from the thesis (by its shortest route), and that depth."""
    children = {}
    for target_id, premise_id in Argument.objects.filter(
        debate=debate, status=Status.APPROVED, target_claim__isnull=False
    ).values_list("target_claim_id", "premises"):
        children.setdefault(target_id, []).append(premise_id)
    depth, frontier, seen = 0, [debate.thesis_id], {debate.thesis_id}
    while True:
        below = [c for p in frontier for c in children.get(p, []) if c not in seen]
        if not below:
            return frontier[0], depth
        seen.update(below)
        frontier, depth = below, depth + 1


def build_world(debate):
    """Beside the seed debate: a moderator with a pending proposal to review, and a teacher
    whose class argues a copy of the map, with a student's approved claim and feedback."""
    moderator = member(debate, Role.MODERATOR, username="moderator")
    propose.propose_claim(
        access=Access.load(UserFactory(username="author"), debate),
        target=debate.thesis,
        stance=Stance.ATTACK,
        text=PENDING,
        excerpts=[Excerpt.objects.filter(citations__claim__debate=debate).first()],
    )
    teacher = UserFactory(username="teacher")
    Account.objects.create(user=teacher, is_teacher=True)
    room = classroom.create_classroom(teacher=teacher, name="Year 11 debate club")
    sam, kim = UserFactory(username="sam"), UserFactory(username="kim")
    for student in (sam, kim):
        classroom.join(user=student, code=room.join_code)
    copy = classroom.copy_debate(classroom=room, teacher=teacher, source=debate, title="Class")
    now = timezone.now()
    assignment = classroom.create_assignment(
        classroom=room,
        debate=copy,
        title="Press or engage?",
        instructions="Two claims each.",
        opens=now - timedelta(hours=1),
        due=now + timedelta(days=1),
    )
    proposal = propose.propose_claim(
        access=Access.load(sam, copy),
        target=copy.thesis,
        stance=Stance.SUPPORT,
        text=STUDENT_CLAIM,
    )
    teaching = Access.load(teacher, copy)
    moderate.approve(access=teaching, proposal=proposal)
    classroom.give_feedback(access=teaching, claim=proposal.claim, text="Now cite a source.")
    return moderator, teacher, assignment


@pytest.fixture
def page_as(browser, seeded_server):
    """A page signed in as a user (a session made on the server side, no login form); its
    context is closed before the live server stops."""
    contexts = []

    def open_page(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": seeded_server}]
        )
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def serious_violations(page):
    """axe's serious and critical violations on the page as it is now: rule, help, targets."""
    results = Axe().run(page).response
    return [
        f"{page.url} — {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_main_pages_have_no_serious_accessibility_violations(page, page_as, seeded_server):
    debate = Debate.objects.get(slug=SLUG)
    moderator, teacher, assignment = build_world(debate)
    deep_id, depth = deepest_claim(debate)
    assert depth >= 3
    source = Source.objects.filter(excerpts__citations__claim__debate=debate).first()
    found = []

    def check(on, path, shows, state=None):
        on.goto(seeded_server + path)
        if state:
            state(on)
        expect(shows(on)).to_be_visible()  # the page meant, not a sign-in form or an error
        found.extend(serious_violations(on))

    def contribute(on):
        on.get_by_role("link", name="Add a con").click()
        expect(on.get_by_role("textbox", name="Claim")).to_be_visible()

    def jump(on):
        on.locator("#jump-to").fill("Xinjiang")
        expect(on.locator("#jump-results .hit").first).to_be_visible()

    def shortcuts(on):
        on.keyboard.press("?")

    def open_claims(on):
        on.locator("summary", has_text="1 claim by sam").click()

    heading = lambda text: lambda on: on.get_by_role("heading", name=text, exact=False).first  # noqa: E731

    check(page, "/", heading("Debates as maps of reasons"))
    check(page, f"/d/{SLUG}/", lambda on: on.locator("#focus h1"), jump)
    check(page, f"/d/{SLUG}/c/{deep_id}/", lambda on: on.locator(".crumbs li").nth(depth - 1))
    check(page, f"/d/{SLUG}/c/{deep_id}/", lambda on: on.locator("#shortcuts"), shortcuts)
    check(page, f"/d/{SLUG}/outline/", lambda on: on.get_by_role("tree"))
    check(page, f"/d/{SLUG}/overview/", heading("Who answers whom"))
    check(page, f"/d/{SLUG}/answers/?from=prc_government&to=rights_groups", heading("PRC"))
    check(page, f"/sources/{source.slug}/", heading(source.title))
    check(page, "/search/?q=pressure", heading("In the sources"))

    as_moderator = page_as(moderator)
    check(as_moderator, "/moderation/", lambda on: on.get_by_text(PENDING))
    check(as_moderator, f"/d/{SLUG}/c/{deep_id}/", lambda on: on.locator("#contribute"), contribute)
    check(as_moderator, f"/d/{SLUG}/", lambda on: on.locator(".impact__form").first)

    as_teacher = page_as(teacher)
    report = f"/assignments/{assignment.pk}/report/"
    check(as_teacher, report, lambda on: on.get_by_label("Private feedback to sam"), open_claims)

    assert found == [], "\n".join(found)


# Where the focus is, and whether it shows: an outline or a box shadow on the focused
# element (or, for an item of the outline tree, on its row, which carries the ring). The
# last stop in a date field is Chromium's own calendar button, in the field's closed shadow
# tree: the field then no longer matches :focus, and the button draws Chromium's own ring.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const picker = el.type === "date" && !el.matches(":focus");
  const shows = (node) => {
    if (!node) return false;
    const style = getComputedStyle(node);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none";
  };
  const box = el.getBoundingClientRect();
  return {
    text: (el.innerText || el.getAttribute("aria-label") || "").trim(),
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute("role"),
    classes: String(el.className.baseVal ?? el.className),
    in_main: !!el.closest("#main"),
    shows: picker || shows(el) || shows(el.querySelector(":scope > .node__row")),
    drawn: box.width > 0 && box.height > 0,
  };
}"""


def press(page, key):
    """Press a key that moves the focus; the focus must land on something that shows it."""
    page.keyboard.press(key)
    where = page.evaluate(FOCUSED)
    assert where is not None, f"after {key} on {page.url} the focus fell to the page body"
    assert where["shows"] and where["drawn"], f"after {key} the focus is not visible: {where}"
    return where


def press_until(page, wanted, key="Tab", limit=40):
    """Press `key` until the focus is on what `wanted` accepts; every stop must show focus."""
    for _ in range(limit):
        where = press(page, key)
        if wanted(where):
            return where
    raise AssertionError(f"{limit} presses of {key} on {page.url} never reached it")


def a_walk_with_a_sibling_below(debate):
    """A pro of the thesis whose first reason has a next sibling: (pro, reason, sibling)."""
    thesis = load_focus(slug=SLUG, user=AnonymousUser())
    for child in thesis.pros:
        pro = child.premises[0].claim
        here = load_focus(
            slug=SLUG, user=AnonymousUser(), claim_id=pro.pk, path=str(debate.thesis_id)
        )
        if here.first_child:
            below = load_focus(
                slug=SLUG,
                user=AnonymousUser(),
                claim_id=here.first_child.pk,
                path=here.child_path,
            )
            if below.next_sibling:
                return pro, here.first_child, below.next_sibling
    raise AssertionError("no pro of the thesis has a reason with a sibling")


def test_a_keyboard_alone_walks_the_seed_debate(page, seeded_server):
    debate = Debate.objects.get(slug=SLUG)
    pro, reason, sibling = a_walk_with_a_sibling_below(debate)
    heading = page.locator("#focus h1")

    def claim_url(claim):
        return re.compile(rf"/d/{SLUG}/c/{claim.pk}/")

    page.goto(seeded_server + "/")
    skip = press(page, "Tab")
    assert skip["text"] == "Skip to content"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert press(page, "Tab")["in_main"]
    press_until(page, lambda at: at["text"] == "Walk the map")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/$"))
    expect(heading).to_have_text(debate.thesis.text)

    # Past the minimap's hundred slices by its own skip link, on to the thesis's pros.
    press_until(page, lambda at: at["text"] == "Skip the map")
    page.keyboard.press("Enter")
    expect(page.locator("#moves")).to_be_focused()
    press_until(page, lambda at: "premise__text" in at["classes"] and at["text"] == pro.text)
    page.keyboard.press("Enter")
    expect(page).to_have_url(claim_url(pro))
    expect(heading).to_have_text(pro.text)
    expect(heading).to_be_focused()  # the swap hands the focus to the new claim
    assert press(page, "Tab")["in_main"]

    for key, claim in [("d", reason), ("n", sibling), ("u", pro), ("u", debate.thesis)]:
        page.keyboard.press(key)
        expect(page).to_have_url(claim_url(claim))
        expect(heading).to_have_text(claim.text)
        expect(heading).to_be_focused()
        if claim == sibling:
            expect(page.locator(".crumbs li a")).to_have_count(2)  # thesis › pro › here

    # "/" goes to the jump box; the links to the debate's other views sit just before it.
    page.keyboard.press("/")
    expect(page.locator("#jump-to")).to_be_focused()
    press_until(page, lambda at: at["text"] == "Outline", key="Shift+Tab", limit=10)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/outline/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The whole map")
    # The tree is one Tab stop (arrow keys move inside it): no branch toggle of its own.
    stops = page.locator("[role=tree]").evaluate(
        "tree => [...tree.querySelectorAll('a, button, summary, [tabindex]')]"
        ".filter(e => e.tabIndex >= 0 && e.checkVisibility()).length"
    )
    assert stops == 1
    items = page.locator("[role=tree] [role=treeitem]")
    first = press_until(page, lambda at: at["role"] == "treeitem")
    expect(items.first).to_be_focused()
    second = press(page, "ArrowDown")
    expect(items.nth(1)).to_be_focused()
    assert second["text"] != first["text"]

    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search claims and sources")
    expect(box).to_be_focused()
    page.keyboard.type("Xinjiang")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search: “Xinjiang”")  # live
    searches = []
    page.on("request", lambda request: "/search/" in request.url and searches.append(request))
    page.keyboard.press("Enter")  # sends the form once (it sent it twice, one aborted)
    expect(page).to_have_url(re.compile(r"/search/\?q=Xinjiang&"))
    expect(box).to_be_focused()
    assert len(searches) == 1, [request.url for request in searches]
    hit = press_until(page, lambda at: "hit__text" in at["classes"], limit=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/$"))
    expect(heading).to_have_text(hit["text"])
