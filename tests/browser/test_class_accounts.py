"""The bulk-accounts sheet in Chromium: reloading it makes no second set of accounts and
shows no password again, and the passwords never reach htmx's history cache (the copy of
a page htmx keeps in the tab's storage to restore on Back), even when the teacher searches
from the sheet and then signs out."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from arguments.classes import services
from tests.classworld import teacher_user

from .shots import shoot
from .test_contribute import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-good-password-123"  # the factories' password
# htmx 2 keeps its history cache in sessionStorage (older versions: localStorage).
HISTORY = """() => ["htmx-history-cache"].map((key) =>
  (sessionStorage.getItem(key) || "") + (localStorage.getItem(key) || "")).join("")"""


def test_the_sheet_survives_a_reload_and_stays_out_of_htmx_history(
    browser, transactional_db, live_server
):
    teacher = teacher_user("ms.okafor")
    room = services.create_classroom(teacher=teacher, name="Year 9")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "ms.okafor", PASSWORD)
    page.goto(f"{live_server.url}/classes/{room.pk}/students/new/")
    page.get_by_label("Names, one a line").fill("Zoe Test\nYan Test")
    page.get_by_role("button", name="Create the accounts").click()
    expect(page.get_by_role("heading", name="Sign-in sheet — Year 9")).to_be_visible()
    passwords = page.locator(".sign-in-sheet td:nth-child(3) code").all_inner_texts()
    assert len(passwords) == 2

    # A search from the sheet swaps the page by htmx, which snapshots the page it leaves.
    page.get_by_role("searchbox").fill("pressure")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"q=pressure"))
    # A second search leaves the results page by htmx too: htmx keeps a copy of that one
    # (the sheet it does not keep), so the cache below is known to be in use.
    page.get_by_role("searchbox").fill("prisoners")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"q=prisoners"))
    # Typing searches live too: let every request land (and htmx write its copies) first.
    page.wait_for_load_state("networkidle")
    page.wait_for_function(f"() => ({HISTORY})() !== ''", timeout=10_000)
    assert not any(password in page.evaluate(HISTORY) for password in passwords)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert page.evaluate(HISTORY) == ""  # signing out forgets every copy
    page.go_back()
    page.go_back()
    assert not any(password in page.content() for password in passwords)

    # The same list again, then a reload of that answer: nothing new, no password shown.
    sign_in(page, live_server.url, "ms.okafor", PASSWORD)
    page.goto(f"{live_server.url}/classes/{room.pk}/students/new/")
    page.get_by_label("Names, one a line").fill("Zoe Test\nYan Test")
    page.get_by_role("button", name="Create the accounts").click()
    expect(page.get_by_role("heading", name="Sign-in sheet — Year 9")).to_be_visible()
    page.reload()  # the browser sends the form again
    expect(page.get_by_text("2 of these names already had an account")).to_be_visible()
    shoot(page, "sheet-sent-again")
    users = get_user_model().objects.filter(username__contains=".test")
    assert sorted(users.values_list("username", flat=True)) == ["yan.test", "zoe.test"]
    page_text = page.locator("main").inner_text()
    assert not any(password in page_text for password in passwords)
    context.close()
