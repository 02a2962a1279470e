"""Editing an assignment in Chromium at desktop and phone widths: a newcomer's time zone
comes from the browser; the teacher, in Paris time, moves the due date into the past
(confirming the warning) and gives one student an extension; that student still finds the
map open, with their own due date in their zone. With SCREENSHOTS=<folder>, the pages are
saved there as PNGs."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from arguments.models import Account, Extension
from tests import classworld

from .shots import shoot
from .test_accessibility import serious_violations
from .test_contribute import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-good-password-123"  # the factories' password


@pytest.fixture
def classroom(transactional_db, live_server):
    world = classworld.build()
    world.server = live_server.url
    return world


def no_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_sign_up_takes_the_browser_s_time_zone(browser, live_server, transactional_db):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill("Tiananmen-1989!")
    page.get_by_label("Password confirmation").fill("Tiananmen-1989!")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("link", name="newcomer")).to_be_visible()
    assert Account.objects.get(user__username="newcomer").time_zone == "Asia/Tokyo"
    page.get_by_role("link", name="newcomer").click()
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(page.get_by_text("JST.")).to_be_visible()
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_teacher_edits_dates_and_an_extended_student_still_writes(browser, classroom, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, classroom.server, "teacher", PASSWORD)
    page.get_by_role("link", name="teacher").click()
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Time zone saved: dates are now shown in Europe/Paris.")
    ).to_be_visible()
    shoot(page, f"account-settings-{width}")
    found = serious_violations(page)

    page.goto(f"{classroom.server}/assignments/{classroom.assignment.pk}/")
    page.get_by_role("link", name="Edit: instructions, dates, extensions").click()
    expect(page.get_by_label("Title")).to_have_value("Argue it")
    expect(page.get_by_text("In your time zone, Europe/Paris.").first).to_be_visible()
    shoot(page, f"assignment-edit-{width}")
    paris_now = timezone.localtime(timezone.now(), timezone=_paris())
    past = (paris_now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    opens = (paris_now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Opens").fill(opens)
    page.get_by_label("Due", exact=True).fill(past)
    page.get_by_label("Instructions").fill("Two claims each, one quoting a source.")
    page.get_by_role("button", name="Save the assignment").click()
    expect(page.get_by_text("is already past")).to_be_visible()
    expect(page.get_by_label("Due", exact=True)).to_have_value(past)  # what was typed is kept
    expect(page.get_by_label("Instructions")).to_have_value(
        "Two claims each, one quoting a source."
    )
    shoot(page, f"assignment-edit-warning-{width}")
    assert no_overflow(page)
    found += serious_violations(page)
    page.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_text("Assignment saved.")).to_be_visible()
    expect(page.get_by_text("Closed: read-only for students")).to_be_visible()

    page.get_by_role("link", name="Edit: instructions, dates, extensions").click()
    page.get_by_role("link", name="Extend student").click()
    later = (paris_now + timedelta(days=2)).replace(hour=18, minute=0)
    page.get_by_label("Their due date").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save the extension").click()
    expect(page.get_by_text("Extension saved")).to_be_visible()
    expect(page.get_by_text("extended", exact=True)).to_be_visible()
    shoot(page, f"assignment-extensions-{width}")
    assert no_overflow(page)
    found += serious_violations(page)
    extension = Extension.objects.get(student=classroom.student)
    assert timezone.localtime(extension.due, timezone=_paris()).hour == 18

    page.get_by_role("button", name="Sign out").click()
    Account.objects.create(user=classroom.student, time_zone="America/New_York")
    sign_in(page, classroom.server, "student", PASSWORD)
    page.goto(f"{classroom.server}{classroom.debate.get_absolute_url()}")
    banner = page.locator(".class-banner")
    expect(banner).to_contain_text("You argue for the thesis")
    new_york = timezone.localtime(extension.due, timezone=_zone("America/New_York"))
    expect(banner).to_contain_text(new_york.strftime("%-d %b, %H:%M "))
    expect(banner).to_contain_text("EST" if not new_york.dst() else "EDT")
    expect(page.get_by_text("The assignment is closed")).to_have_count(0)
    shoot(page, f"map-extended-student-{width}")
    assert no_overflow(page)
    page.goto(f"{classroom.server}/assignments/{classroom.assignment.pk}/")
    expect(page.get_by_text("your extension")).to_be_visible()
    shoot(page, f"assignment-extended-student-{width}")
    assert errors == []
    assert found == [], "\n".join(found)
    context.close()


def _zone(name):
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


def _paris():
    return _zone("Europe/Paris")
