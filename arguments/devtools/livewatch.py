"""Live delivery for `loadtest --two-servers`: readers holding the debate's live stream on
one server, and a probe approving proposals on the other; how long after the approval was
sent each reader heard of it.

A "changed" event carries the debate's version (arguments/live/events.py); the probe reads
the version its approval reached from the database once the approval is answered, and a
reader has heard of it with the first event of that version or later.
"""

import json
import threading
import time
from http.client import HTTPConnection

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from arguments.devtools import loadtest
from arguments.models import Debate, Membership, Proposal, Role

PROBE_WRITER, PROBE_MODERATOR = "load-live-writer", "load-live-moderator"


def probe_accounts(debate, password):
    """The probe's writer and moderator of `debate`: [(username, password)] * 2."""
    for name in (PROBE_WRITER, PROBE_MODERATOR):
        user, _ = get_user_model().objects.get_or_create(username=name)
        user.password = make_password(password)
        user.save(update_fields=["password"])
        if name == PROBE_MODERATOR:
            Membership.objects.update_or_create(
                debate=debate, user=user, defaults={"role": Role.MODERATOR}
            )
    return (PROBE_WRITER, password), (PROBE_MODERATOR, password)


class Listener:
    """One anonymous reader's stream of /d/<slug>/live/: (clock time, version) per event."""

    def __init__(self, port, slug, clock):
        self.port, self.path, self.clock = port, f"/d/{slug}/live/", clock
        self.heard, self.opened, self.error, self.ended = [], False, None, None
        self.closing = False
        self.connection = None
        self.thread = threading.Thread(target=self.listen, daemon=True)

    def listen(self):
        try:
            self.connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request("GET", self.path, headers={"Accept": "text/event-stream"})
            response = self.connection.getresponse()
            self.opened = response.status == 200
            if not self.opened:
                self.error = f"status {response.status}"
                return
            kind = None
            while True:
                line = response.readline()
                if not line:
                    self.ended = self.clock()
                    return
                line = line.decode("utf-8", "replace").rstrip("\r\n")
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "changed":
                    version = json.loads(line[6:]).get("version")
                    self.heard.append((self.clock(), version))
        # AttributeError: http.client's reader once `close()` took the socket from under it.
        except (OSError, ValueError, AttributeError) as error:
            if not self.closing:
                self.error = type(error).__name__

    def close(self):
        self.closing = True  # what the reader raises from here on is this, not a failure
        if self.connection is not None:
            self.connection.close()


class Probe:
    """A writer and a moderator of the debate, on server `port`: every `every` seconds the
    writer proposes and the moderator approves; records (sent at, version reached, answered
    at)."""

    def __init__(self, *, port, clock, plan, writer, moderator, debate):
        self.port, self.clock, self.plan, self.debate = port, clock, plan, debate
        self.log = []
        self.writer = loadtest.Browser(port, self.log, clock)
        self.moderator = loadtest.Browser(port, self.log, clock)
        self.accounts = (writer, moderator)
        self.approvals = []

    def sign_in(self):
        return all(
            browser.sign_in(name, password)
            for browser, (name, password) in zip(
                (self.writer, self.moderator), self.accounts, strict=True
            )
        )

    def run(self, deadline, every):
        number = 0
        while self.clock() < deadline:
            number += 1
            started = self.clock()
            self.once(number)
            time.sleep(max(0.0, every - (self.clock() - started)))

    def once(self, number):
        base = f"/d/{self.plan.slug}/c/{self.debate.thesis_id}/"
        form = self.writer.get("live probe: propose form", f"{base}propose/?stance=support")
        if form is None or form.status != 200:
            return
        token = f"LIVE{self.plan.run_id}-{number}"
        self.writer.request(
            "live probe: propose",
            "POST",
            f"{base}propose/",
            data={
                "csrfmiddlewaretoken": loadtest.form_token(form.body),
                "stance": "support",
                "text": f"Live probe {token}: a reason approved to time its delivery.",
            },
        )
        proposal = Proposal.objects.filter(claim__text__contains=token).first()
        if proposal is None:
            return
        sent = self.clock()
        answer = self.moderator.post(
            "live probe: approve",
            f"/moderation/{proposal.pk}/decide/",
            {"action": "approve"},
            headers={
                "HX-Request": "true",
                "HX-Target": f"proposal-{proposal.pk}",
                "X-CSRFToken": self.moderator.cookies.get("csrftoken", ""),
            },
        )
        if answer is None or "message--success" not in answer.body:
            return
        answered = self.clock()
        version = Debate.objects.values_list("version", flat=True).get(pk=self.debate.pk)
        self.approvals.append((sent, version, answered))


def delivery(approvals, listeners, windows=()):
    """Per approval (sent at, version, answered at) and listener: seconds to the first event
    of its version or later, from the approval's sending (which includes its wait in server
    A's queue) and from its answer (the approval committed: an event may come before it,
    counted as 0); and how many were never heard. Approvals overlapping a fault window (or
    FAULT_GRACE_SECONDS after it), as the users' requests are counted, are counted apart:
    Redis away, their events are lost by design."""
    grace = loadtest.FAULT_GRACE_SECONDS  # as the users' requests are counted

    def overlaps(approval):
        sent, _, answered = approval
        return any(sent <= w.end + grace and answered >= w.start for w in windows)

    during = [a for a in approvals if overlaps(a)]
    approvals = [a for a in approvals if a not in during]
    from_sent, from_answer, missed = [], [], 0
    for sent, version, answered in approvals:
        for listener in listeners:
            heard = next((at for at, v in listener.heard if v is not None and v >= version), None)
            if heard is None:
                missed += 1
            else:
                from_sent.append(max(0.0, heard - sent))
                from_answer.append(max(0.0, heard - answered))
    return {
        "approvals": len(approvals),
        "approvals_during_faults": len(during),
        "listeners": len(listeners),
        "listening": sum(1 for listener in listeners if listener.opened),
        "events_heard": sum(len(listener.heard) for listener in listeners),
        "stream_errors": sorted({listener.error for listener in listeners if listener.error}),
        "deliveries": len(from_sent),
        "missed": missed,
        "p50_ms": _ms(loadtest.percentile(from_answer, 50)),
        "p95_ms": _ms(loadtest.percentile(from_answer, 95)),
        "max_ms": _ms(max(from_answer) if from_answer else None),
        "from_sending_p50_ms": _ms(loadtest.percentile(from_sent, 50)),
        "from_sending_p95_ms": _ms(loadtest.percentile(from_sent, 95)),
    }


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)
