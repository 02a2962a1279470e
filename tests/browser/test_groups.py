"""The teacher's groups, from the browser: an unplaced student is listed and placed in one
click, a student is moved between groups, and every map is shown to the class and hidden
again; at a desktop width and a phone's. With SCREENSHOTS=<folder>, the page is saved."""

import pytest
from playwright.sync_api import expect

from arguments.models import StudentSide
from tests import groupworld

from .test_accessibility import serious_violations
from .test_classes import shoot
from .test_contribute import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_a_teacher_places_an_unplaced_student_and_moves_another(
    browser, transactional_db, live_server, width
):
    world = groupworld.build()
    StudentSide.objects.filter(assignment=world.two, student=world.bob).delete()  # unplaced
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, live_server.url, "group_teacher", "a-good-password-123")
    page.goto(f"{live_server.url}{world.assignment.get_absolute_url()}")

    unplaced = page.locator(".unplaced")
    expect(unplaced.get_by_role("heading")).to_have_text("Not in a group (1)")
    expect(unplaced.locator(".unplaced__student")).to_contain_text("bob")
    shoot(page, f"groups-unplaced-{width}")
    assert serious_violations(page) == []
    unplaced.get_by_role("button", name="Place in Group 2").click()
    expect(page.get_by_text("Placed in Group 2.")).to_be_visible()
    expect(page.locator(".unplaced")).to_contain_text("Every student is in a group")
    groups = page.locator(".group")
    expect(groups.nth(1).locator(".group__students")).to_contain_text("bob")

    groups.nth(0).get_by_label("Move ann to").select_option(label="Group 2")
    groups.nth(0).get_by_role("button", name="Move").click()
    expect(page.get_by_text("Placed in Group 2.")).to_be_visible()
    expect(page.locator(".group").nth(0).locator(".group__students")).to_contain_text(
        "No students yet."
    )
    expect(page.locator(".group").nth(1).locator(".group__students")).to_contain_text("ann")

    page.get_by_role("button", name="Show every group's map to the whole class").click()
    expect(page.get_by_text("Every group's map is shown to the whole class").first).to_be_visible()
    shoot(page, f"groups-placed-{width}")
    assert serious_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    assert errors == []
    context.close()
    assert set(world.two.sides.values_list("student__username", flat=True)) == {"ann", "bob"}
