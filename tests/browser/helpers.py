"""Shared steps of the long browser walks: a browser context per person at a width, that
collects the page's errors; signing in, first with a class sheet's one-time password; and
selecting words in the source reader as a person's mouse would."""

from playwright.sync_api import expect

from .shots import shoot
from .test_contribute import SELECT_PHRASE, sign_in

__all__ = ["Person", "first_sign_in", "select_in_reader", "sign_in", "wider_than_window"]


class Person:
    """One person's browser: a context at `width` and its page; `errors` gathers what the
    page reported (script errors, console errors, dialogs), for the test to assert empty."""

    def __init__(self, browser, name, *, width=1280, height=900):
        self.name = name
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        self.page.on("dialog", lambda dialog: self.errors.append(f"dialog: {dialog.message}"))
        # Every answer of 400 or more, by address: a 500 anywhere fails the walk, and a
        # 404 is asserted where a person may not read something.
        self.refused = []
        self.page.on(
            "response",
            lambda answer: (
                answer.status >= 400 and self.refused.append((answer.status, answer.url))
            ),
        )
        self.width = width

    def close(self):
        self.context.close()


def first_sign_in(page, server, username, one_time, own_password):
    """Sign in with a class sheet's one-time password, then choose one's own, as the site
    asks at once."""
    sign_in(page, server, username, one_time)
    expect(page.get_by_text("Choose your own password to start.")).to_be_visible()
    shoot(page, f"first-sign-in-{page.viewport_size['width']}")
    page.get_by_label("Old password").fill(one_time)
    page.get_by_label("New password", exact=True).fill(own_password)
    page.get_by_label("New password confirmation").fill(own_password)
    page.get_by_role("button", name="Change password").click()


def select_in_reader(page, phrase):
    """Select `phrase` in the source reader's text, then let go of the pointer."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate(SELECT_PHRASE, phrase), f"{phrase!r} is not in the reader"
    page.evaluate("document.dispatchEvent(new PointerEvent('pointerup'))")


def wider_than_window(page):
    """How many pixels the page runs past the window's width (0 or less: none)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
