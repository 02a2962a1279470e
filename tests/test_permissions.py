"""Who may open or post to each URL of accounts, contributions and moderation: one table."""

import pytest
from django.test import Client
from django.urls import reverse

from arguments.models import Role, Stance
from arguments.permissions import Access
from arguments.services import propose

from .factories import ClaimFactory, UserFactory, debate_with_thesis, member, pro

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "stranger", "author", "writer", "moderator", "owner"]
LOGIN = "login"  # a redirect to the sign-in page

# name: (method, expected status per role in ROLES order)
TABLE = {
    "signup": ("get", [200, 302, 302, 302, 302, 302]),
    "login": ("get", [200, 200, 200, 200, 200, 200]),
    "password_change": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "password_reset": ("get", [200, 200, 200, 200, 200, 200]),
    "inbox": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "moderation": ("get", [LOGIN, 403, 403, 403, 200, 200]),
    "moderation_item": ("get", [LOGIN, 403, 403, 403, 200, 200]),
    "members": ("get", [LOGIN, 403, 403, 403, 403, 200]),
    "propose": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "similar": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "edit": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "flag": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "history": ("get", [200, 200, 200, 200, 200, 200]),
    "pending claim": ("get", [404, 404, 200, 404, 200, 200]),
    "pending history": ("get", [404, 404, 200, 404, 200, 200]),
    # Before the decisions below, which approve the pending proposal for moderators.
    "pending vote": ("post", [LOGIN, 404, 404, 404, 404, 404]),
    "link": ("post", [LOGIN, 302, 302, 302, 302, 302]),
    "revert": ("post", [LOGIN, 403, 403, 403, 302, 302]),
    "decide_many": ("post", [LOGIN, 403, 403, 403, 302, 302]),
    "decide": ("post", [LOGIN, 403, 403, 403, 302, 302]),
    "new_debate": ("get", [LOGIN, 200, 200, 200, 200, 200]),
    "import": ("get", [LOGIN, 403, 403, 403, 403, 200]),
    "export": ("get", [200, 200, 200, 200, 200, 200]),
    "print": ("get", [200, 200, 200, 200, 200, 200]),
    "vote": ("post", [LOGIN, 302, 302, 302, 302, 302]),
    "what_if": ("get", [200, 200, 200, 200, 200, 200]),
    "pending what_if": ("get", [404, 404, 200, 404, 200, 200]),
    "overview": ("get", [200, 200, 200, 200, 200, 200]),
    "answers": ("get", [200, 200, 200, 200, 200, 200]),
    "logout": ("post", [302, 302, 302, 302, 302, 302]),  # last: it signs the client out
}


@pytest.fixture
def world():
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(slug="open", owner=owner)
    reason = ClaimFactory(debate=debate, text="Pressure works.")
    reason_link = pro(reason, debate.thesis)
    other = ClaimFactory(debate=debate, text="Engagement works.")
    pro(other, debate.thesis)
    author = UserFactory(username="author")
    proposal = propose.propose_claim(
        access=Access(author, debate), target=reason, stance=Stance.ATTACK, text="Pending."
    )
    edit = propose.propose_edit(
        access=Access(author, debate), claim=reason, text="Pressure often works.", reason="Nuance."
    )
    from arguments.services import moderate

    moderate.approve(access=Access(owner, debate), proposal=edit)
    users = {
        "stranger": UserFactory(username="stranger"),
        "author": author,
        "writer": member(debate, Role.WRITER, username="writer"),
        "moderator": member(debate, Role.MODERATOR, username="moderator"),
        "owner": owner,
    }
    return {
        "debate": debate,
        "reason": reason,
        "reason_link": reason_link,
        "other": other,
        "proposal": proposal,
        "users": users,
    }


