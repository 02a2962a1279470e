"""Many simulated users against the application under gunicorn, with optional faults (a
PostgreSQL restart, a worker killed mid-request), then a reconciliation of what clients
were told against what the database holds. See arguments/loadtest.py for the users."""

import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from arguments.classes import services as classes
from arguments.devtools import abuse, loadtest, twoservers
from arguments.devtools.reporting import render, write_section
from arguments.devtools.serving import gunicorn, production_env, worker_pids
from arguments.models import (
    Account,
    Argument,
    Assignment,
    Claim,
    ClassMember,
    Classroom,
    Debate,
    Decision,
    Membership,
    Premise,
    Proposal,
    Role,
    Status,
    Vote,
)
from arguments.services.counts import drift

SEED_SLUG = "us-china-human-rights"
PASSWORD = "load-test-password-7Qx"  # the simulated accounts' (local databases only)
CLASS_NAME = "Load test class"


class Command(BaseCommand):
    help = "Simulated users against gunicorn on PostgreSQL; latency, errors, reconciliation."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=200)
        parser.add_argument("--duration", type=float, default=60.0, help="seconds")
        parser.add_argument(
            "--workers",
            type=int,
            default=2 * (os.cpu_count() or 1) + 1,
            help="gunicorn sync workers (default: its advice, 2 × cores + 1)",
        )
        parser.add_argument("--think", default="3,12", help="pause between steps: MIN,MAX s")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--restart-postgres-at", type=float, metavar="SECONDS")
        parser.add_argument("--kill-worker-at", type=float, metavar="SECONDS")
        parser.add_argument(
            "--abuse",
            action="store_true",
            help="a quiet run, then the same run with one attacker (devtools/abuse.py)",
        )
        parser.add_argument(
            "--two-servers",
            action="store_true",
            help="two servers sharing a Redis of the run's own, killed mid-run "
            "(devtools/twoservers.py)",
        )
        parser.add_argument("--json", metavar="FILE", help="write the report as JSON")
        parser.add_argument(
            "--server-log",
            default="loadtest-server.log",
            metavar="FILE",
            help="where gunicorn's and the application's log go (default: %(default)s)",
        )
        parser.add_argument(
            "--output", metavar="FILE", help="write the report's table into this Markdown file"
        )

    def handle(self, *args, **options):
        if options["restart_postgres_at"] is not None and connection.vendor != "postgresql":
            raise CommandError("--restart-postgres-at needs DATABASE_URL on PostgreSQL.")
        debate = Debate.objects.filter(slug=SEED_SLUG).first()
        if debate is None:
            raise CommandError("Load the seed debate first: python manage.py load_seed")
        faulted = options["restart_postgres_at"] is not None or options["kill_worker_at"]
        if options["abuse"] and faulted:
            raise CommandError("--abuse runs without the other faults; run them apart.")
        if options["two_servers"] and (faulted or options["abuse"]):
            raise CommandError("--two-servers makes its own fault (Redis); run the others apart.")
        if options["two_servers"] and shutil.which("redis-server") is None:
            raise CommandError("--two-servers starts a redis-server of its own: install Redis.")
        if connection.vendor != "postgresql":
            self.stderr.write("Warning: not on PostgreSQL; SQLite serialises every write.")
        accounts, class_debate = prepare(debate, options["users"])
        low, high = (float(x) for x in options["think"].split(","))
        plan = loadtest.Plan(
            slug=debate.slug,
            class_slug=class_debate.slug,
            claim_ids=list(
                debate.claims.filter(status=Status.APPROVED).values_list("pk", flat=True)
            ),
            run_id=secrets.token_hex(3),
            think=(low, high),
            rng_seed=options["seed"],
        )
        faults = Faults(options)
        options["votes_before"] = stored_votes([name for role, name, _ in accounts])
        options["load_before"] = os.getloadavg()
        started = time.monotonic()

        def clock():
            return time.monotonic() - started

        # Writers would otherwise meet the daily limit on proposals in a long run.
        env = production_env(PROPOSALS_PER_DAY="100000")
        self.stderr.write(f"{len(accounts)} users sign in, then run {options['duration']} s…")
        log_file = Path(options["server_log"])
        if options["abuse"]:
            attacker = abuse_accounts()
        facts = None
        if options["two_servers"]:
            faults.scenario = "two-servers"
            log, outcome, facts = twoservers.run(
                options=options,
                accounts=accounts,
                plan=plan,
                clock=clock,
                faults=faults,
                debate=debate,
                log_file=log_file,
                stderr=self.stderr,
                password=PASSWORD,
            )
        else:
            with (
                log_file.open("w", encoding="utf-8") as server_log,
                gunicorn(workers=options["workers"], env=env, log=server_log) as (port, server),
            ):
                if options["abuse"]:
                    quiet = build_report(
                        options,
                        *loadtest.run_users(
                            port=port,
                            accounts=accounts,
                            plan=plan,
                            clock=clock,
                            duration=options["duration"],
                        ),
                        faults,
                        plan,
                        [debate.pk, class_debate.pk],
                        log_file,
                    )
                    plan.run_id = secrets.token_hex(3)
                    options["votes_before"] = stored_votes([name for _, name, _ in accounts])
                    attack = abuse.Attacker(
                        port=port,
                        clock=clock,
                        slug=debate.slug,
                        claim_ids=plan.claim_ids,
                        argument_ids=list(
                            Argument.objects.filter(
                                debate=debate, status=Status.APPROVED
                            ).values_list("pk", flat=True)
                        ),
                        staff_name=attacker["staff"],
                    )
                    if not attack.sign_in(attacker["attacker"], PASSWORD):
                        raise CommandError("The attacker's account could not sign in.")
                    faults.attacker, faults.scenario = attack, "abuse"
                log, outcome = loadtest.run_users(
                    port=port,
                    accounts=accounts,
                    plan=plan,
                    clock=clock,
                    duration=options["duration"],
                    on_start=lambda now: faults.start(server, now, clock),
                )
                faults.join()
                if options["abuse"]:
                    # Two accounts of each role sign in again, from the attacker's address.
                    sample = [a for a in accounts if a[1].endswith(("-0", "-1"))]
                    locked_out = abuse.lockout_check(
                        port=port, clock=clock, accounts=sample, log=[]
                    )
        connection.close()  # a restart killed this process's connection too
        report = build_report(
            options, log, outcome, faults, plan, [debate.pk, class_debate.pk], log_file
        )
        table = render(report)
        if facts is not None:
            report["two_servers"] = facts
            report["missed"] += twoservers.missed(facts)
            table = render(report) + twoservers.render(facts)
        if options["abuse"]:
            report = abuse.judge(
                quiet=quiet,
                attacked=report,
                attacks=abuse.attack_rows(attack.log),
                locked_out=locked_out,
                checked=len(sample),
            )
            table = abuse.render(report, render(quiet), table)
        self.stdout.write(table)
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(report, indent=2), encoding="utf-8")
        if options["output"]:
            write_section(Path(options["output"]), report["scenario"], table)
        if report["missed"]:
            raise CommandError("Targets missed: " + "; ".join(report["missed"]))


