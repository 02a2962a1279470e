"""Grading in Chromium at desktop and phone widths: the teacher starts from a rubric, grades
a student, releases the grades, and the student reads grade, levels and comment. With
SCREENSHOTS=<folder>, the pages are saved there as PNGs."""

import pytest
from playwright.sync_api import expect

from tests import classworld

from .shots import shoot
from .test_contribute import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-good-password-123"  # the factories' password


@pytest.fixture
def classroom(transactional_db, live_server):
    world = classworld.build()
    world.server = live_server.url
    return world


@pytest.mark.parametrize("width", [1280, 375])
def test_a_teacher_grades_with_a_starter_rubric_and_the_student_reads_it(browser, classroom, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, classroom.server, "teacher", PASSWORD)
    assignment = f"{classroom.server}/assignments/{classroom.assignment.pk}/"
    page.goto(assignment)
    page.get_by_role("link", name="Grades").click()
    page.get_by_role("link", name="Set up grading").click()
    page.get_by_role("button", name="Use of evidence").click()
    expect(page.get_by_label("Criteria and levels")).to_have_value(
        "Quotes: None (0) | Some claims quote a source (1) | Every factual claim quotes one (2)"
        "\nFit: The quotes do not say what the claims say (0) | They loosely fit (1)"
        " | They say exactly it (2)"
        "\nRange: One source (0) | Two sources (1) | Sources from more than one camp (2)"
    )
    shoot(page, f"grading-setup-{width}")
    page.get_by_role("button", name="Save how it is graded").click()
    expect(page.get_by_text("Grading is set.")).to_be_visible()
    page.get_by_role("link", name="Grade student").click()
    page.get_by_label("Some claims quote a source (1)").check()
    page.get_by_label("They say exactly it (2)").check()
    page.get_by_label("Comment to the student").fill("Quote the other side too.")
    shoot(page, f"grading-student-{width}")
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_role("cell", name="3 / 6")).to_be_visible()
    page.get_by_role("button", name="Release the grades to the students").click()
    expect(page.get_by_text("Grades released: 1 student notified.")).to_be_visible()
    shoot(page, f"grading-sheet-{width}")
    # No column header or cell of the sheet runs past the page at a phone's width.
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, classroom.server, "student", PASSWORD)
    page.goto(assignment)
    expect(page.get_by_role("heading", name="Your grade: 3 out of 6")).to_be_visible()
    expect(page.get_by_text("Some claims quote a source (1)")).to_be_visible()
    expect(page.get_by_text("not graded")).to_be_visible()  # Range was left open
    expect(page.get_by_text("Quote the other side too.")).to_be_visible()
    shoot(page, f"grading-student-view-{width}")
    context.close()
