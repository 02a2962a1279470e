"""The load test's maths and reconciliation, and a small run of its simulated users against
a live server (the full run under gunicorn is `make loadtest`, not CI)."""

import time

import pytest
from django.core.management import call_command

from arguments.devtools import loadtest
from arguments.devtools.loadtest import Request, VoteAttempt, Window
from arguments.devtools.management.commands import loadtest as command
from arguments.models import Claim, Debate, Proposal, Status


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert loadtest.percentile(values, 50) == 50
    assert loadtest.percentile(values, 95) == 95
    assert loadtest.percentile(values, 99) == 99
    assert loadtest.percentile([7, 1, 3], 50) == 3
    assert loadtest.percentile([4], 99) == 4
    assert loadtest.percentile([], 50) is None


def test_requests_overlapping_a_fault_are_counted_apart():
    window = Window("restart", 10.0, 12.0)
    before = Request("focus", 1.0, 2.0, 200)
    during = Request("focus", 11.0, 11.5, 503)
    just_after = Request("focus", 13.0, 13.2, 503)  # within the grace after the window
    later = Request("vote", 20.0, 20.1, 500)
    no_answer = Request("focus", 9.5, 10.5, 0)

    summary = loadtest.summarise([before, during, just_after, later, no_answer], [window])

    assert summary["requests"] == 5
    assert summary["steady"]["requests"] == 2
    assert summary["steady"]["server_errors"] == 1
    assert summary["steady"]["by_status"] == {"500": 1}
    assert summary["during_faults"]["server_errors"] == 2
    assert summary["during_faults"]["no_answer"] == 1
    assert set(summary["by_kind"]) == {"focus", "vote"}


def test_proposals_reconcile_lost_doubled_and_unacknowledged():
    found = loadtest.tokens_in(
        [
            "Load test LTabc123-1-1: a claim.",
            "Load test LTabc123-1-2: a claim.",
            "Load test LTabc123-1-2: the same again.",
            "Load test LTabc123-2-1: answer lost.",
            "Load test LTabc123-9-9: sent by nobody.",
            "An ordinary claim.",
        ]
    )
    result = loadtest.reconcile_proposals(
        acknowledged=["LTabc123-1-1", "LTabc123-1-2", "LTabc123-1-3"],
        attempted=["LTabc123-1-1", "LTabc123-1-2", "LTabc123-1-3", "LTabc123-2-1"],
        found=found,
    )
    assert result["lost"] == ["LTabc123-1-3"]
    assert result["doubled"] == ["LTabc123-1-2"]
    assert result["saved_unacknowledged"] == ["LTabc123-2-1"]
    assert result["unknown"] == ["LTabc123-9-9"]


def test_a_vote_must_hold_the_last_acknowledged_value_or_a_later_unanswered_one():
    attempts = [
        VoteAttempt("s1", 5, 3, True),
        VoteAttempt("s1", 5, 1, True),
        VoteAttempt("s2", 5, 2, True),
        VoteAttempt("s2", 5, 4, False),  # the answer was lost: 2 or 4 may be stored
        VoteAttempt("s3", 6, None, True),  # removed
        VoteAttempt("s4", 6, 0, False),  # never acknowledged: absent or 0
    ]
    assert (
        loadtest.reconcile_votes(attempts, {("s1", 5): 1, ("s2", 5): 4, ("s4", 6): 0})["wrong"]
        == []
    )
    wrong = loadtest.reconcile_votes(
        attempts, {("s1", 5): 3, ("s2", 5): 2, ("s3", 6): 2, ("s5", 6): 1}
    )["wrong"]
    assert [(w["user"], w["stored"]) for w in wrong] == [("s1", 3), ("s3", 2), ("s5", 1)]
    # A vote from before the run stands when this run's attempt at it went unanswered.
    stored = {("s1", 5): 1, ("s2", 5): 4, ("s4", 6): 2}
    assert loadtest.reconcile_votes(attempts, stored, before={("s4", 6): 2})["wrong"] == []
    assert loadtest.reconcile_votes([], {("s6", 7): 2}, before={("s6", 7): 2})["wrong"] == []


