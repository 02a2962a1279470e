"""The load test's attacker (no Django here): one ordinary signed-in account, and the same
client without its cookies, running each abuse the site must hold against in turn, as fast
as the server answers, while the simulated users work.

Every attack is one bounded request (a timeout, a capped body); the attacker keeps its own
request log, apart from the users', so the report can say what the users felt and what the
attacker was answered. After the run, `lockout_check` signs real accounts in again from the
same address the attacker used (loopback: one address for everyone, as behind a proxy or a
school's NAT) — an address-wide lockout shows there as users refused with their right
passwords.
"""

import itertools
import random
import secrets
from collections import Counter, defaultdict
from http.client import HTTPConnection
from urllib.parse import urlencode

from arguments.devtools.loadtest import Browser, Request, form_token, latency_row

# A Kialo export whose closing `Sources:` block holds one 100 KB line of `: "x` repeated:
# the shape that made the old reader's quote pattern backtrack for seconds.
KIALO_BOMB = (
    "Discussion Title: Load test abuse\n\n1. A thesis.\n1.1. Pro: A reason.\n\nSources:\n"
    + ': "x' * 25_000
    + "\n"
)
TYPO_QUERY = " ".join(
    "".join(random.Random(n).choice("qxzjkvw") for _ in range(9)) for n in range(48)
)[:479]
OVERSIZED_BYTES = 20 * 2**20  # declared and sent; the site's limit is 5 MB


