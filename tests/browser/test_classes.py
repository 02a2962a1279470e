"""A class session from the browser: a teacher sets up a class with a copy of the seed
debate and an assignment with balanced sides; a student joins with the code and argues
their side; the teacher approves and gives feedback; the student reads it; the report and
its CSV count it. With SCREENSHOTS=<folder>, the class pages are saved there as PNGs."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .shots import shoot
from .test_contribute import sign_in

pytestmark = pytest.mark.browser

TITLE = "How far should the United States press China on human rights?"
CLAIM = "Public naming of detained lawyers has shortened their sentences."
FEEDBACK = "Good: now cite the letter that says so."


def test_a_teacher_runs_a_class_session_from_the_browser(browser, seeded_server):
    server = seeded_server
    get_user_model().objects.create_user("ms.chen", password="Teach-debate-42")
    teaching = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    teacher = teaching.new_page()
    sign_in(teacher, server, "ms.chen", "Teach-debate-42")

    teacher.get_by_role("link", name="Classes").click()
    teacher.get_by_role("button", name="I teach: let me create classes").click()
    teacher.get_by_label("Name").fill("Year 11 debate club")
    teacher.get_by_role("button", name="Create the class").click()
    expect(teacher.get_by_role("heading", name="Year 11 debate club")).to_be_visible()
    code = teacher.locator(".join-code").inner_text()
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}", code)

    teacher.get_by_role("link", name="New class debate").click()
    teacher.get_by_label("Or copy a public debate").select_option(label=TITLE)
    teacher.get_by_role("button", name="Create the class debate").click()
    expect(teacher.locator(".class-card", has_text=TITLE)).to_be_visible()
    teacher.get_by_role("link", name="Set an assignment").click()
    teacher.get_by_label("Title").fill("Press or engage?")
    teacher.get_by_label("Instructions").fill("Add two claims for your side, each with a quote.")
    expect(teacher.get_by_label("Pro and con, balanced at random")).to_be_checked()
    teacher.get_by_role("button", name="Set the assignment").click()
    expect(teacher.get_by_role("heading", name="Press or engage?")).to_be_visible()

    learning = browser.new_context(viewport={"width": 1280, "height": 900})
    student = learning.new_page()
    student.goto(f"{server}/accounts/signup/")
    student.get_by_label("Username").fill("sam")
    student.get_by_label("Password", exact=True).fill("Argue-my-side-42")
    student.get_by_label("Password confirmation").fill("Argue-my-side-42")
    student.get_by_role("button", name="Create account").click()
    student.get_by_role("link", name="Classes").click()
    student.get_by_label("Class code").fill(code.lower())
    student.get_by_role("button", name="Join").click()
    expect(student.get_by_role("heading", name="Year 11 debate club")).to_be_visible()
    student.get_by_role("link", name="Assignment: Press or engage?").click()
    expect(student.locator(".side")).to_contain_text("Pro — argue for the thesis")
    student.get_by_role("link", name=re.compile("^Open the debate")).click()
    student.get_by_role("link", name="Add a pro").click()
    expect(student.locator(".side-hint")).to_contain_text("on your side: add a pro")
    student.get_by_role("textbox", name="Claim").fill(CLAIM)
    student.get_by_role("button", name="Propose").click()
    expect(student.locator(".column--pro .premise", has_text=CLAIM)).to_contain_text("Pending")

    teacher.get_by_role("link", name="Moderation queue").click()
    item = teacher.locator(".queue__item", has_text=CLAIM)
    expect(item).to_be_visible()
    item.get_by_role("link", name=re.compile("^Open")).click()
    teacher.get_by_role("button", name="Approve").click()
    expect(teacher.locator("#decision")).to_contain_text("approved")

    teacher.go_back()
    teacher.go_back()
    teacher.get_by_role("link", name="Participation report").click()
    teacher.locator("summary", has_text="1 claim by sam").click()
    teacher.get_by_label("Private feedback to sam").fill(FEEDBACK)
    teacher.get_by_role("button", name="Send feedback").click()
    expect(teacher.locator(".messages")).to_contain_text("Feedback saved")
    row = teacher.locator("tbody tr", has_text="sam").first
    expect(row.locator("td").nth(1)).to_have_text("1")  # proposed
    expect(row.locator("td").nth(2)).to_have_text("1")  # approved
    expect(teacher.locator(".chart__bar")).to_have_count(1)
    teacher.locator("summary", has_text="1 claim by sam").click()
    shoot(teacher, "report")

    with teacher.expect_download() as download:
        teacher.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][:4] == ["Student", "Username", "Side", "Proposed"]
    assert rows[1][:6] == ["sam", "sam", "pro", "1", "1", "0"]

    student.goto(f"{server}/classes/")
    student.get_by_role("link", name="Year 11 debate club").click()
    student.get_by_role("link", name="Assignment: Press or engage?").click()
    expect(student.locator(".feedback")).to_contain_text(FEEDBACK)
    expect(student.locator(".my-claim", has_text=CLAIM)).to_contain_text("Approved")
    shoot(student, "student")

    teacher.get_by_role("link", name=re.compile("^← Press or engage")).click()
    shoot(teacher, "assignment")
    teacher.get_by_role("link", name="← Year 11 debate club").click()
    shoot(teacher, "class")
    for context in (teaching, learning):
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_forms_checkbox_sits_under_the_start_of_its_label(
    browser, transactional_db, live_server, width
):
    # It stood alone in the middle of the column, far from the label it answers.
    get_user_model().objects.create_user("ms.lee", password="Teach-debate-42", is_staff=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "ms.lee", "Teach-debate-42")
    page.goto(f"{live_server.url}/classes/")
    box = page.get_by_label("Students see each other by pseudonym only").bounding_box()
    label = page.locator(
        "label", has_text="Students see each other by pseudonym only"
    ).bounding_box()
    # The box is as wide as the column (its mark drawn in the middle) unless kept to its size.
    assert box["width"] < 40 and abs(box["x"] - label["x"]) <= 4, (box, label)
    context.close()


def test_the_classes_page_fits_the_narrowest_phone(browser, transactional_db, live_server):
    # Its two columns were at least 22rem wide: 48px past the window at 320px.
    get_user_model().objects.create_user("ms.lee", password="Teach-debate-42", is_staff=True)
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    sign_in(page, live_server.url, "ms.lee", "Teach-debate-42")
    page.goto(f"{live_server.url}/classes/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
    context.close()
