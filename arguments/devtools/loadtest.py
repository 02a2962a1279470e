"""The load test's simulated users, its latency maths and its reconciliation (no Django here:
`manage.py loadtest` gives it the accounts and the database's answers).

Each simulated user is a thread with its own cookie jar that signs in through the real
login form (CSRF token from the form) and then, until the deadline, does what its role
does with a pause between steps: readers walk the debate (focus views along the links,
children fragments with `HX-Request`, the outline, search), writers propose claims whose
text carries a unique token, moderators open the queue and approve or reject, students
rate reasons in their class debate. Every request is recorded with its start, end and
status; every write with whether the server acknowledged it.
"""

import html
import random
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode

SEARCH_WORDS = ["prisoners", "Tibet", "sanctions", "dialogue", "Xinjiang", "pressure", "trade"]
FAULT_GRACE_SECONDS = 2.0  # a request ending this long after a fault still counts as in it

# ---------------------------------------------------------------------------------------
# Records and latency maths


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the client saw it: times in seconds from the run's start; status 0
    when no HTTP answer came (connection refused or reset, timeout)."""

    kind: str
    start: float
    end: float
    status: int

    @property
    def ms(self):
        return (self.end - self.start) * 1000


@dataclass(frozen=True, slots=True)
class Window:
    """A fault: what was done, and from when until the service was back."""

    name: str
    start: float
    end: float


def percentile(values, q):
    """The nearest-rank q-th percentile (0 < q ≤ 100) of `values`; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n q / 100), at least the first
    return ordered[int(rank) - 1]


def in_fault(request, windows, grace=FAULT_GRACE_SECONDS):
    """Whether the request overlaps a fault window (stretched by `grace` at its end)."""
    return any(request.start <= w.end + grace and request.end >= w.start for w in windows)


def latency_row(requests):
    ms = [r.ms for r in requests]
    return {
        "requests": len(ms),
        "p50_ms": _round(percentile(ms, 50)),
        "p95_ms": _round(percentile(ms, 95)),
        "p99_ms": _round(percentile(ms, 99)),
    }


def summarise(requests, windows=()):
    """Totals, latency per kind of request, and errors: by status, 5xx and no-answer
    counted apart inside fault windows ("expected during the fault") and outside them."""
    steady = [r for r in requests if not in_fault(r, windows)]
    faulted = [r for r in requests if in_fault(r, windows)]
    by_kind = defaultdict(list)
    for r in steady:
        by_kind[r.kind].append(r)

    def errors(rows):
        statuses = Counter(r.status for r in rows if r.status >= 400 or r.status == 0)
        return {
            "by_status": {str(k): v for k, v in sorted(statuses.items())},
            "server_errors": sum(v for k, v in statuses.items() if k >= 500),
            "no_answer": statuses.get(0, 0),
        }

    return {
        "requests": len(requests),
        "steady": {**latency_row(steady), **errors(steady)},
        "during_faults": {**latency_row(faulted), **errors(faulted)},
        "by_kind": {kind: latency_row(rows) for kind, rows in sorted(by_kind.items())},
    }


def _round(value):
    return None if value is None else round(value, 1)


# ---------------------------------------------------------------------------------------
# Reconciliation: what clients were told against what the database holds

TOKEN_RE = re.compile(r"\bLT[0-9a-f]{6}-\d+-\d+\b")


def tokens_in(texts):
    """How many times each load-test token appears across `texts`."""
    found = Counter()
    for text in texts:
        found.update(TOKEN_RE.findall(text))
    return found


def reconcile_proposals(*, acknowledged, attempted, found):
    """`acknowledged`: tokens the server confirmed; `attempted`: every token sent; `found`:
    token -> number of claims holding it. Lost: acknowledged, not found. Doubled: found more
    than once. In doubt: sent, not acknowledged (no answer), yet saved — not an error: the
    answer was lost, not the write. Unknown: found but never sent by this run."""
    acknowledged, attempted = set(acknowledged), set(attempted)
    return {
        "acknowledged": len(acknowledged),
        "lost": sorted(t for t in acknowledged if found.get(t, 0) == 0),
        "doubled": sorted(t for t, n in found.items() if n > 1),
        "saved_unacknowledged": sorted(t for t in attempted - acknowledged if found.get(t)),
        "unknown": sorted(t for t in found if t not in attempted),
    }