def abuse_accounts():
    """The attacker's ordinary account and a staff account whose password it guesses."""
    User = get_user_model()
    names = {"attacker": "load-attacker", "staff": "load-staff"}
    for role, name in names.items():
        user, _ = User.objects.get_or_create(username=name)
        user.password = make_password(PASSWORD if role == "attacker" else secrets.token_hex(16))
        user.is_staff = role == "staff"
        user.save()
    return names


def prepare(debate, users):
    """The simulated accounts (made once, reused by later runs): readers, writers,
    moderators of the seed debate, and students of a teacher's class with a copy of the
    debate and an open assignment. Returns ([(role, username, password)], class debate)."""
    User = get_user_model()
    counts = loadtest.role_counts(users)
    wanted = [(role, f"load-{role}-{n}") for role, k in counts.items() for n in range(k)]
    existing = set(
        User.objects.filter(username__startswith="load-").values_list("username", flat=True)
    )
    hashed = make_password(PASSWORD)  # one hash for every account: the default hasher is slow
    User.objects.bulk_create(
        [User(username=name, password=hashed) for _, name in wanted if name not in existing]
        + ([] if "load-teacher" in existing else [User(username="load-teacher", password=hashed)])
    )
    by_name = {u.username: u for u in User.objects.filter(username__startswith="load-")}
    for role, name in wanted:
        if role == "moderator":
            Membership.objects.update_or_create(
                debate=debate, user=by_name[name], defaults={"role": Role.MODERATOR}
            )
    teacher = by_name["load-teacher"]
    Account.objects.update_or_create(user=teacher, defaults={"is_teacher": True})
    room = Classroom.objects.filter(name=CLASS_NAME, members__user=teacher).first()
    if room is None:
        room = classes.create_classroom(teacher=teacher, name=CLASS_NAME)
    class_debate = Debate.objects.filter(classroom=room).first()
    if class_debate is None:
        class_debate = classes.copy_debate(
            classroom=room, teacher=teacher, source=debate, title="Load test class debate"
        )
        now = timezone.now()
        classes.create_assignment(
            classroom=room,
            debate=class_debate,
            title="Weigh the reasons",
            instructions="Rate how much each reason bears on its claim.",
            opens=now - timedelta(hours=1),
            due=now + timedelta(days=365),
        )
    else:
        Assignment.objects.filter(debate=class_debate).update(
            due=timezone.now() + timedelta(days=365)
        )
    students = set(
        ClassMember.objects.filter(classroom=room).values_list("user__username", flat=True)
    )
    for role, name in wanted:
        if role == "student" and name not in students:
            classes.join(user=by_name[name], code=room.join_code)
    return [(role, name, PASSWORD) for role, name in wanted], class_debate


