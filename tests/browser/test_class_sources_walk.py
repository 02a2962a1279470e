"""The whole of issue 16 as a class lives it, in Chromium: a teacher starts the class debate
"Should school uniforms be compulsory?", gives it the camps Students, Parents and Teachers
and a speaker in two of them, uploads an HTML article and a PDF report; a student selects a
passage of the article in the reader and proposes a con citing it (what was typed survives
the trip); the teacher approves it from the queue; the map, "who answers whom" and the
ledger show it under the debate's own camps. An outsider reaches none of the class's
sources at any address. With SCREENSHOTS=<folder>, the pages are saved there."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from arguments.classes import services
from arguments.models import Claim, Debate
from corpus.models import Camp, Source
from tests.browser.shots import shoot
from tests.classworld import teacher_user
from tests.corpus.ingesting import ARTICLE, article_page, pdf_of
from tests.factories import UserFactory

from .test_contribute import SELECT_PHRASE, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "a-good-password-123"  # the factories' password
TITLE = "Should school uniforms be compulsory?"
PRO = "Uniforms spare parents the cost of keeping up with fashion."
CON = "Uniforms cost families more than ordinary clothes do."
QUOTE = "Quiet diplomacy has not moved Beijing"  # words of the article's first paragraph
REPORT = [["Page one: uniform prices rose in 2024."], ["Page two: most parents pay twice."]]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_class_brings_its_sources_argues_from_them_and_keeps_them(
    browser, transactional_db, live_server, width
):
    server = live_server.url
    room = services.create_classroom(teacher=teacher_user("teacher"), name="Year 9")
    student = UserFactory(username="student")
    services.join(user=student, code=room.join_code)
    UserFactory(username="outsider")

    teacher = browser.new_context(viewport={"width": width, "height": 900})
    page = teacher.new_page()
    sign_in(page, server, "teacher", PASSWORD)

    # The class debate, from the class page.
    page.goto(f"{server}/classes/{room.pk}/debates/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Thesis").fill("School uniforms should be compulsory.")
    page.get_by_role("button", name="Create the class debate").click()
    debate = Debate.objects.get(title=TITLE)
    assert debate.visibility == Debate.Visibility.CLASS
    now = timezone.now()
    services.create_assignment(
        classroom=room,
        debate=debate,
        title="Uniforms",
        instructions="Argue from the readings.",
        opens=now - timedelta(hours=1),
        due=now + timedelta(days=2),
    )

    # Its camps and two speakers.
    page.goto(f"{server}/d/{debate.slug}/camps/")
    adding = page.locator("#new-camp")
    for name in ("Students", "Parents", "Teachers"):
        adding.get_by_label("Name").fill(name)
        adding.get_by_role("button", name="Add the camp").click()
        expect(page.get_by_text(f"The camp “{name}” was added.")).to_be_visible()
    for name, camp in (("Student council", "Students"), ("Parents' association", "Parents")):
        speaker = page.locator("#new-speaker")
        speaker.get_by_label("Name").fill(name)
        speaker.get_by_label("Kind").select_option("organisation")
        speaker.get_by_label("Camp").select_option(label=camp)
        speaker.get_by_role("button", name="Add the speaker").click()
        expect(page.locator(".speaker-table")).to_contain_text(name)
    shoot(page, f"walk16-{width}-1-camps")

    # Two readings: an HTML article and a PDF report, each through the review.
    for name, kind, body in (
        ("uniforms.html", "text/html", article_page().encode()),
        ("report.pdf", "application/pdf", pdf_of(REPORT, title="Uniform prices")),
    ):
        page.goto(f"{server}/d/{debate.slug}/sources/new/")
        page.get_by_label("A file").set_input_files(
            {"name": name, "mimeType": kind, "buffer": body}
        )
        page.get_by_role("button", name="Read the file").click()
        expect(page.get_by_role("heading", name="Check the source")).to_be_visible()
        page.get_by_role("button", name="Save the source").click()
        expect(page.get_by_text("is now a source of this debate")).to_be_visible()
    article = Source.objects.get(title="Rights talk")
    report = Source.objects.get(title="Uniform prices")
    page.goto(f"{server}/d/{debate.slug}/sources/")
    expect(page.locator(".source-card")).to_have_count(2)
    shoot(page, f"walk16-{width}-2-library")

    # The teacher's own pro, said by the parents' association (approved at once).
    page.goto(f"{server}/d/{debate.slug}/")
    page.get_by_role("link", name="Add a pro").first.click()
    page.get_by_role("textbox", name="Claim").fill(PRO)
    page.get_by_label("Whose position is it?").select_option(label="Parents' association")
    page.get_by_role("button", name="Propose").click()
    expect(page.locator(".column--pro .premise", has_text=PRO)).to_be_visible()
    pro = Claim.objects.get(text=PRO)

    # The student answers it with a con quoting the article, picked in the reader.
    pupil = browser.new_context(viewport={"width": width, "height": 900})
    spage = pupil.new_page()
    sign_in(spage, server, "student", PASSWORD)
    spage.goto(f"{server}{pro.get_absolute_url()}")
    spage.get_by_role("link", name="Add a con").first.click()
    spage.get_by_role("textbox", name="Claim").fill(CON)
    spage.get_by_label("Whose position is it?").select_option(label="Student council")
    spage.get_by_role("button", name="select a passage in the source reader").click()
    spage.get_by_role("link", name="Rights talk").click()
    expect(spage.locator("h1")).to_contain_text("Rights talk")
    spage.wait_for_load_state("networkidle")
    assert spage.evaluate(SELECT_PHRASE, QUOTE)
    expect(spage.locator("#pick-preview")).to_contain_text(QUOTE)
    spage.get_by_role("link", name="Use this passage").click()
    expect(spage.get_by_role("textbox", name="Claim")).to_have_value(CON)
    expect(spage.locator("#picked-passage")).to_contain_text(QUOTE)
    shoot(spage, f"walk16-{width}-3-student-form")
    spage.get_by_role("button", name="Propose").click()
    expect(spage.locator(".column--con .premise", has_text=CON)).to_contain_text("Pending")

    # The teacher approves it from the queue.
    page.goto(f"{server}/moderation/?classroom={room.pk}")
    item = page.locator(".queue__item", has_text=CON)
    expect(item).to_contain_text(QUOTE)
    item.get_by_role("link", name=re.compile("^Open")).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#decision")).to_contain_text("approved")

    # The map, who answers whom and the ledger show it under the debate's own camps.
    spage.goto(f"{server}{pro.get_absolute_url()}")
    con = spage.locator(".column--con .premise", has_text=CON)
    expect(con).to_be_visible()
    expect(con).not_to_contain_text("Pending")
    students = Camp.objects.get(debate=debate, name="Students")
    parents = Camp.objects.get(debate=debate, name="Parents")
    page.goto(f"{server}/d/{debate.slug}/answers/?from={students.key}&to={parents.key}")
    expect(page.locator(".camp-table thead th .camp")).to_have_text(
        ["Students", "Parents", "Teachers"]
    )
    expect(page.get_by_role("heading", name="Students on Parents")).to_be_visible()
    expect(page.locator(".answers__list")).to_contain_text(CON)
    shoot(page, f"walk16-{width}-4-answers")
    page.goto(f"{server}/d/{debate.slug}/sources/{article.slug}/ledger/")
    row = page.locator(".ledger__camps tbody tr", has_text="Students")
    expect(row).to_contain_text("1")
    expect(page.locator(".ledger__share")).not_to_contain_text("0 %")
    shoot(page, f"walk16-{width}-5-ledger")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # An outsider, signed in, reaches none of it.
    stranger = browser.new_context(viewport={"width": width, "height": 900})
    opage = stranger.new_page()
    sign_in(opage, server, "outsider", PASSWORD)
    for url in (
        article.get_absolute_url(),
        report.get_absolute_url(),
        f"/d/{debate.slug}/sources/",
        f"/d/{debate.slug}/sources/{article.slug}/ledger/",
        f"/d/{debate.slug}/",
    ):
        assert opage.goto(f"{server}{url}").status == 404, url
    opage.goto(f"{server}/sources/")
    expect(opage.locator("main")).not_to_contain_text("Rights talk")
    opage.goto(f"{server}/search/?q=diplomacy+Beijing")
    expect(opage.locator("main")).not_to_contain_text(ARTICLE[0][:40])
    for context in (teacher, pupil, stranger):
        context.close()
