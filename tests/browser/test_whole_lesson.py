"""A whole lesson in Chromium, every step through the pages as people use them.

A teacher makes a class with pseudonyms, prints a sheet of accounts (a reload makes none
twice), copies the seed debate, sets an assignment with targets and a rubric and splits it
into two groups by hand; a late student joins and lands in the smaller group. Students
sign in, propose with quotes picked in the reader (what they typed survives the trip),
vote and flag; the teacher moderates from the queue, grades and releases; the students
read their grades. All along, group 2 sees nothing of group 1's work — not its map, nor
its claims in search or in the reader's cited-by list — until the teacher shows every
map. One student works at a phone's width. With SCREENSHOTS=<folder>, the key steps are
saved there."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import Person, first_sign_in, select_in_reader, wider_than_window
from .shots import shoot

pytestmark = pytest.mark.browser

TITLE = "How far should the United States press China on human rights?"
CLASS = "Year 10 rights debate"
LESSON = "Press or engage?"
NAMES = ["Ada Brook", "Ben Carter", "Cleo Diaz"]
OWN_PASSWORD = "Chose-my-own-42"
KERRY = re.compile("Secretary Kerry Must Make")
ADA_QUOTE = "the Chinese government appears to resist outside pressure"
ADA_CLAIM = "Quiet pressure works where loud letters only harden Beijing's resistance."
CLEO_QUOTE = "experience suggests that it does respond to such pressure"
CLEO_CLAIM = "Trade talks give Washington leverage that open letters never had."
BEN_CLAIM = "China bad."


def test_a_whole_lesson_from_class_to_released_grades(browser, seeded_server):
    server = seeded_server
    people = []

    def person(name, width=1280):
        someone = Person(browser, name, width=width)
        people.append(someone)
        return someone

    # The teacher signs up and makes a class with pseudonyms.
    teacher = person("teacher").page
    teacher.goto(f"{server}/accounts/signup/")
    teacher.get_by_label("Username").fill("ms.rivera")
    teacher.get_by_label("Password", exact=True).fill("Teach-debate-42")
    teacher.get_by_label("Password confirmation").fill("Teach-debate-42")
    teacher.get_by_role("button", name="Create account").click()
    teacher.get_by_role("link", name="Classes").click()
    teacher.get_by_role("button", name="I teach: let me create classes").click()
    teacher.get_by_label("Name").fill(CLASS)
    teacher.get_by_label("Students see each other by pseudonym only").check()
    teacher.get_by_role("button", name="Create the class").click()
    expect(teacher.get_by_role("heading", name=CLASS)).to_be_visible()
    expect(teacher.get_by_role("button", name="Pseudonyms off")).to_be_visible()
    class_url = teacher.url
    code = teacher.locator(".join-code").inner_text()

    # Accounts from a list of names: a sheet of one-time passwords; a reload makes none twice.
    teacher.get_by_role("link", name="Create student accounts from a list of names").click()
    teacher.get_by_label("Names, one a line").fill("\n".join(NAMES))
    teacher.get_by_role("button", name="Create the accounts").click()
    expect(teacher.get_by_role("heading", name=f"Sign-in sheet — {CLASS}")).to_be_visible()
    rows = teacher.locator(".sign-in-sheet tbody tr")
    expect(rows).to_have_count(3)
    sheet = {}
    for row in rows.all():
        name, username, password = (cell.inner_text() for cell in row.locator("td").all())
        sheet[name] = (username, password)
    assert sorted(sheet) == NAMES
    shoot(teacher, "lesson-01-sheet-1280")
    teacher.reload()
    expect(teacher.get_by_text("3 of these names already had an account")).to_be_visible()
    expect(teacher.locator(".sign-in-sheet code", has_text=sheet["Ada Brook"][1])).to_have_count(0)
    teacher.goto(class_url)
    expect(teacher.locator("section", has_text="People").locator("tbody tr")).to_have_count(4)

    # A copy of the seed debate and an assignment on it, free sides.
    teacher.get_by_role("link", name="New class debate").click()
    teacher.get_by_label("Or copy a public debate").select_option(label=TITLE)
    teacher.get_by_role("button", name="Create the class debate").click()
    teacher.locator(".class-card", has_text=TITLE).get_by_role(
        "link", name="Set an assignment"
    ).click()
    teacher.get_by_label("Title").fill(LESSON)
    teacher.get_by_label("Instructions").fill("Add a pro or a con with a quote from a source.")
    teacher.get_by_label("Free for everyone").check()
    teacher.get_by_role("button", name="Set the assignment").click()
    expect(teacher.get_by_role("heading", name=LESSON)).to_be_visible()
    assignment_url = teacher.url
    shoot(teacher, "lesson-02-assignment-1280")

    # Targets, then a rubric to grade with.
    teacher.locator("summary", has_text="Targets").click()
    teacher.get_by_label("Pros", exact=True).fill("1")
    teacher.get_by_label("Passages quoted").fill("1")
    teacher.get_by_role("button", name="Save targets").click()
    expect(teacher.locator(".messages")).to_contain_text("Targets")
    expect(teacher.locator("summary", has_text="Targets")).to_contain_text("(set)")
    teacher.get_by_role("link", name="Grades").click()
    teacher.get_by_role("link", name="Set up grading").click()
    teacher.get_by_role("button", name="Use of evidence").click()
    teacher.get_by_role("button", name="Save how it is graded").click()
    expect(teacher.get_by_text("Grading is set.")).to_be_visible()
    expect(teacher.locator(".lede")).to_contain_text("rubric of 3 criteria, out of 6")
    expect(teacher.locator("tbody tr")).to_have_count(3)

    # Two groups chosen by hand: everyone starts unplaced.
    teacher.goto(assignment_url)
    teacher.get_by_label("Chosen by hand (every student starts unplaced)").check()
    teacher.get_by_role("button", name="Split into groups, each with its own copy").click()
    unplaced = teacher.locator(".unplaced")
    expect(unplaced.get_by_role("heading")).to_have_text("Not in a group (3)")
    for name, group in (("Ada Brook", 1), ("Ben Carter", 1), ("Cleo Diaz", 2)):
        student = unplaced.locator(".unplaced__student", has_text=name)
        student.get_by_role("button", name=f"Place in Group {group}").click()
        expect(teacher.get_by_text(f"Placed in Group {group}.")).to_be_visible()
    expect(teacher.locator(".unplaced")).to_contain_text("Every student is in a group")
    groups = teacher.locator(".group")
    expect(groups.nth(0).locator(".group__students li")).to_have_count(2)
    expect(groups.nth(1).locator(".group__students li")).to_have_count(1)
    group_one_map = groups.nth(0).get_by_role("link", name="its map").get_attribute("href")

    # A late student signs up, joins with the code and lands in the smaller group.
    dev = person("dev", width=375).page
    dev.goto(f"{server}/accounts/signup/")
    dev.get_by_label("Username").fill("dev")
    dev.get_by_label("Password", exact=True).fill(OWN_PASSWORD)
    dev.get_by_label("Password confirmation").fill(OWN_PASSWORD)
    dev.get_by_role("button", name="Create account").click()
    dev.get_by_role("link", name="Classes").click()
    dev.get_by_label("Class code").fill(code)
    dev.get_by_role("button", name="Join").click()
    expect(dev.get_by_role("heading", name=CLASS)).to_be_visible()
    shoot(dev, "lesson-03-late-joiner-class-375")
    dev.get_by_role("link", name=f"Assignment: {LESSON}", exact=True).click()
    expect(dev.locator(".my-work")).to_contain_text("You work in Group 2")
    shoot(dev, "lesson-03-late-joiner-375")
    teacher.reload()
    expect(groups.nth(1).locator(".group__students")).to_contain_text("dev")
    expect(groups.nth(1).locator(".group__students li")).to_have_count(2)
    shoot(teacher, "lesson-04-groups-1280")

    # The students sign in with the sheet's passwords and choose their own.
    ada, ben, cleo = (
        person(name.split()[0].lower(), width)
        for name, width in zip(NAMES, (1280, 1280, 375), strict=True)
    )
    for who, name in zip((ada, ben, cleo), NAMES, strict=True):
        username, one_time = sheet[name]
        first_sign_in(who.page, server, username, one_time, OWN_PASSWORD)
        expect(who.page.get_by_role("heading", name="Password changed")).to_be_visible()
    shoot(cleo.page, "lesson-05-password-changed-375")

    # Ada opens her group's map, types a pro, picks its quote in the reader, proposes.
    page = ada.page
    page.goto(assignment_url)
    page.get_by_role("link", name="go to Group 1").click()
    page.get_by_role("link", name=re.compile("^Open the debate")).click()
    banner = page.locator(".class-banner")
    expect(banner).to_contain_text("You argue either way")
    expect(banner).to_contain_text("0 of 1 pros")
    expect(banner).to_contain_text("0 of 1 passages quoted")
    page.get_by_role("link", name="Add a pro").first.click()
    page.get_by_role("textbox", name="Claim").fill(ADA_CLAIM)
    page.get_by_role("button", name="select a passage in the source reader").click()
    expect(page.locator(".pick-banner")).to_be_visible()
    page.get_by_role("link", name=KERRY).click()
    select_in_reader(page, ADA_QUOTE)
    expect(page.locator("#pick-preview")).to_have_text(f"“{ADA_QUOTE}”")
    page.get_by_role("link", name="Use this passage").click()
    expect(page.get_by_role("textbox", name="Claim")).to_have_value(ADA_CLAIM)
    expect(page.locator("#picked-passage")).to_contain_text(ADA_QUOTE)
    expect(page.get_by_label("Pro: a reason for the claim above")).to_be_checked()
    shoot(page, "lesson-05-ada-form-1280")
    page.get_by_role("button", name="Propose").click()
    expect(page.locator(".column--pro .premise", has_text=ADA_CLAIM)).to_contain_text("Pending")
    group_one_thesis = page.url

    # Ben, in the same group, rates a reason, flags a link, proposes a con too thin to keep
    # and flags a claim.
    page = ben.page
    page.goto(assignment_url)
    page.get_by_role("link", name="go to Group 1").click()
    page.get_by_role("link", name=re.compile("^Open the debate")).click()
    expect(page.locator(".column--pro .premise", has_text=ADA_CLAIM)).to_have_count(0)
    ben_map = page.url
    impact = page.locator(".column--pro [id^=impact-]").first
    impact.get_by_role("button", name="3 — Strong").click()
    expect(impact).to_contain_text("from 1 vote")
    linked = page.locator(".column--pro .child").first
    linked_text = linked.locator(".premise__text").first.inner_text()
    linked.get_by_role("link", name="Flag this link").click()
    linked.get_by_label("Off topic").check()
    linked.get_by_role("button", name="Flag", exact=True).click()
    # The thanks shows in place, then atop the focus view as the map refreshes.
    expect(page.get_by_text("the moderators will look at your flag").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.url == ben_map  # not the flag form's address
    page.get_by_role("link", name="Add a con").first.click()
    page.get_by_role("textbox", name="Claim").fill(BEN_CLAIM)
    page.get_by_role("button", name="Propose").click()
    expect(page.locator(".column--con .premise", has_text=BEN_CLAIM)).to_contain_text("Pending")
    flagged = page.locator(".column--con .premise__text").first
    flagged_text = flagged.inner_text()
    flagged.click()
    expect(page.locator("#focus h1")).to_have_text(flagged_text)
    page.locator("#focus").get_by_role("link", name="Flag", exact=True).click()
    page.get_by_label("Not one proposition").check()
    page.get_by_role("button", name="Flag", exact=True).click()
    expect(page.get_by_text("the moderators will look at your flag")).to_be_visible()
    shoot(page, "lesson-06-ben-flag-1280")

    # Cleo, in group 2 on a phone, proposes with a quote of her own from the same letter.
    page = cleo.page
    page.goto(assignment_url)
    page.get_by_role("link", name="Open your group's map: Group 2").click()
    expect(page.locator(".class-banner")).to_contain_text("0 of 1 pros")
    shoot(page, "lesson-07-cleo-map-375", full_page=False)
    page.get_by_role("link", name="Add a pro").first.click()
    page.get_by_role("textbox", name="Claim").fill(CLEO_CLAIM)
    page.get_by_role("button", name="select a passage in the source reader").click()
    page.get_by_role("link", name=KERRY).click()
    select_in_reader(page, CLEO_QUOTE)
    expect(page.locator("#pick-preview")).to_have_text(f"“{CLEO_QUOTE}”")
    shoot(page, "lesson-08-cleo-reader-375", full_page=False)
    page.get_by_role("link", name="Use this passage").click()
    expect(page.get_by_role("textbox", name="Claim")).to_have_value(CLEO_CLAIM)
    expect(page.locator("#picked-passage")).to_contain_text(CLEO_QUOTE)
    shoot(page, "lesson-09-cleo-form-375")
    assert wider_than_window(page) <= 0
    page.get_by_role("button", name="Propose").click()
    expect(page.locator(".column--pro .premise", has_text=CLEO_CLAIM)).to_contain_text("Pending")
    group_two_thesis = page.url

    # The teacher moderates the class's queue: each decision says what it was.
    page = teacher
    page.goto(class_url)
    page.get_by_role("link", name="Moderation queue").click()
    expect(page.locator(".bulk__summary")).to_have_text("5 items waiting.")
    shoot(page, "lesson-10-queue-1280")

    def card(text, flag=None):
        """The queue card of a proposal (`flag`: "on the claim", "on a link"), by its id,
        which it keeps once decided."""
        cards = page.locator(".queue__item", has_text=text)
        if flag:
            cards = cards.filter(has_text=f"Flag {flag}")
        else:
            cards = cards.filter(has_not_text="Flag on")
        return page.locator(f"#{cards.get_attribute('id')}")

    ada_card, ben_card, cleo_card = card(ADA_CLAIM), card(BEN_CLAIM), card(CLEO_CLAIM)
    flag_card = card(flagged_text, "on the claim")
    link_card = card(linked_text, "on a link")

    ada_card.get_by_role("button", name="Approve").click()
    expect(ada_card.get_by_role("status")).to_have_text(
        f"New claim approved by ms.rivera: “{ADA_CLAIM}”."
    )
    page.get_by_label("Reason (for rejections)").fill("Say why, and quote a source.")
    ben_card.get_by_role("button", name="Reject").click()
    expect(ben_card.get_by_role("status")).to_have_text(
        f"New claim rejected by ms.rivera: “{BEN_CLAIM}”."
    )
    page.get_by_label("Reason (for rejections)").fill("It states one thing.")
    flag_card.get_by_role("button", name="Dismiss").click()
    expect(flag_card.get_by_role("status")).to_contain_text("Flag dismissed by ms.rivera")
    link_card.get_by_role("button", name="Uphold").click()
    expect(link_card.get_by_role("status")).to_contain_text(
        f"Flag upheld by ms.rivera: the link of “{linked_text[:40]}"
    )
    cleo_card.get_by_role("button", name="Approve").click()
    expect(cleo_card.get_by_role("status")).to_have_text(
        f"New claim approved by ms.rivera: “{CLEO_CLAIM}”."
    )
    expect(page.locator(".bulk__summary")).to_have_text("0 items waiting.")
    shoot(page, "lesson-11-queue-decided-1280")
    page.reload()
    expect(page.locator(".bulk__summary")).to_have_text("0 items waiting.")
    expect(page.locator(".queue")).to_contain_text("Nothing is waiting.")

    # Group 2 sees nothing of group 1's work: not its map, nor its claim in search or in
    # the reader's list of claims citing a passage. Then the teacher shows every map.
    page = cleo.page

    def cleo_sees_group_one(shown):
        page.goto(group_two_thesis)
        page.get_by_role("link", name="Library", exact=True).click()
        page.get_by_role("link", name=KERRY).click()
        cited = page.locator(".cited-by")
        expect(cited.filter(has_text=CLEO_CLAIM)).to_have_count(1)
        expect(cited.filter(has_text=ADA_CLAIM)).to_have_count(1 if shown else 0)
        # Results come as one types (Enter as well would abort that request, by design).
        page.get_by_role("searchbox", name="Search claims and sources").fill("quiet pressure")
        expect(page).to_have_url(re.compile(r"/search/\?q=quiet"))
        expect(page.locator("main")).to_contain_text("quiet pressure")
        found = page.locator("main", has_text=ADA_CLAIM)
        expect(found).to_have_count(1 if shown else 0)
        shoot(page, f"lesson-12-cleo-search-{'shown' if shown else 'apart'}-375")
        answer = page.goto(f"{server}{group_one_map}")
        assert answer.status == (200 if shown else 404)
        if shown:
            expect(page.locator(".column--pro")).to_contain_text(ADA_CLAIM)

    cleo_sees_group_one(shown=False)
    teacher.goto(assignment_url)
    teacher.get_by_role("button", name="Show every group's map to the whole class").click()
    expect(
        teacher.get_by_text("Every group's map is shown to the whole class").first
    ).to_be_visible()
    cleo_sees_group_one(shown=True)

    # The authors read the decisions; Ada's targets are met.
    page = ben.page
    page.get_by_role("link", name=re.compile("^Inbox")).click()
    shoot(page, "lesson-13-ben-inbox-1280")
    unread = page.locator(".inbox__item--unread")
    expect(unread).to_have_count(3)
    expect(unread.filter(has_text="Say why")).to_have_text(
        re.compile(f"Your claim “{BEN_CLAIM}” was not accepted: Say why, and quote a source.")
    )
    expect(unread.filter(has_text="It states one thing.")).to_contain_text(
        f"Your flag on “{flagged_text[:30]}"
    )
    expect(unread.filter(has_text="upheld")).to_contain_text(
        f"Your flag on the link of “{linked_text[:30]}"
    )
    shoot(page, "lesson-13-ben-inbox-1280")
    page.goto(assignment_url)  # his numbers count what he did in his group's copy
    numbers = page.locator(".my-numbers")
    for label, number in (("Proposed", 1), ("Rejected", 1), ("Votes cast", 1)):
        expect(numbers.locator("div", has_text=label).locator("dd")).to_have_text(str(number))
    page = ada.page
    page.goto(group_one_thesis)
    expect(page.locator(".column--pro .premise", has_text=ADA_CLAIM)).not_to_contain_text("Pending")
    expect(page.locator(".class-banner")).to_contain_text("1 of 1 pros")
    expect(page.locator(".class-banner")).to_contain_text("1 of 1 passages quoted")

    # The teacher grades from the class's sheet, then releases the grades.
    page = teacher
    page.goto(assignment_url)
    page.get_by_role("link", name="Grades").click()
    sheet_rows = page.locator("tbody tr")
    expect(sheet_rows).to_have_count(4)
    ada_row = sheet_rows.filter(has_text="Ada Brook")
    expect(ada_row.locator("td").nth(1)).to_have_text("1")  # approved claims
    expect(ada_row.locator("td").nth(2)).to_have_text("1")  # sources cited
    ada_row.get_by_role("link", name=re.compile("^Grade")).click()
    page.get_by_label("Every factual claim quotes one (2)").check()
    page.get_by_label("They say exactly it (2)").check()
    page.get_by_label("One source (0)").check()
    page.get_by_label("Comment to the student").fill("Well quoted. Now find a second source.")
    page.get_by_role("button", name="Save the grade").click()
    expect(ada_row.locator("td").nth(3)).to_have_text("4 / 6")
    cleo_row = sheet_rows.filter(has_text="Cleo Diaz")
    cleo_row.get_by_role("link", name=re.compile("^Grade")).click()
    page.get_by_label("Every factual claim quotes one (2)").check()
    page.get_by_label("They loosely fit (1)").check()
    page.get_by_label("One source (0)").check()
    page.get_by_role("button", name="Save the grade").click()
    expect(cleo_row.locator("td").nth(3)).to_have_text("3 / 6")
    page.get_by_role("button", name="Release the grades to the students").click()
    expect(page.get_by_text("Grades released: 2 students notified.")).to_be_visible()
    shoot(page, "lesson-14-grades-1280")

    # The students read their grades.
    page = ada.page
    page.goto(assignment_url)
    expect(page.get_by_role("heading", name="Your grade: 4 out of 6")).to_be_visible()
    expect(page.locator(".my-grade")).to_contain_text("Well quoted. Now find a second source.")
    expect(page.locator(".my-grade .feedback footer")).to_have_text("— Teacher")
    shoot(page, "lesson-15-ada-grade-1280")
    page = cleo.page
    page.get_by_role("link", name=re.compile("^Inbox")).click()
    expect(page.locator(".inbox__item--unread").first).to_contain_text("grade")
    page.goto(assignment_url)
    expect(page.get_by_role("heading", name="Your grade: 3 out of 6")).to_be_visible()
    expect(page.locator(".my-grade")).to_contain_text("They loosely fit (1)")
    shoot(page, "lesson-16-cleo-grade-375")
    assert wider_than_window(page) <= 0

    # Nothing failed on the way but the one refusal asked for: group 1's map to group 2.
    assert cleo.refused == [(404, f"{server}{group_one_map}")]
    cleo.refused.clear()
    cleo.errors = [error for error in cleo.errors if "status of 404" not in error]
    for someone in people:
        assert (someone.errors, someone.refused) == ([], []), someone.name
        someone.close()