class Faults:
    """Runs the requested faults at their times on a thread; records their windows."""

    def __init__(self, options):
        self.restart_at = options["restart_postgres_at"]
        self.kill_at = options["kill_worker_at"]
        self.windows, self.notes = [], []
        self.thread = self.attack = self.attacker = None
        self.duration = options.get("duration", 0)
        # Asked here, on the main thread: Django's connections are per thread.
        self.version = None
        if self.restart_at is not None:
            self.version = connection.pg_version // 10000
        self.scenario = "plain"
        if self.restart_at is not None:
            self.scenario = "postgres-restart"
        if self.kill_at is not None:
            self.scenario = "worker-kill" if self.restart_at is None else "both-faults"

    def start(self, server, now, clock):
        self.t0 = now
        if self.attacker is not None:  # beside the users, until their deadline
            deadline = now + self.duration
            self.attack = threading.Thread(target=self.attacker.run, args=(deadline,))
            self.attack.start()
        plan = sorted(
            (at, name)
            for at, name in ((self.restart_at, "restart"), (self.kill_at, "kill"))
            if at is not None
        )
        if not plan:
            return

        def go():
            for at, name in plan:
                time.sleep(max(0.0, now + at - clock()))
                if name == "restart":
                    self.restart_postgres(clock)
                else:
                    self.kill_worker(server, clock)

        self.thread = threading.Thread(target=go, daemon=True)
        self.thread.start()

    def join(self):
        for thread in (self.thread, self.attack):
            if thread:
                thread.join()

    def restart_postgres(self, clock):
        version = self.version
        begin = clock()
        done = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", str(version), "main", "restart"],
            capture_output=True,
            text=True,
        )
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
            if clock() - begin > 60:
                break
            time.sleep(0.2)
        self.windows.append(loadtest.Window("PostgreSQL restart", begin, clock()))
        self.notes.append(
            f"PostgreSQL {version} restarted {begin - self.t0:.1f} s into the run, accepting "
            f"again at {clock() - self.t0:.1f} s (pg_ctlcluster exit {done.returncode})"
        )

    def kill_worker(self, server, clock):
        workers = worker_pids(server)
        if not workers:
            self.notes.append("no gunicorn worker found to kill")
            return
        victim = random.choice(workers)
        begin = clock()
        os.kill(victim, signal.SIGKILL)
        while clock() - begin < 30:
            current = worker_pids(server)
            if victim not in current and len(current) >= len(workers):
                break
            time.sleep(0.1)
        self.windows.append(loadtest.Window("worker killed", begin, clock()))
        self.notes.append(
            f"worker {victim} killed (SIGKILL) {begin - self.t0:.1f} s into the run; gunicorn "
            f"had started another by {clock() - self.t0:.1f} s"
        )