def test_a_decision_acknowledged_twice_or_stored_otherwise_is_wrong():
    result = loadtest.reconcile_decisions(
        [(1, "approved"), (2, "rejected"), (3, "approved"), (3, "rejected")],
        {1: "approved", 2: "approved", 3: "approved"},
    )
    assert [w["proposal"] for w in result["wrong"]] == [2, 3]


def test_role_counts_add_up_and_every_role_is_present():
    assert loadtest.role_counts(200) == {
        "reader": 130,
        "writer": 30,
        "moderator": 10,
        "student": 30,
    }
    small = loadtest.role_counts(4)
    assert sum(small.values()) == 4
    assert all(small.values())


def test_each_scenario_rewrites_only_its_own_section(tmp_path):
    path = tmp_path / "loadtest.md"
    command.write_section(path, "plain", "first plain\n")
    command.write_section(path, "worker-kill", "kill\n")
    command.write_section(path, "plain", "second plain\n")
    text = path.read_text()
    assert text.startswith("# Load test")
    assert "second plain" in text and "first plain" not in text
    assert text.index("second plain") < text.index("kill")


@pytest.mark.django_db(transaction=True)
def test_simulated_users_sign_in_write_and_reconcile_against_a_live_server(live_server):
    call_command("load_seed", verbosity=0)
    debate = Debate.objects.get(slug=command.SEED_SLUG)
    accounts, class_debate = command.prepare(debate, 4)
    plan = loadtest.Plan(
        slug=debate.slug,
        class_slug=class_debate.slug,
        claim_ids=list(debate.claims.filter(status=Status.APPROVED).values_list("pk", flat=True)),
        run_id="0a1b2c",
        think=(0.05, 0.2),
    )
    started = time.monotonic()
    port = int(live_server.url.rsplit(":", 1)[1])

    log, outcome = loadtest.run_users(
        port=port,
        accounts=accounts,
        plan=plan,
        clock=lambda: time.monotonic() - started,
        duration=4,
        sign_in_concurrency=1,
        acting=1,  # one step at a time: the in-memory SQLite test database locks tables
    )

    assert outcome.sign_in_failures == []
    kinds = {r.kind for r in log}
    assert {"sign in", "propose", "moderation queue", "vote", "class focus"} <= kinds
    assert all(r.status < 500 and r.status != 0 for r in log)
    assert outcome.acknowledged, "the writer's proposals were acknowledged"
    assert outcome.votes and any(v.acknowledged for v in outcome.votes)
    saved = Claim.objects.filter(text__contains="LT0a1b2c-")
    assert saved.count() == len(outcome.acknowledged)
    assert Proposal.objects.filter(claim__in=saved).count() == saved.count()

    faults = command.Faults({"restart_postgres_at": None, "kill_worker_at": None})
    options = {
        "users": 4,
        "duration": 4,
        "workers": 1,
        "think": "0.05,0.2",
        "restart_postgres_at": None,
        "kill_worker_at": None,
    }
    report = command.build_report(options, log, outcome, faults, plan, [debate.pk, class_debate.pk])
    assert report["missed"] == []
    assert report["proposals"]["lost"] == [] and report["half_written"] == []
    assert report["votes"]["wrong"] == [] and report["counters"] == []
    table = command.render(report)
    assert "| propose |" in table and "Targets (0 server errors" in table and "met." in table
    # A claim half written behind the app's back is caught.
    Claim.objects.create(debate=debate, text="Load test LT0a1b2c-99-1: orphan.")
    report = command.build_report(options, log, outcome, faults, plan, [debate.pk, class_debate.pk])
    assert any("half-written" in missed for missed in report["missed"])
    assert report["proposals"]["unknown"] == ["LT0a1b2c-99-1"]
