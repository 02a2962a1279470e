"""A reader rates a reason's impact in place and sees the claim's strength move; then asks
what the map would say without a con the thesis's verdict names."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from playwright.sync_api import expect

from arguments.models import Claim, Debate, Vote

from .test_contribute import sign_in

pytestmark = pytest.mark.browser

SLUG = "us-china-human-rights"


def test_rating_a_reason_updates_votes_and_strength_in_place(page, seeded_server):
    get_user_model().objects.create_user("reader", password="Read-the-map-42")
    # A claim with a single reason: rating that reason "no impact" takes it back to 0.5.
    claim = (
        Claim.objects.filter(debate__slug=SLUG, status="approved")
        .annotate(reasons=Count("arguments", filter=Q(arguments__status="approved")))
        .filter(reasons=1, strength__gt=0.6)
        .first()
    )
    reason = claim.arguments.get(status="approved")
    sign_in(page, seeded_server, "reader", "Read-the-map-42")
    page.goto(f"{seeded_server}/d/{SLUG}/c/{claim.pk}/")
    strength = page.locator("#focus-strength .strength__number")
    before = strength.inner_text()
    impact = page.locator(f"#impact-{reason.pk}")
    expect(impact).to_contain_text("Impact not rated yet")
    impact.get_by_role("button", name="0 — No impact").click()
    expect(impact).to_contain_text("Impact 0.0 of 4 from 1 vote")
    expect(impact.get_by_role("button", name="0 — No impact")).to_have_attribute(
        "aria-pressed", "true"
    )
    # The only pro no longer counts: the claim falls back to 0.5, without a page load.
    expect(strength).to_have_text("0.50")
    assert page.url.endswith(f"/d/{SLUG}/c/{claim.pk}/")
    assert Vote.objects.get().value == 0
    impact.get_by_role("button", name="Remove my vote").click()
    expect(impact).to_contain_text("Impact not rated yet")
    expect(strength).to_have_text(before)
    assert not Vote.objects.exists()


def test_what_if_shows_the_thesis_without_a_con_its_verdict_names(page, seeded_server):
    debate = Debate.objects.get(slug=SLUG)
    thesis = Claim.objects.get(pk=debate.thesis_id)
    page.goto(f"{seeded_server}/d/{SLUG}/")
    # The thesis is accepted: its verdict names the cons it answers.
    expect(page.locator(".verdict__why")).to_contain_text("Every con is answered")
    answered = page.locator(".verdict__why a").first
    answered.click()
    expect(page.locator(".claim-card__text")).not_to_have_text(thesis.text)
    page.get_by_role("link", name="What if it were removed?").click()
    panel = page.locator(".what-if")
    expect(panel).to_contain_text("Nothing is saved")
    expect(panel.locator("tbody tr").first).to_contain_text(thesis.text[:40])
    assert Claim.objects.get(pk=thesis.pk).label == thesis.label  # nothing was saved


def test_a_rating_over_the_limit_says_why_at_the_top_and_changes_nothing(
    page, seeded_server, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": (1, 600)}
    get_user_model().objects.create_user("eager", password="Read-the-map-42")
    claim = Claim.objects.get(pk=Debate.objects.get(slug=SLUG).thesis_id)
    reason = claim.arguments.filter(status="approved").first()
    sign_in(page, seeded_server, "eager", "Read-the-map-42")
    page.goto(f"{seeded_server}/d/{SLUG}/c/{claim.pk}/")
    impact = page.locator(f"#impact-{reason.pk}")
    impact.get_by_role("button", name="0 — No impact").click()
    expect(impact).to_contain_text("Impact 0.0 of 4 from 1 vote")
    page.expected_errors.append("status of 429")  # the browser logs the refusal
    impact.get_by_role("button", name="Remove my vote").click()
    expect(page.locator("#notices")).to_contain_text(
        "You have rated reasons too often; try again in"
    )
    expect(impact).to_contain_text("Impact 0.0 of 4 from 1 vote")  # left as it was
    assert Vote.objects.get().value == 0
