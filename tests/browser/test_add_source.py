"""A teacher brings sources to a class debate in the browser: pastes a text, uploads a PDF
report (fpdf2 makes it here) and an HTML article, each through the review step, and reads
each in the source reader; at a desktop and a phone width, with screenshots
(SCREENSHOTS=<folder>)."""

import re

import pytest
from playwright.sync_api import expect

from arguments.classes import services
from corpus.models import Source
from tests.browser.shots import shoot
from tests.classworld import teacher_user
from tests.corpus.ingesting import article_page, pdf_of

pytestmark = pytest.mark.browser

PASSWORD = "a-good-password-123"
PASTED = (
    "The minister said that quiet diplomacy had freed no one.\n\n"
    "Public pressure, she said, had freed three prisoners in a year."
)
REPORT = [
    ["Page one of the report: the detention camps grew in 2019."],
    ["Page two of the report: named prisoners were released after campaigns."],
]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_teacher_pastes_and_uploads_sources_through_the_review(
    page, transactional_db, live_server, width
):
    teacher = teacher_user("teacher")
    room = services.create_classroom(teacher=teacher, name="Year 11")
    debate = services.start_debate(
        classroom=room, teacher=teacher, title="Pressure on rights", thesis="Pressure works."
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="teacher")).to_be_visible()
    new_url = f"{live_server.url}/d/{debate.slug}/sources/new/"

    # From the debate: paste, review (the title typed there), save: the reader shows it.
    page.goto(f"{live_server.url}/d/{debate.slug}/")
    page.get_by_role("link", name="Add a source").click()
    expect(page).to_have_url(new_url)
    expect(page.get_by_text("at most 10 MB").first).to_be_visible()
    shoot(page, f"add-source-{width}-1-choose")
    page.get_by_label("The text").fill(PASTED)
    page.get_by_role("button", name="Review the pasted text").click()
    expect(page.get_by_role("heading", name="Check the source")).to_be_visible()
    expect(page.get_by_label("The text")).to_have_value(PASTED + "\n")
    page.get_by_label("Title", exact=True).fill("The minister on pressure")
    page.get_by_label("Genre").select_option("speech")
    shoot(page, f"add-source-{width}-2-review-paste")
    page.get_by_role("button", name="Save the source").click()
    expect(page.get_by_role("heading", name="The minister on pressure")).to_be_visible()
    expect(page.locator(".reader__text")).to_contain_text("had freed three prisoners")
    expect(page.get_by_text("is now a source of this debate")).to_be_visible()
    shoot(page, f"add-source-{width}-3-reader-paste")

    # A PDF report: its title comes from the file, its pages are kept.
    page.goto(new_url)
    page.get_by_label("A file").set_input_files(
        {
            "name": "report.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_of(REPORT, title="Camps report"),
        }
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Camps report")
    expect(page.locator("#pages-note")).to_be_visible()
    expect(page.get_by_label("The text")).to_have_value(re.compile("Page two of the report"))
    shoot(page, f"add-source-{width}-4-review-pdf")
    page.get_by_role("button", name="Save the source").click()
    expect(page.get_by_role("heading", name="Camps report")).to_be_visible()
    shoot(page, f"add-source-{width}-5-reader-pdf")

    # An HTML article: only its text comes in, with its byline.
    page.goto(new_url)
    page.get_by_label("A file").set_input_files(
        {"name": "rights.html", "mimeType": "text/html", "buffer": article_page().encode()}
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_label("Author (byline)")).to_have_value("Jane Roe")
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator(".reader__text")).to_contain_text("Quiet diplomacy has not moved Beijing")

    sources = {source.title: source for source in Source.objects.all()}
    assert set(sources) == {"The minister on pressure", "Camps report", "Rights talk"}
    assert len(sources["Camps report"].pages) == 2
    assert "<" not in sources["Rights talk"].text
    # A class debate's sources have addresses nobody can guess from their titles.
    assert all(re.search(r"-[a-z0-9]{12}$", source.slug) for source in sources.values())
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
