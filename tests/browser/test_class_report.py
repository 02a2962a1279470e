"""The participation report and the class roster in Chromium, at desktop and phone
widths: no column header breaks inside a word, no chart label is cut off at the chart's
edge, and the roster of a pseudonym class lists students in the order of their numbers.
With SCREENSHOTS=<folder>, the pages are saved there as PNGs."""

import random
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arguments.classes import services
from tests import classworld
from tests.factories import UserFactory

from .shots import shoot
from .test_contribute import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-good-password-123"  # the factories' password

# Every run of letters in a header, with how many line boxes it takes: more than one is a
# word broken across lines.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll(".report thead th")) {
    const text = (cell.querySelector("a") || cell).firstChild;
    for (const match of text.data.matchAll(/\\p{L}+/gu)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# Chart labels that start before the chart's left edge (cut off by the SVG's box).
CUT_LABELS = """() => [...document.querySelectorAll(".chart__label")]
  .filter((label) => label.getBBox().x < 0).map((label) => label.textContent)"""


@pytest.fixture
def classroom(transactional_db, live_server):
    world = classworld.build()
    names = [
        ("Maximiliana", "Wolkenstein-Rodeneck"),
        ("Bartholomew", "Featherstonehaugh"),
        ("Wilhelmina", "Montgomery-Whitfield"),
    ]
    for index, (first, last) in enumerate(names):
        user = UserFactory(username=f"pupil{index}", first_name=first, last_name=last)
        services.join(user=user, code=world.room.join_code)
    services.split_into_groups(assignment=world.assignment, count=2, rng=random.Random(2))
    world.server = live_server.url
    return world


@pytest.mark.parametrize("width", [1280, 375])
def test_report_headers_keep_their_words_and_the_chart_its_names(browser, classroom, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, classroom.server, "teacher", PASSWORD)
    page.goto(f"{classroom.server}/assignments/{classroom.assignment.pk}/report/")
    expect(page.get_by_role("columnheader", name="Student")).to_be_visible()
    shoot(page, f"report-{width}")
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(CUT_LABELS) == []
    expect(page.get_by_role("columnheader", name="Group")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Class total")).to_be_visible()
    labels = page.locator(".chart__label").all_text_contents()
    assert "Bartholomew Featherstonehaugh" in labels  # whole, not "Bartholomew Featherston…"
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_pseudonym_roster_is_in_number_order(browser, classroom, width):
    services.update_classroom(classroom=classroom.room, pseudonyms=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, classroom.server, "student", PASSWORD)
    page.goto(f"{classroom.server}{classroom.room.get_absolute_url()}")
    people = page.locator("section[aria-labelledby=people-heading] tbody tr")
    expect(people.first).to_be_visible()
    shoot(page, f"roster-{width}")
    rows = [row.split("\t") for row in people.all_inner_texts()]
    roles = [cells[1].strip() for cells in rows]
    assert roles == ["Teacher"] * 2 + ["Student"] * 4  # teachers first
    assert [cells[0] for cells in rows[:2]] == ["Teacher", "Teacher"]
    numbers = [
        int(re.search(r"Student (\d+)", cells[0])[1])
        for cells in rows
        if cells[1].strip() == "Student"
    ]
    assert len(numbers) == 4 and numbers == sorted(numbers)
    page_text = page.locator("main").inner_text()
    for user in get_user_model().objects.filter(username__startswith="pupil"):
        assert user.first_name not in page_text and user.username not in page_text
    context.close()