class Attacker:
    """Runs `ATTACKS` round-robin until `deadline` (seconds on the run clock)."""

    def __init__(self, *, port, clock, slug, claim_ids, argument_ids, staff_name, seed=7):
        self.port, self.clock, self.slug = port, clock, slug
        self.claim_ids, self.argument_ids = claim_ids, argument_ids
        self.staff_name = staff_name
        self.rng = random.Random(seed)
        self.log = []
        self.signed = Browser(port, self.log, clock, timeout=35)
        self.anonymous = Browser(port, self.log, clock, timeout=35)

    def sign_in(self, username, password):
        return self.signed.sign_in(username, password)

    def run(self, deadline):
        for name in itertools.cycle(ATTACKS):
            if self.clock() >= deadline:
                return
            getattr(self, name)()

    # Each attack: one request (or a form fetch and its post), kinds prefixed "attack: ".

    def kialo_bomb(self):
        self._upload("attack: quadratic Kialo upload", KIALO_BOMB.encode(), "bomb.txt")

    def oversized_upload(self):
        """A 20 MB body: the server should refuse it from the headers, before reading it."""
        token = self.signed.cookies.get("csrftoken", "")
        boundary = "abuse" + secrets.token_hex(8)
        head, tail = _multipart(boundary, {"csrfmiddlewaretoken": token, "title": "Big"}, "f")
        length = len(head) + OVERSIZED_BYTES + len(tail)
        start = self.clock()
        connection = HTTPConnection("127.0.0.1", self.port, timeout=35)
        status = 0
        try:
            connection.putrequest("POST", "/debates/new/")
            connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
            connection.putheader("Content-Length", str(length))
            connection.putheader("Cookie", _cookie_header(self.signed.cookies))
            connection.endheaders()
            connection.send(head)
            chunk = b"x" * 2**20
            for _ in range(OVERSIZED_BYTES // len(chunk)):
                connection.send(chunk)
            connection.send(tail)
            status = connection.getresponse().status
        except OSError:  # the server answered early and closed: read what it said
            try:
                status = connection.getresponse().status
            except (OSError, ValueError):
                status = 0
        finally:
            connection.close()
        self.log.append(Request("attack: 20 MB upload", start, self.clock(), status))

    def admin_guess(self):
        page = self.anonymous.get("attack: admin password guess", "/admin/login/")
        if page is None:
            return
        self.anonymous.request(
            "attack: admin password guess",
            "POST",
            "/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": form_token(page.body),
                "username": self.staff_name,
                "password": secrets.token_hex(6),
                "next": "/admin/",
            },
        )

    def made_up_sign_in(self):
        page = self.anonymous.get("attack: sign-in with made-up names", "/accounts/login/")
        if page is None:
            return
        self.anonymous.request(
            "attack: sign-in with made-up names",
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": form_token(page.body),
                "username": "ghost-" + secrets.token_hex(4),
                "password": secrets.token_hex(6),
            },
        )

    def typo_search(self):
        self.anonymous.get("attack: long typo search", "/search/?" + urlencode({"q": TYPO_QUERY}))

    def cache_buster(self):
        claim = self.rng.choice(self.claim_ids)
        path = f"/d/{self.slug}/c/{claim}/?x={secrets.token_hex(6)}"
        self.anonymous.get("attack: cache-busting reads", path)

    def big_export(self):
        self.anonymous.get("attack: anonymous exports", f"/d/{self.slug}/export.aif.json")

    def what_if(self):
        claim = self.rng.choice(self.claim_ids)
        self.anonymous.get("attack: what-if", f"/d/{self.slug}/c/{claim}/what-if/")

    def vote_flood(self):
        argument = self.rng.choice(self.argument_ids)
        self.signed.post(
            "attack: vote flood",
            f"/d/{self.slug}/a/{argument}/vote/",
            {"value": str(self.rng.randint(0, 4))},
        )

    def join_guess(self):
        self.signed.post("attack: join-code guesses", "/classes/join/", {"code": _code()})

    def sign_up_flood(self):
        password = "Pw-" + secrets.token_hex(8)
        self.anonymous.get("attack: sign-up flood", "/accounts/signup/")
        self.anonymous.post(
            "attack: sign-up flood",
            "/accounts/signup/",
            {
                "username": "flood-" + secrets.token_hex(5),
                "password1": password,
                "password2": password,
            },
        )

    def reset_flood(self):
        self.anonymous.get("attack: password-reset flood", "/accounts/password/reset/")
        self.anonymous.post(
            "attack: password-reset flood",
            "/accounts/password/reset/",
            {"email": f"{secrets.token_hex(4)}@example.org"},
        )

    def new_debate_flood(self):
        self.signed.post(
            "attack: debate creation flood",
            "/debates/new/",
            {
                "title": "Flood " + secrets.token_hex(4),
                "thesis": "A thesis nobody asked for.",
                "visibility": "public",
            },
        )

    def _upload(self, kind, content, filename):
        token = self.signed.cookies.get("csrftoken", "")
        boundary = "abuse" + secrets.token_hex(8)
        fields = {"csrfmiddlewaretoken": token, "title": "Abuse " + secrets.token_hex(3)}
        fields |= {"visibility": "unlisted", "format": ""}
        head, tail = _multipart(boundary, fields, filename)
        self.signed.request(
            kind,
            "POST",
            "/debates/new/",
            body=head + content + tail,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


ATTACKS = (
    "kialo_bomb",
    "oversized_upload",
    "admin_guess",
    "made_up_sign_in",
    "typo_search",
    "cache_buster",
    "big_export",
    "what_if",
    "vote_flood",
    "join_guess",
    "sign_up_flood",
    "reset_flood",
    "new_debate_flood",
)


def lockout_check(*, port, clock, accounts, log):
    """Sign each (role, username, password) in again from a fresh client; the usernames
    refused although their password is right (the attacker may have locked them out)."""
    refused = []
    for _, username, password in accounts:
        if not Browser(port, log, clock).sign_in(username, password):
            refused.append(username)
    return refused


def attack_rows(log):
    """Per attack: requests, latency, and the answers by status (what held it off)."""
    by_kind = defaultdict(list)
    for request in log:
        if request.kind.startswith("attack: "):  # not its own sign-in
            by_kind[request.kind].append(request)
    return {
        kind: {
            **latency_row(rows),
            "by_status": dict(sorted(Counter(str(r.status) for r in rows).items())),
        }
        for kind, rows in sorted(by_kind.items())
    }


def _multipart(boundary, fields, filename):
    """The bytes around one file part: (everything before its content, everything after)."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    )
    return "".join(parts).encode(), f"\r\n--{boundary}--\r\n".encode()


def _cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _code():
    return "".join(random.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))


def judge(*, quiet, attacked, attacks, locked_out, checked):
    """The attacked run's report with the comparison against the quiet one: the users' p95
    within 2× of the quiet run's, no error for them, nobody locked out."""
    before, during = quiet["summary"]["steady"], attacked["summary"]["steady"]
    ratio = None
    if before["p95_ms"] and during["p95_ms"] is not None:
        ratio = round(during["p95_ms"] / before["p95_ms"], 2)
    missed = [f"quiet run: {m}" for m in quiet["missed"]] + list(attacked["missed"])
    if ratio is None or ratio > 2:
        missed.append(f"users' p95 {ratio}× the quiet run's (target ≤ 2×)")
    if during["by_status"]:
        missed.append(f"users' errors under attack: {during['by_status']}")
    if locked_out:
        missed.append(f"{len(locked_out)} of {checked} accounts locked out")
    abuse = {"p95_ratio": ratio, "attacks": attacks, "locked_out": locked_out}
    return {**attacked, "quiet": quiet, "abuse": {**abuse, "checked": checked}, "missed": missed}


def render(report, quiet_table, attacked_table):
    """The abuse section of docs/loadtest.md: both runs, the attacker's answers, targets."""
    a = report["abuse"]
    quiet_p95 = report["quiet"]["summary"]["steady"]["p95_ms"]
    attacked_p95 = report["summary"]["steady"]["p95_ms"]
    lines = [
        "### Scenario: abuse",
        "",
        f"One attacker — an ordinary signed-in account, and the same client without its "
        f"cookies — runs each of {len(ATTACKS)} abuses in turn, one request at a time and "
        "as fast as it is answered, while the users work. Before it, the same users ran for "
        "the same time on the same server without it.",
        "",
        "#### Quiet run",
        "",
        _body(quiet_table),
        "#### The same run under attack",
        "",
        _body(attacked_table),
        "#### What the attacker was answered",
        "",
        "| attack | requests | p50 ms | p95 ms | answers by status |",
        "|---|---:|---:|---:|---|",
    ]
    for kind, row in a["attacks"].items():
        answers = ", ".join(f"{status}: {n}" for status, n in row["by_status"].items())
        lines.append(
            f"| {kind.removeprefix('attack: ')} | {row['requests']} | {row['p50_ms']:g} | "
            f"{row['p95_ms']:g} | {answers} |"
        )
    refused = ", ".join(a["locked_out"]) or "none"
    verdict = "met" if not report["missed"] else "MISSED: " + "; ".join(report["missed"])
    lines += [
        "",
        f"- Users' p95, outside faults: quiet {quiet_p95:g} ms, under attack "
        f"{attacked_p95:g} ms ({a['p95_ratio']}×; target ≤ 2×).",
        f"- Users' errors under attack: {report['summary']['steady']['by_status'] or 'none'}.",
        f"- After the attack, {a['checked']} accounts (two of each role) signed in again from "
        f"the attacker's address with their right passwords; refused: {refused}.",
        f"- Targets (users' p95 within 2×, no error for them, nobody locked out): {verdict}.",
    ]
    return "\n".join(lines) + "\n"


def _body(table):
    """A scenario table without its heading line."""
    return table.split("\n", 2)[2]