@dataclass(frozen=True, slots=True)
class VoteAttempt:
    user: str
    argument: int
    value: int | None  # None removes the vote
    acknowledged: bool


def expected_votes(attempts, before=None):
    """(user, argument) -> the set of values the database may hold: the last acknowledged
    value, or any value sent after it without an acknowledgement (its answer may be all
    that was lost); with no acknowledged vote, what was stored `before` the run (or
    nothing). Attempts are in the order each user sent them."""
    before = before or {}
    allowed = {}
    for attempt in attempts:
        key = (attempt.user, attempt.argument)
        if attempt.acknowledged:
            allowed[key] = {attempt.value}
        else:
            allowed.setdefault(key, {before.get(key)}).add(attempt.value)
    return allowed


def reconcile_votes(attempts, stored, before=None):
    """`stored` and `before`: (user, argument) -> value in the database after and before
    the run, for the users who voted. Returns the pairs whose stored value is not one the
    clients' answers allow."""
    before = before or {}
    allowed = expected_votes(attempts, before)
    wrong = []
    for key in sorted(set(allowed) | set(stored) | set(before)):
        value = stored.get(key)
        if value not in allowed.get(key, {before.get(key)}):
            wrong.append({"user": key[0], "argument": key[1], "stored": value})
    return {"acknowledged": sum(a.acknowledged for a in attempts), "wrong": wrong}


def reconcile_decisions(decisions, stored):
    """`decisions`: [(proposal id, "approved" | "rejected")] acknowledged to moderators;
    `stored`: proposal id -> status. A proposal acknowledged to two moderators, or whose
    stored status is not the acknowledged one, is wrong."""
    told = defaultdict(list)
    for pk, status in decisions:
        told[pk].append(status)
    wrong = [
        {"proposal": pk, "acknowledged": statuses, "stored": stored.get(pk)}
        for pk, statuses in sorted(told.items())
        if len(statuses) > 1 or stored.get(pk) != statuses[0]
    ]
    return {"acknowledged": len(decisions), "wrong": wrong}


# ---------------------------------------------------------------------------------------
# The client


@dataclass
class Response:
    status: int
    headers: dict
    body: str

    def location(self):
        return self.headers.get("location", "")


