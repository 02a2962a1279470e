"""The load test's attacker: its verdict against the quiet run, its report, and each of its
requests answered by a live server (the full run is `make loadtest LOADTEST_ARGS=--abuse`)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from arguments.devtools import abuse
from arguments.devtools.loadtest import Request
from arguments.devtools.management.commands import loadtest as command
from arguments.models import Argument, Debate, Status


def _report(p95, by_status=None, missed=()):
    steady = {"requests": 10, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95}
    steady |= {"by_status": by_status or {}, "server_errors": 0, "no_answer": 0}
    return {"summary": {"steady": steady}, "missed": list(missed)}


def test_the_attacked_run_must_stay_within_twice_the_quiet_p95():
    quiet = _report(100.0)

    calm = abuse.judge(quiet=quiet, attacked=_report(190.0), attacks={}, locked_out=[], checked=8)
    slow = abuse.judge(quiet=quiet, attacked=_report(250.0), attacks={}, locked_out=[], checked=8)

    assert calm["missed"] == [] and calm["abuse"]["p95_ratio"] == 1.9
    assert slow["missed"] == ["users' p95 2.5× the quiet run's (target ≤ 2×)"]


def test_errors_for_the_users_and_locked_out_accounts_are_missed_targets():
    judged = abuse.judge(
        quiet=_report(100.0, missed=["1 lost proposals"]),
        attacked=_report(120.0, by_status={"429": 3}),
        attacks={},
        locked_out=["load-reader-0"],
        checked=8,
    )

    assert judged["missed"] == [
        "quiet run: 1 lost proposals",
        "users' errors under attack: {'429': 3}",
        "1 of 8 accounts locked out",
    ]


def test_the_attackers_answers_are_grouped_by_attack_without_its_own_sign_in():
    log = [
        Request("sign in", 0.0, 0.1, 302),
        Request("attack: vote flood", 1.0, 1.01, 302),
        Request("attack: vote flood", 2.0, 2.02, 429),
        Request("attack: what-if", 3.0, 3.5, 200),
    ]

    rows = abuse.attack_rows(log)

    assert list(rows) == ["attack: vote flood", "attack: what-if"]
    assert rows["attack: vote flood"]["by_status"] == {"302": 1, "429": 1}
    assert rows["attack: what-if"]["requests"] == 1


def test_the_section_shows_both_runs_the_attacks_and_the_verdict():
    quiet = _report(100.0)
    judged = abuse.judge(
        quiet=quiet,
        attacked=_report(300.0),
        attacks=abuse.attack_rows([Request("attack: typo search", 0.0, 0.2, 400)]),
        locked_out=[],
        checked=8,
    )

    text = abuse.render(judged, "### Scenario: plain\n\nQUIET TABLE\n", "### x\n\nLOUD TABLE\n")

    assert text.startswith("### Scenario: abuse")
    assert text.index("QUIET TABLE") < text.index("LOUD TABLE") < text.index("| typo search |")
    assert "| typo search | 1 | 200 | 200 | 400: 1 |" in text
    assert "quiet 100 ms, under attack 300 ms (3.0×; target ≤ 2×)" in text
    assert "MISSED: users' p95 3.0×" in text


@pytest.mark.django_db(transaction=True)
def test_every_small_attack_is_answered_by_a_live_server(live_server):
    call_command("load_seed", verbosity=0)
    debate = Debate.objects.get(slug=command.SEED_SLUG)
    names = command.abuse_accounts()
    assert get_user_model().objects.get(username=names["staff"]).is_staff
    started = time.monotonic()
    attacker = abuse.Attacker(
        port=int(live_server.url.rsplit(":", 1)[1]),
        clock=lambda: time.monotonic() - started,
        slug=debate.slug,
        claim_ids=list(debate.claims.filter(status=Status.APPROVED).values_list("pk", flat=True)),
        argument_ids=list(Argument.objects.filter(debate=debate).values_list("pk", flat=True)),
        staff_name=names["staff"],
    )
    assert attacker.sign_in(names["attacker"], command.PASSWORD)

    small = [name for name in abuse.ATTACKS if name not in {"kialo_bomb", "oversized_upload"}]
    for name in small:
        getattr(attacker, name)()
    # The upload path, with a small file: a multipart body the server reads as an import.
    attacker._upload("attack: small upload", b"1. A thesis.\n1.1. Pro: A reason.\n", "ok.txt")

    kinds = {r.kind for r in attacker.log}
    assert len([k for k in kinds if k.startswith("attack: ")]) == len(small) + 1
    assert all(r.status != 0 and r.status < 500 for r in attacker.log)
    assert Debate.objects.filter(title__startswith="Abuse ", visibility="unlisted").exists()