def request_for(world, name):
    debate, reason, proposal = world["debate"], world["reason"], world["proposal"]
    slug = debate.slug
    pending = proposal.claim
    claim_args = [slug, reason.pk]
    urls = {
        "pending claim": (reverse("arguments:claim", args=[slug, pending.pk]), {}),
        "pending history": (reverse("arguments:history", args=[slug, pending.pk]), {}),
        "moderation_item": (reverse("arguments:moderation_item", args=[proposal.pk]), {}),
        "members": (reverse("arguments:members", args=[slug]), {}),
        "propose": (reverse("arguments:propose", args=claim_args), {}),
        "similar": (reverse("arguments:similar", args=claim_args), {"text": "pressure"}),
        "edit": (reverse("arguments:edit", args=claim_args), {}),
        "flag": (reverse("arguments:flag", args=claim_args), {}),
        "history": (reverse("arguments:history", args=claim_args), {}),
        "link": (
            reverse("arguments:link", args=[slug, world["other"].pk]),
            {"claim": reason.pk, "stance": "attack"},
        ),
        "revert": (
            reverse(
                "arguments:revert",
                args=[slug, reason.pk, reason.revisions.order_by("id").first().pk],
            ),
            {},
        ),
        "decide": (
            reverse("arguments:decide", args=[proposal.pk]),
            {"action": "reject", "reason": "No."},
        ),
        "decide_many": (
            reverse("arguments:decide_many"),
            {"selected": [proposal.pk], "action": "approve"},
        ),
        "new_debate": (reverse("arguments:new_debate"), {}),
        "import": (reverse("arguments:import", args=[slug]), {}),
        "export": (reverse("arguments:export", args=[slug, "aif.json"]), {}),
        "print": (reverse("arguments:print", args=[slug]), {}),
        "overview": (reverse("arguments:overview", args=[slug]), {}),
        "answers": (
            reverse("arguments:answers", args=[slug]),
            {"from": "rights_groups", "to": "rights_groups"},
        ),
        "signup": (reverse("signup"), {}),
        "login": (reverse("login"), {}),
        "logout": (reverse("logout"), {}),
        "password_change": (reverse("password_change"), {}),
        "password_reset": (reverse("password_reset"), {}),
        "inbox": (reverse("arguments:inbox"), {}),
        "moderation": (reverse("arguments:moderation"), {}),
        "vote": (
            reverse("arguments:vote", args=[slug, world["reason_link"].pk]),
            {"value": "3"},
        ),
        "pending vote": (
            reverse("arguments:vote", args=[slug, proposal.argument_id]),
            {"value": "3"},
        ),
        "what_if": (reverse("arguments:what_if", args=claim_args), {}),
        "pending what_if": (reverse("arguments:what_if", args=[slug, pending.pk]), {}),
    }
    return urls[name]


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(world, role):
    client = Client(enforce_csrf_checks=False)
    if role != "anonymous":
        client.force_login(world["users"][role])
    index = ROLES.index(role)
    failures = []
    for name, (method, expected) in TABLE.items():
        url, data = request_for(world, name)
        response = getattr(client, method)(url, data)
        want = expected[index]
        if want == LOGIN:
            ok = response.status_code == 302 and reverse("login") in response["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append((name, want, response.status_code))
    assert failures == []


def _url_names(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            if getattr(pattern, "namespace", None) != "admin":
                yield from _url_names(pattern.url_patterns)
        elif pattern.name:
            yield pattern.name


def test_every_url_outside_reading_is_in_the_table():
    from django.urls import get_resolver

    reading = {"home", "debate", "outline", "claim", "children", "sources", "source", "health"}
    reading |= {"search", "jump"}  # reading views; tests/test_search.py checks who finds what
    reset_steps = {"password_change_done", "password_reset_done", "password_reset_confirm"}
    reset_steps |= {"password_reset_complete"}
    names = set(_url_names(get_resolver().url_patterns)) - reading - reset_steps
    from .test_class_privacy import TABLE as CLASS_TABLE

    # The class pages have their own table, over viewers inside and outside a class.
    assert names - set(TABLE) - set(CLASS_TABLE) == set()


def test_posts_without_a_csrf_token_are_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["moderator"])
    for name in ("decide", "decide_many", "link", "revert", "vote"):
        url, data = request_for(world, name)
        assert client.post(url, data).status_code == 403, name