class Browser:
    """One simulated user's HTTP client: a cookie jar, a CSRF token, one connection per
    request (gunicorn's sync workers close it after each answer), every request recorded."""

    def __init__(self, port, log, clock, *, host="127.0.0.1", timeout=60):
        self.port, self.host, self.timeout = port, host, timeout
        self.log, self.clock = log, clock
        self.cookies = {}

    def request(self, kind, method, path, *, data=None, body=None, headers=None):
        """The response, or None when no HTTP answer came (recorded with status 0). `data`
        is sent form-encoded; `body` as it is (its Content-Type in `headers`)."""
        headers = {"Host": f"{self.host}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = self.clock()
        connection = HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read().decode("utf-8", "replace")
        except (OSError, ValueError):  # refused, reset, timed out, a bad status line
            self.log.append(Request(kind, start, self.clock(), 0))
            return None
        finally:
            connection.close()
        self.log.append(Request(kind, start, self.clock(), answer.status))
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        lowered = {k.lower(): v for k, v in answer.getheaders()}
        return Response(answer.status, lowered, content)

    def get(self, kind, path, **kwargs):
        return self.request(kind, "GET", path, **kwargs)

    def post(self, kind, path, data, **kwargs):
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request(kind, "POST", path, data=data, **kwargs)

    def sign_in(self, username, password):
        """Through the login form: GET it (CSRF cookie and token), POST it; True when the
        server answered the redirect that a successful sign-in gives."""
        page = self.get("sign in", "/accounts/login/")
        if page is None or page.status != 200:
            return False
        token = form_token(page.body)
        answer = self.request(
            "sign in",
            "POST",
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        return answer is not None and answer.status == 302 and "sessionid" in self.cookies


def form_token(body):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return match.group(1) if match else ""


def links(body, pattern):
    """Unescaped matches of `pattern` (one group) in a page."""
    return [html.unescape(m) for m in re.findall(pattern, body)]


# ---------------------------------------------------------------------------------------
# What each kind of user does


@dataclass
class Plan:
    """What the command tells the users: where things are and how long to go on."""

    slug: str  # the seed debate
    class_slug: str  # the students' class debate
    claim_ids: list  # approved claims of the seed debate, for writers
    run_id: str  # six hex digits, in every token
    deadline: float = 0.0  # seconds on the run clock; set when every user has signed in
    think: tuple = (3.0, 12.0)  # pause between steps, seconds (uniform): reading takes time
    rng_seed: int = 1


@dataclass
class Outcome:
    """What clients were told, shared by all users of a run (appends are thread-safe)."""

    attempted: list = field(default_factory=list)  # tokens sent
    acknowledged: list = field(default_factory=list)  # tokens the server confirmed
    refused: list = field(default_factory=list)  # (token, status) answered but not saved
    votes: list = field(default_factory=list)  # VoteAttempt
    decisions: list = field(default_factory=list)  # (proposal id, status) acknowledged
    decision_conflicts: int = 0  # "already decided by another moderator"
    sign_in_failures: list = field(default_factory=list)


class User:
    role = "user"

    def __init__(self, number, username, password, browser, plan, outcome):
        self.number, self.username, self.password = number, username, password
        self.browser, self.plan, self.outcome = browser, plan, outcome
        self.rng = random.Random(plan.rng_seed * 10_007 + number)

    gate = None  # a semaphore bounding how many users act at once, if any

    def run(self, clock):
        # Users set off spread over one pause, not all in the same instant.
        time.sleep(self.rng.uniform(0, self.plan.think[1]))
        while clock() < self.plan.deadline:
            if self.gate is None:
                self.step()
            else:
                with self.gate:
                    self.step()
            pause = self.rng.uniform(*self.plan.think)
            time.sleep(max(0.0, min(pause, self.plan.deadline - clock())))

    def step(self):
        raise NotImplementedError


class Reader(User):
    """Walks the seed debate: focus views along its links, fragments, outline, search."""

    role = "reader"

    def __init__(self, *args):
        super().__init__(*args)
        self.here = f"/d/{self.plan.slug}/"
        self.fragments = []

    def step(self):
        roll = self.rng.random()
        if roll < 0.6:
            page = self.browser.get("focus", self.here)
            if page is not None and page.status == 200:
                slug = re.escape(self.plan.slug)
                found = links(page.body, rf'href="(/d/{slug}/c/\d+/(?:\?path=[\d-]*)?)"')
                self.here = self.rng.choice(found) if found else f"/d/{self.plan.slug}/"
        elif roll < 0.8 and self.fragments:
            self.browser.get(
                "children fragment",
                self.rng.choice(self.fragments),
                headers={"HX-Request": "true"},
            )
        elif roll < 0.9:
            page = self.browser.get("outline", f"/d/{self.plan.slug}/outline/")
            if page is not None and page.status == 200:
                slug = re.escape(self.plan.slug)
                self.fragments = links(page.body, rf'hx-get="(/d/{slug}/c/\d+/children/[^"]*)"')
        else:
            word = self.rng.choice(SEARCH_WORDS)
            self.browser.get("search", f"/search/?{urlencode({'q': word})}")


class Writer(User):
    """Reads a claim, opens the form under it and proposes a pro or con with a token."""

    role = "writer"

    def __init__(self, *args):
        super().__init__(*args)
        self.proposals = 0

    def step(self):
        claim = self.rng.choice(self.plan.claim_ids)
        base = f"/d/{self.plan.slug}/c/{claim}/"
        self.browser.get("focus", base)
        stance = self.rng.choice(["support", "attack"])
        form = self.browser.get("propose form", f"{base}propose/?stance={stance}")
        if form is None or form.status != 200:
            return
        self.proposals += 1
        token = f"LT{self.plan.run_id}-{self.number}-{self.proposals}"
        text = f"Load test {token}: quiet diplomacy frees more prisoners than public pressure."
        self.outcome.attempted.append(token)
        answer = self.browser.request(
            "propose",
            "POST",
            f"{base}propose/",
            data={"csrfmiddlewaretoken": form_token(form.body), "stance": stance, "text": text},
        )
        if answer is None:
            return
        if answer.status == 302 and answer.location().startswith(base):
            self.outcome.acknowledged.append(token)
        else:
            self.outcome.refused.append((token, answer.status))


DECIDED = {"approve": "approved", "reject": "rejected"}


class Moderator(User):
    """Opens the queue and approves or rejects a few items, as htmx does from the queue."""

    role = "moderator"

    def step(self):
        queue = self.browser.get("moderation queue", "/moderation/")
        if queue is None or queue.status != 200:
            return
        items = sorted(set(int(pk) for pk in re.findall(r'id="proposal-(\d+)"', queue.body)))
        for pk in self.rng.sample(items, min(2, len(items))):
            action = "approve" if self.rng.random() < 0.7 else "reject"
            data = {"action": action}
            if action == "reject":
                data["reason"] = "Load test: not supported by the sources."
            answer = self.browser.post(
                "decide",
                f"/moderation/{pk}/decide/",
                data,
                headers={
                    "HX-Request": "true",
                    "HX-Target": f"proposal-{pk}",
                    "X-CSRFToken": self.browser.cookies.get("csrftoken", ""),
                },
            )
            if answer is None or answer.status != 200:
                continue
            if "message--success" in answer.body:
                self.outcome.decisions.append((pk, DECIDED[action]))
            elif "form-errors" in answer.body:
                self.outcome.decision_conflicts += 1


class Student(User):
    """Reads the class debate and rates its reasons (0–4; now and then takes a vote back)."""

    role = "student"

    def __init__(self, *args):
        super().__init__(*args)
        self.here = f"/d/{self.plan.class_slug}/"

    def step(self):
        page = self.browser.get("class focus", self.here)
        if page is None or page.status != 200:
            return
        slug = re.escape(self.plan.class_slug)
        forms = re.findall(rf'action="/d/{slug}/a/(\d+)/vote/"', page.body)
        if forms:
            argument = int(self.rng.choice(forms))
            value = None if self.rng.random() < 0.1 else self.rng.randint(0, 4)
            answer = self.browser.post(
                "vote",
                f"/d/{self.plan.class_slug}/a/{argument}/vote/",
                {"value": "" if value is None else str(value)},
            )
            if answer is not None:
                self.outcome.votes.append(
                    VoteAttempt(self.username, argument, value, answer.status == 302)
                )
            else:
                self.outcome.votes.append(VoteAttempt(self.username, argument, value, False))
        found = links(page.body, rf'href="(/d/{slug}/c/\d+/(?:\?path=[\d-]*)?)"')
        self.here = self.rng.choice(found) if found else f"/d/{self.plan.class_slug}/"


ROLES = {"reader": Reader, "writer": Writer, "moderator": Moderator, "student": Student}


def role_counts(users):
    """How many of `users` take each role: 1 in 20 moderates (at least one), 3 in 20 write,
    3 in 20 are students, the rest read."""
    moderators = max(1, users // 20)
    writers = max(1, users * 3 // 20)
    students = max(1, users * 3 // 20)
    readers = max(0, users - moderators - writers - students)
    return {"reader": readers, "writer": writers, "moderator": moderators, "student": students}


def run_users(
    *, port, accounts, plan, clock, duration, on_start=None, sign_in_concurrency=8, acting=None
):
    """Sign every account in (at most `sign_in_concurrency` at a time), then run them all
    for `duration` seconds (at most `acting` taking a step at once, if given), calling
    `on_start(now)` as they set off. `accounts`: [(role, username, password)]; `port` one
    server's, or a list of servers' that the users are dealt over in turn. Returns the
    request log and the outcome."""
    ports = [port] if isinstance(port, int) else list(port)
    log, outcome = [], Outcome()
    gate = threading.Semaphore(sign_in_concurrency)
    step_gate = threading.Semaphore(acting) if acting else None
    users = []
    for number, (role, username, password) in enumerate(accounts):
        browser = Browser(ports[number % len(ports)], log, clock)
        user = ROLES[role](number, username, password, browser, plan, outcome)
        user.gate = step_gate
        users.append(user)

    def sign_in(user):
        with gate:
            if not user.browser.sign_in(user.username, user.password):
                outcome.sign_in_failures.append(user.username)

    _together(users, sign_in)
    plan.deadline = clock() + duration
    if on_start:
        on_start(clock())
    signed_in = [u for u in users if u.username not in outcome.sign_in_failures]
    _together(signed_in, lambda user: user.run(clock))
    return log, outcome


def _together(users, work):
    threads = [threading.Thread(target=work, args=(user,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
