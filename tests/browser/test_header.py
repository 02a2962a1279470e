"""The header's search box shows its whole hint however many links the header holds: with
a moderator's and a teacher's links at a desk's width it read "Search claims and sourc"."""

import pytest
from django.contrib.auth import get_user_model

from .test_contribute import sign_in

pytestmark = pytest.mark.browser

# How wide the placeholder's text is, against the room inside the box (padding aside).
PLACEHOLDER_ROOM = """() => {
  const box = document.querySelector("#site-search-q");
  const style = getComputedStyle(box);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = canvas.measureText(box.placeholder).width;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {text, room};
}"""


@pytest.mark.parametrize("width", [1280, 1024, 375])
def test_the_search_hint_fits_its_box_for_a_moderator(
    browser, transactional_db, live_server, width
):
    get_user_model().objects.create_user("ms.rivera", password="Moderate-42", is_staff=True)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, "ms.rivera", "Moderate-42")
    page.goto(f"{live_server.url}/classes/")
    assert page.get_by_role("link", name="Moderation").is_visible()
    measured = page.evaluate(PLACEHOLDER_ROOM)
    assert measured["text"] <= measured["room"], measured
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    context.close()
