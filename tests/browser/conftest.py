"""Playwright on Debian's Chromium. Missing browser: skip locally, fail when REQUIRE_BROWSER=1."""

import os
import shutil

import pytest

from tests.seeding import restore_seed

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed"
    if problem is None and not path:
        problem = "Debian's chromium is not installed (apt-get install chromium)"
    if problem:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests are required but cannot run: {problem}")
        pytest.skip(problem)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.set_default_timeout(10_000)
    # A test that provokes an error on purpose (a refused request logs "status of 429")
    # names it here; any other error still fails the test.
    page.expected_errors = []
    yield page
    context.close()
    errors = [e for e in errors if not any(part in e for part in page.expected_errors)]
    assert errors == [], f"the page reported errors: {errors}"


@pytest.fixture
def seeded_server(transactional_db, live_server, seed_snapshot):
    restore_seed(seed_snapshot)
    return live_server.url
