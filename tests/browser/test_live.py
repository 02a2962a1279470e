"""Live rooms in Chromium, at a desk and on a phone: the site under uvicorn (ASGI), three
people in three browser contexts. A writer's proposal arrives in the moderator's open queue,
the moderator approves it there, and without a reload the reader's focus view gains the
reason and the writer's inbox the decision. A reader with a contribution form open is
offered the change instead of losing what they typed."""

import socket
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, OuterRef
from playwright.sync_api import expect

from arguments.live import bus, events
from arguments.models import Argument, Claim, Debate, Membership, Role, Stance, Status
from arguments.permissions import Access
from arguments.services import propose
from tests.browser.shots import shoot
from tests.browser.test_contribute import sign_in
from tests.seeding import restore_seed

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"
SIZES = {"desktop": (1280, 900), "phone": (375, 800)}
NEW_REASON = "Live walk: a reason approved while the reader watches."


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db, seed_snapshot, settings):
    """The site under uvicorn in a thread of this process (the test database, the
    in-process bus), static files served as the live server serves them."""
    import uvicorn

    restore_seed(seed_snapshot)
    # As config/asgi.py has it: each request's thread closes its own connection, so none is
    # left open on the test database when the server stops.
    database = connections.settings[DEFAULT_DB_ALIAS]
    kept = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 0
    settings.LIVE_REDIS_URL = settings.CACHE_URL = ""
    settings.LIVE_HEARTBEAT_SECONDS = 2
    port = _free_port()
    config = uvicorn.Config(
        ASGIStaticFilesHandler(get_asgi_application()),
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    database["CONN_MAX_AGE"] = kept


def wait_for_listeners(channel, count=1):
    """Until `count` streams in this process listen on `channel` (the pages are subscribed)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if len(bus.get_bus()._subscribers.get(channel, ())) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"no live stream on {channel}")


def context_page(browser, size, errors):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_default_timeout(10_000)
    return context, page


def leaf_claim():
    """An approved claim of the seed map with no reasons under it yet."""
    under = Argument.objects.filter(target_claim=OuterRef("pk"))
    return (
        Claim.objects.filter(debate__slug=SLUG, status=Status.APPROVED)
        .exclude(Exists(under))
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize("size", sorted(SIZES))
def test_an_approval_reaches_the_queue_the_reader_and_the_inbox_without_reload(
    browser, asgi_server, size
):
    users = get_user_model().objects
    moderator = users.create_user("moderator", password="Moderate-this-42")
    writer = users.create_user("writer", password="Write-this-42")
    debate = Debate.objects.get(slug=SLUG)
    Membership.objects.create(debate=debate, user=moderator, role=Role.MODERATOR)
    claim = leaf_claim()
    errors = []
    contexts = []
    try:
        reader_context, reader = context_page(browser, size, errors)
        moderator_context, queue = context_page(browser, size, errors)
        writer_context, inbox = context_page(browser, size, errors)
        contexts = [reader_context, moderator_context, writer_context]

        reader.goto(f"{asgi_server}{claim.get_absolute_url()}")
        expect(reader.locator("#pros-list")).to_contain_text("No reasons for this claim yet")
        sign_in(queue, asgi_server, "moderator", "Moderate-this-42")
        queue.goto(f"{asgi_server}/moderation/")
        expect(queue.locator(".bulk__summary")).to_have_text("0 items waiting.")
        sign_in(inbox, asgi_server, "writer", "Write-this-42")
        inbox.goto(f"{asgi_server}/inbox/")
        expect(inbox.locator(".inbox")).to_contain_text("Nothing yet.")
        wait_for_listeners(events.QUEUE_CHANNEL)
        wait_for_listeners(events.debate_channel(debate.pk))
        wait_for_listeners(events.user_channel(writer.pk))

        # The writer proposes (as the form would): the moderator's queue gains it.
        propose.propose_claim(
            access=Access.load(writer, debate), target=claim, stance=Stance.SUPPORT, text=NEW_REASON
        )
        card = queue.locator(".queue__item", has_text=NEW_REASON)
        expect(card).to_be_visible()
        expect(queue.locator(".bulk__summary")).to_have_text("1 item waiting.")
        expect(reader.locator("#pros-list")).not_to_contain_text(NEW_REASON)  # still pending
        shoot(queue, f"live-queue-{size}")

        # The moderator approves it in place; the reader's focus view gains the reason.
        card.get_by_role("button", name="Approve").click()
        expect(queue.locator(".queue__item--decided")).to_be_visible()
        expect(reader.locator("#pros-list")).to_contain_text(NEW_REASON)
        expect(reader.locator("#pros-list .children__empty")).to_have_count(0)
        # A live swap leaves the keyboard focus alone (a reader's own move sends it to the h1).
        assert reader.evaluate("document.activeElement.tagName") == "BODY"
        expect(inbox.locator(".inbox")).to_contain_text("was approved")
        shoot(reader, f"live-reader-{size}")
        shoot(inbox, f"live-inbox-{size}")
        # Nothing was reloaded: the pages are the ones first opened.
        assert reader.evaluate("performance.getEntriesByType('navigation').length") == 1
        assert reader.url.endswith(claim.get_absolute_url())
    finally:
        for context in contexts:
            context.close()
    assert errors == [], f"the pages reported errors: {errors}"


def test_a_reader_with_a_form_open_is_offered_the_change_and_keeps_what_they_typed(
    browser, asgi_server
):
    users = get_user_model().objects
    users.create_user("reader", password="Read-the-map-42")
    debate = Debate.objects.get(slug=SLUG)
    claim = leaf_claim()
    errors = []
    context, page = context_page(browser, "desktop", errors)
    try:
        sign_in(page, asgi_server, "reader", "Read-the-map-42")
        page.goto(f"{asgi_server}{claim.get_absolute_url()}")
        page.locator("#focus").get_by_role("link", name="Add a pro").first.click()
        field = page.locator("#contribute textarea").first
        field.fill("Words I am still writing.")
        wait_for_listeners(events.debate_channel(debate.pk))
        moderator = users.create_user("moderator", password="Moderate-this-42")
        Membership.objects.create(debate=debate, user=moderator, role=Role.MODERATOR)
        propose.propose_claim(
            access=Access.load(moderator, debate),  # a moderator's own: approved as made
            target=claim,
            stance=Stance.ATTACK,
            text="Live walk: a con added while someone writes.",
        )
        note = page.locator("#focus-live-note")
        expect(note).to_be_visible()
        expect(field).to_have_value("Words I am still writing.")
        shoot(page, "live-busy-note")
        note.get_by_role("link", name="Show the changes").click()
        expect(page.locator("#cons-list")).to_contain_text("a con added while someone writes")
    finally:
        context.close()
    assert errors == [], f"the pages reported errors: {errors}"


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_outline_gains_an_approved_reason_and_keeps_branches_as_the_reader_left_them(
    browser, asgi_server, size, settings
):
    from tests.factories import ClaimFactory, debate_with_thesis, pro

    debate = debate_with_thesis(slug="live-outline", title="A small live debate")
    first = ClaimFactory(debate=debate, text="The first reason, already there.")
    pro(first, debate.thesis)
    pro(ClaimFactory(debate=debate, text="A reason under the first."), first)
    owner = get_user_model().objects.create_user("owner", password="Own-this-42")
    Membership.objects.create(debate=debate, user=owner, role=Role.OWNER)
    settings.LIVE_MAX_SECONDS = 2  # streams end and the page opens new ones during the walk
    errors = []
    context, page = context_page(browser, size, errors)
    try:
        page.goto(f"{asgi_server}/d/{debate.slug}/outline/")
        tree = page.get_by_role("tree")
        expect(tree).to_contain_text("The first reason, already there.")
        wait_for_listeners(events.debate_channel(debate.pk))
        propose.propose_claim(  # the owner's own: approved as made
            access=Access.load(owner, debate),
            target=debate.thesis,
            stance=Stance.ATTACK,
            text="Live outline: a con that arrives.",
        )
        expect(tree).to_contain_text("Live outline: a con that arrives.")
        shoot(page, f"live-outline-{size}")
        page.wait_for_timeout(4500)  # past a stream's end: the page connected again, quietly
        wait_for_listeners(events.debate_channel(debate.pk))
        # A reader who opened or closed a branch keeps it so and is offered the change instead.
        page.locator(".tree summary").first.click()
        expect(tree).to_contain_text("A reason under the first.")
        propose.propose_claim(
            access=Access.load(owner, debate),
            target=debate.thesis,
            stance=Stance.SUPPORT,
            text="Live outline: a pro while a branch is open.",
        )
        note = page.locator("#outline-live-note")
        expect(note).to_be_visible()
        expect(tree).not_to_contain_text("a pro while a branch is open")
        expect(tree).to_contain_text("A reason under the first.")
        shoot(page, f"live-outline-note-{size}")
        note.get_by_role("link", name="Show the new outline").click()
        expect(page.get_by_role("tree")).to_contain_text("a pro while a branch is open")
    finally:
        context.close()
    assert errors == [], f"the pages reported errors: {errors}"


def test_held_streams_hold_no_database_connection(asgi_server):
    """Each stream's permission check used a database connection that stayed open for the
    stream's life: fifty readers of one debate took fifty of PostgreSQL's hundred, and the
    two-server load test ran out ("too many clients") with 503s for everyone."""
    from http.client import HTTPConnection

    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        pytest.skip("counts PostgreSQL's connections (CI runs on PostgreSQL)")

    def held():
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = held()
    port = int(asgi_server.rsplit(":", 1)[1])
    streams = []
    for _ in range(12):
        stream = HTTPConnection("127.0.0.1", port, timeout=10)
        stream.request("GET", f"/d/{SLUG}/live/", headers={"Accept": "text/event-stream"})
        assert stream.getresponse().status == 200
        streams.append(stream)
    debate = Debate.objects.get(slug=SLUG)
    wait_for_listeners(events.debate_channel(debate.pk), count=12)
    try:
        assert held() - before <= 2
    finally:
        for stream in streams:
            stream.close()