def build_report(options, log, outcome, faults, plan, debate_ids, server_log=None):
    windows = faults.windows
    summary = loadtest.summarise([r for r in log if r.kind != "sign in"], windows)
    summary["per_second"] = round(summary["requests"] / options["duration"], 1)
    # Reconciliation: the database against what clients were told.
    marker = f"LT{plan.run_id}-"
    rows = list(Claim.objects.filter(text__contains=marker).values_list("pk", "text", "status"))
    found = loadtest.tokens_in(text for _, text, _ in rows)
    proposals = loadtest.reconcile_proposals(
        acknowledged=outcome.acknowledged, attempted=outcome.attempted, found=found
    )
    claim_ids = [pk for pk, _, _ in rows]
    half = half_written(claim_ids)
    stored_decisions = dict(
        Proposal.objects.filter(pk__in={pk for pk, _ in outcome.decisions}).values_list(
            "pk", "status"
        )
    )
    decisions = loadtest.reconcile_decisions(outcome.decisions, stored_decisions)
    voters = {a.user for a in outcome.votes}
    before = {k: v for k, v in options.get("votes_before", {}).items() if k[0] in voters}
    votes = loadtest.reconcile_votes(outcome.votes, stored_votes(voters), before)
    counters = drift(debate_ids)
    steady = summary["steady"]
    missed = []
    if steady["server_errors"]:
        missed.append(f"{steady['server_errors']} server errors outside fault windows")
    if steady["no_answer"]:
        missed.append(f"{steady['no_answer']} requests without an answer outside fault windows")
    for name, items in (
        ("lost proposals", proposals["lost"]),
        ("doubled proposals", proposals["doubled"]),
        ("half-written rows", half),
        ("wrong decisions", decisions["wrong"]),
        ("wrong votes", votes["wrong"]),
        ("counters out of step", counters),
        ("failed sign-ins", outcome.sign_in_failures),
    ):
        if items:
            missed.append(f"{len(items)} {name}")
    return {
        "scenario": faults.scenario,
        "options": {
            k: options[k]
            for k in (
                "users",
                "duration",
                "workers",
                "think",
                "restart_postgres_at",
                "kill_worker_at",
            )
        },
        "roles": loadtest.role_counts(options["users"]),
        "database": connection.vendor,
        "load_average": {
            "before": [round(x, 1) for x in options.get("load_before", os.getloadavg())],
            "after": [round(x, 1) for x in os.getloadavg()],
        },
        "faults": [
            {"name": w.name, "start": w.start, "end": w.end, "note": note}
            for w, note in zip(windows, faults.notes, strict=False)
        ],
        "summary": summary,
        "proposals": {
            **proposals,
            "refused": len(outcome.refused),
            "attempted": len(outcome.attempted),
        },
        "half_written": half,
        "decisions": {**decisions, "conflicts": outcome.decision_conflicts},
        "votes": votes,
        "counters": counters,
        "sign_in_failures": outcome.sign_in_failures,
        "missed": missed,
        "sign_in": loadtest.latency_row([r for r in log if r.kind == "sign in"]),
        "server_log": server_log_summary(server_log),
    }


def server_log_summary(path):
    """Where the server's log is and how long it is (a fault's errors are logged there)."""
    if path is None:
        return {"file": "none", "lines": 0}
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return {"file": str(path), "lines": len(lines)}


def stored_votes(usernames):
    """(username, argument id) -> value of these users' votes."""
    rows = Vote.objects.filter(user__username__in=usernames).values_list(
        "user__username", "argument_id", "value"
    )
    return {(user, argument): value for user, argument, value in rows}


def half_written(claim_ids):
    """Rows a write left incomplete: a load-test claim without exactly one premise link or
    one proposal, a proposal without its argument, statuses out of step between a
    proposal, its claim and its argument, or a decision log that is not one submission
    and at most one decision."""
    problems = []
    premises = dict(
        Premise.objects.filter(claim_id__in=claim_ids)
        .values("claim_id")
        .annotate(n=Count("id"))
        .values_list("claim_id", "n")
    )
    by_claim = {}
    for proposal in Proposal.objects.filter(claim_id__in=claim_ids).select_related(
        "claim", "argument"
    ):
        by_claim.setdefault(proposal.claim_id, []).append(proposal)
    for pk in claim_ids:
        if premises.get(pk, 0) != 1:
            problems.append(f"claim {pk}: {premises.get(pk, 0)} premise links")
        found = by_claim.get(pk, [])
        if len(found) != 1:
            problems.append(f"claim {pk}: {len(found)} proposals")
            continue
        proposal = found[0]
        if proposal.argument is None:
            problems.append(f"proposal {proposal.pk}: no argument")
            continue
        if proposal.status == Proposal.State.MERGED:
            continue  # the claim is withdrawn; its argument moved to the kept claim
        expected = {
            Proposal.State.PENDING: Status.PENDING,
            Proposal.State.APPROVED: Status.APPROVED,
            Proposal.State.REJECTED: Status.REJECTED,
        }.get(proposal.status)
        if {proposal.claim.status, proposal.argument.status} != {expected}:
            problems.append(
                f"proposal {proposal.pk} {proposal.status}: claim {proposal.claim.status}, "
                f"argument {proposal.argument.status}"
            )
    log = (
        Decision.objects.filter(proposal__claim_id__in=claim_ids)
        .values("proposal_id", "proposal__status")
        .annotate(
            submitted=Count("id", filter=Q(action=Decision.Action.SUBMITTED)),
            decided=Count("id", filter=~Q(action=Decision.Action.SUBMITTED)),
        )
    )
    for row in log:
        wanted_decisions = 0 if row["proposal__status"] == Proposal.State.PENDING else 1
        if row["submitted"] != 1 or row["decided"] != wanted_decisions:
            problems.append(
                f"proposal {row['proposal_id']}: {row['submitted']} submissions and "
                f"{row['decided']} decisions logged"
            )
    return problems
