"""A newcomer proposes a con backed by a quote selected in the source reader; a moderator
approves it in a second browser; the author then sees it public and an unread notification.
A writer types a pro first, then picks its quote: what was typed survives the trip."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arguments.models import Debate, Membership, Role
from tests.browser.shots import shoot

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"
QUOTE = "the Chinese government appears to resist outside pressure"
CLAIM = "Beijing only pretends to ignore outside pressure on human rights."

SELECT_PHRASE = """(phrase) => {
  const walker = document.createTreeWalker(
    document.querySelector(".reader__text"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.textContent.indexOf(phrase);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


# Counts the swaps into #similar that have settled (htmx pushes an address before that).
SETTLED = """() => {
  window.settledSwaps = 0;
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target.id === "similar") window.settledSwaps += 1;
  });
}"""


def sign_in(page, server, username, password):
    page.goto(f"{server}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name=username)).to_be_visible()


def test_proposal_with_a_selected_quote_is_moderated_and_reported(browser, seeded_server):
    moderator = get_user_model().objects.create_user("moderator", password="Moderate-this-42")
    debate = Debate.objects.get(slug=SLUG)
    Membership.objects.create(debate=debate, user=moderator, role=Role.MODERATOR)

    author = browser.new_context()
    page = author.new_page()
    page.goto(f"{seeded_server}/accounts/signup/")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill("Tiananmen-1989!")
    page.get_by_label("Password confirmation").fill("Tiananmen-1989!")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("link", name="newcomer")).to_be_visible()

    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.get_by_role("link", name="Add a con").click()
    expect(page.locator("#contribute-form")).to_be_visible()
    page.get_by_role("button", name="select a passage in the source reader").click()
    expect(page.locator(".pick-banner")).to_be_visible()
    page.get_by_role("link", name=re.compile("Secretary Kerry Must Make")).click()
    use = page.get_by_role("link", name="Use this passage")
    expect(use).to_have_attribute("aria-disabled", "true")
    assert page.evaluate(SELECT_PHRASE, QUOTE)
    expect(use).to_have_attribute("aria-disabled", "false")
    expect(page.locator("#pick-preview")).to_contain_text(QUOTE)
    use.click()

    expect(page.locator(".quote--picked")).to_contain_text(QUOTE)
    page.get_by_label("Con: a reason against the claim above").check()
    page.get_by_role("textbox", name="Claim").fill(CLAIM)
    page.get_by_role("button", name="Propose").click()
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/$"))
    con = page.locator(".column--con .premise", has_text=CLAIM)
    expect(con).to_contain_text("Pending")

    reviewer = browser.new_context()
    queue = reviewer.new_page()
    sign_in(queue, seeded_server, "moderator", "Moderate-this-42")
    queue.get_by_role("link", name="Moderation").click()
    item = queue.locator(".queue__item", has_text=CLAIM)
    expect(item).to_contain_text(QUOTE)
    item.get_by_role("link", name=re.compile("^Open")).click()
    queue.get_by_role("button", name="Approve").click()
    expect(queue.locator("#decision")).to_contain_text("approved by moderator")

    page.reload()
    con = page.locator(".column--con .premise", has_text=CLAIM)
    expect(con).to_be_visible()
    expect(con).not_to_contain_text("Pending")
    expect(page.locator(".inbox-link .badge")).to_have_text("1")
    page.get_by_role("link", name=re.compile("^Inbox")).click()
    expect(page.locator(".inbox__item--unread")).to_contain_text("was approved")

    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{seeded_server}/d/{SLUG}/")
    expect(anonymous.locator(".column--con")).to_contain_text(CLAIM)
    for context in (author, reviewer, anonymous.context):
        context.close()


TYPED = "Public letters from rights groups keep the detained in the news."
# The selection starts and ends inside words; the quote saved is of whole words.
CUT = "he Chinese government appears to resist outside press"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_draft_survives_picking_a_quote_and_the_moderator_sees_it(
    browser, seeded_server, width
):
    # A signed-in reader without a role: may propose in the public seed debate.
    get_user_model().objects.create_user("writer", password="Write-this-42")
    moderator = get_user_model().objects.create_user("moderator", password="Moderate-this-42")
    debate = Debate.objects.get(slug=SLUG)
    Membership.objects.create(debate=debate, user=moderator, role=Role.MODERATOR)

    author = browser.new_context(viewport={"width": width, "height": 900})
    page = author.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, seeded_server, "writer", "Write-this-42")
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.get_by_role("link", name="Add a pro").first.click()
    expect(page.locator("#contribute-form")).to_be_visible()
    page.get_by_role("textbox", name="Claim").fill(TYPED)
    page.get_by_label("Whose position is it?").select_option(label="Human Rights Watch")
    # The list of quoted passages narrows to the words typed in its filter box; the
    # passage chosen there is shown whole.
    listed = page.get_by_label("A passage already quoted", exact=True)
    total = listed.locator("option[data-quote]").count()
    assert total > 50
    page.get_by_role("searchbox", name="Find a quoted passage").fill("Tibet")
    expect(page.locator("#evidence-count")).to_contain_text(f"of {total} passages match")
    shown = listed.locator("option[data-quote]:not([hidden])")
    assert 0 < shown.count() < total
    first = shown.first.get_attribute("data-quote")
    assert "tibet" in first.lower()
    listed.select_option(value=shown.first.get_attribute("value"))
    expect(page.locator(".evidence__preview")).to_have_text(f"“{first}”")
    listed.scroll_into_view_if_needed()
    shoot(page, f"citing-filter-{width}", full_page=False)
    page.get_by_role("button", name="select a passage in the source reader").click()

    expect(page.locator(".pick-banner")).to_be_visible()
    page.get_by_role("link", name=re.compile("Secretary Kerry Must Make")).click()
    # The reader's script listens for selections once its page has loaded: wait for it.
    expect(page.locator("h1")).to_contain_text("Secretary Kerry Must Make")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(SELECT_PHRASE, CUT)
    expect(page.locator("#pick-preview")).to_have_text(f"“{QUOTE}”")
    # Once the reader lets go, the selection itself shows the whole words to be quoted.
    page.evaluate("document.dispatchEvent(new PointerEvent('pointerup'))")
    page.wait_for_function(f"document.getSelection().toString() === {QUOTE!r}")
    shoot(page, f"citing-reader-{width}", full_page=False)
    page.get_by_role("link", name="Use this passage").click()

    expect(page.get_by_role("textbox", name="Claim")).to_have_value(TYPED)
    speaker = page.get_by_label("Whose position is it?")
    assert speaker.evaluate("s => s.selectedOptions[0].text") == "Human Rights Watch"
    expect(page.get_by_label("Pro: a reason for the claim above")).to_be_checked()
    chosen = page.locator("#picked-passage")
    expect(chosen).to_contain_text(QUOTE)
    expect(chosen).to_contain_text("Secretary Kerry Must Make")
    listed = page.get_by_label("Or instead, a passage already quoted")
    assert listed.evaluate("s => s.selectedOptions[0].text") == ("The chosen passage (above)")
    assert not re.search(r"\[\d+:\d+\]", listed.inner_text())
    page.locator("#picked-passage").scroll_into_view_if_needed()
    shoot(page, f"citing-form-{width}", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Propose").click()
    expect(page).to_have_url(re.compile(rf"/d/{SLUG}/c/\d+/"))
    expect(page.locator(".column--pro .premise", has_text=TYPED)).to_contain_text("Pending")

    reviewer = browser.new_context(viewport={"width": width, "height": 900})
    queue = reviewer.new_page()
    sign_in(queue, seeded_server, "moderator", "Moderate-this-42")
    queue.goto(f"{seeded_server}/moderation/")
    item = queue.locator(".queue__item", has_text=TYPED)
    expect(item).to_contain_text(QUOTE)
    item.scroll_into_view_if_needed()
    shoot(queue, f"citing-queue-{width}", full_page=False)
    assert errors == []
    author.close()
    reviewer.close()


def test_offsets_count_characters_as_the_server_does_past_an_emoji(page, seeded_server):
    # An emoji is one character to the server and two UTF-16 units to the browser.
    from corpus.models import DebateSource, Source

    text = "Placards said 🙂🙂 and then: prisoners matter more than trade.\n\nEnd."
    placards = Source.objects.create(
        slug="placards", title="Placards", published="2013-04-10", genre="joint_letter", text=text
    )
    # A source of the debate: only those may be read there, and quoted in it.
    DebateSource.objects.create(debate=Debate.objects.get(slug=SLUG), source=placards)
    get_user_model().objects.create_user("writer", password="Write-this-42")
    sign_in(page, seeded_server, "writer", "Write-this-42")
    thesis = Debate.objects.get(slug=SLUG).thesis_id
    page.goto(f"{seeded_server}/sources/placards/?pick={SLUG}/{thesis}")
    assert page.evaluate(SELECT_PHRASE, "isoners matter mo")
    expect(page.locator("#pick-preview")).to_have_text("“prisoners matter more”")
    start = text.index("prisoners")
    expect(page.get_by_role("link", name="Use this passage")).to_have_attribute(
        "href", re.compile(rf"start={start}&end={start + len('prisoners matter more')}")
    )
    page.get_by_role("link", name="Use this passage").click()
    expect(page.locator("#picked-passage mark")).to_have_text("prisoners matter more")


def test_typing_a_claim_keeps_the_address_and_asks_for_one_path(browser, seeded_server):
    """While a writer types, the similar-claims lookup runs in the background: the typed,
    unproposed text never becomes the tab's address (nor its history), and the lookup
    sends this form's path once, not every path field on the page."""
    get_user_model().objects.create_user("typist", password="Type-this-42")
    page = browser.new_page()
    lookups = []
    page.on("request", lambda r: lookups.append(r.url) if "/similar/" in r.url else None)
    sign_in(page, seeded_server, "typist", "Type-this-42")
    page.goto(f"{seeded_server}/d/{SLUG}/")
    address = page.url
    page.get_by_role("link", name="Add a pro").first.click()
    expect(page.get_by_label("Claim", exact=True)).to_be_visible()
    page.evaluate(SETTLED)
    page.get_by_label("Claim", exact=True).fill("Sanctions change little in practice")
    page.wait_for_function("() => window.settledSwaps > 0")
    assert page.url == address
    assert len(lookups) == 1
    assert lookups[0].count("path=") == 1
    assert "stance=support" in lookups[0]
    page.get_by_role("button", name="Propose").click()
    expect(page.locator("#contribute-form")).to_contain_text("It is pending")
    assert page.url == address


# The chosen option's text against the room inside its select (padding and arrow aside).
CHOSEN_ROOM = """(select) => {
  const style = getComputedStyle(select);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = canvas.measureText(select.selectedOptions[0].text).width;
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const room = select.clientWidth - padding - 20;
  return {text, room};
}"""


@pytest.mark.parametrize("width", [375, 360])
def test_the_speaker_box_shows_its_first_choice_whole_on_a_phone(browser, seeded_server, width):
    # It read "Nobody in the sources (my own" on a phone: the choice most writers keep.
    get_user_model().objects.create_user("writer", password="Write-this-42")
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, seeded_server, "writer", "Write-this-42")
    page.goto(f"{seeded_server}/d/{SLUG}/")
    page.get_by_role("link", name="Add a pro").first.click()
    speaker = page.get_by_label("Whose position is it?")
    measured = speaker.evaluate(CHOSEN_ROOM)
    assert measured["text"] <= measured["room"], measured
    context.close()
