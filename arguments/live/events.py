"""What a live event is, and how it travels (pure: plain data in and out).

An event never carries content: it says which debate changed and how ("changed": the map
readers see; "queue": a proposal arrived or left its moderation queue; "decided": a decision
on one of the subscriber's own proposals). The page that hears it fetches its fragment again
through the normal permission checks, so a subscriber learns nothing they could not read.
"""

import json

KINDS = ("changed", "queue", "decided")


def event(*, debate, kind, version=None):
    """One event: {"debate": id, "kind": kind, "version": n or None}. `version` is the
    debate's version at least reached by the change, when the publisher knows it."""
    if kind not in KINDS:
        raise ValueError(f"unknown live event kind {kind!r}")
    return {"debate": int(debate), "kind": kind, "version": version}


def encode(item):
    return json.dumps(item, separators=(",", ":"), sort_keys=True)


def decode(text):
    """The event in `text`, or None when it is not one (a stray message on the channel)."""
    try:
        item = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(item, dict) or item.get("kind") not in KINDS:
        return None
    debate, version = item.get("debate"), item.get("version")
    if not isinstance(debate, int) or not (version is None or isinstance(version, int)):
        return None
    return {"debate": debate, "kind": item["kind"], "version": version}


def sse(item):
    """The event as a server-sent event: its kind names it (`hx-trigger="sse:changed"`)."""
    return f"event: {item['kind']}\ndata: {encode(item)}\n\n"


def comment(text):
    """A comment line: keeps the connection open through proxies, triggers nothing."""
    return f": {text}\n\n"


# The last event of a stream that ran its time: the page closes it (`sse-close="bye"`) and
# opens a new one itself, where a stream simply cut would count as an error in the browser.
BYE = "event: bye\ndata: bye\n\n"


def retry(milliseconds):
    """How long the browser waits before connecting again after the stream ends."""
    return f"retry: {int(milliseconds)}\n\n"


def debate_channel(debate_id):
    return f"debate:{int(debate_id)}"


QUEUE_CHANNEL = "queue"


def user_channel(user_id):
    return f"user:{int(user_id)}"
