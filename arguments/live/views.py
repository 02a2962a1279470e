"""The live streams: server-sent events for a debate room, a moderation queue and an inbox.

Each view checks permission first, with the normal Access rules: a debate the user may not
read answers 404, a queue they do not work 403, and neither opens a stream. Events say only
that something changed; the page fetches its fragment through its own view.

Under the ASGI server a stream stays open up to LIVE_MAX_SECONDS with a comment every
LIVE_HEARTBEAT_SECONDS, then says "bye" and the page connects again (static/js/app.js).
Under the WSGI server (`make run`, gunicorn's sync workers) a stream would hold a thread:
pages then render no live element at all (the `live_pages` context), and a stray client
is answered at once with no event and a `retry:` of LIVE_WSGI_RETRY_SECONDS.
"""

import asyncio
import contextlib
import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from arguments.accounts.addresses import client_address
from arguments.live import bus, events, selectors

log = logging.getLogger(__name__)

EVENT_STREAM = "text/event-stream"
# After a stream ends at LIVE_MAX_SECONDS, the browser connects again this soon.
RECONNECT_MS = 3000


def _event_stream(body, status=200):
    response = HttpResponse(body, content_type=EVENT_STREAM, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _not_served_here():
    """The WSGI answer: nothing to hear, come back later (no thread is held)."""
    retry = events.retry(settings.LIVE_WSGI_RETRY_SECONDS * 1000)
    return _event_stream(retry + events.comment("live updates need the ASGI server"))


def _holder(request, user):
    """The count's key and its limit: per person, or per address for anonymous readers."""
    if user.is_authenticated:
        return f"live:user:{user.pk}", settings.LIVE_MAX_PER_USER
    address = client_address(request) or "unknown"
    return f"live:address:{address}", settings.LIVE_MAX_PER_ADDRESS


async def _acquire(key, limit):
    """Count one more stream for `key`; False when it already holds `limit`.
    The count lives in the limits cache (shared with CACHE_URL) and expires on its own, so
    a server that died holding streams does not lock anyone out for long."""
    cache = caches["limits"]
    try:
        await cache.aadd(key, 0, timeout=settings.LIVE_MAX_SECONDS + 60)
        held = await cache.aincr(key)
    except Exception:  # noqa: BLE001 - a cache that is away counts nothing
        return True
    if held > limit:
        await _release(key)
        return False
    return True


async def _release(key):
    with contextlib.suppress(Exception):  # expired or away: nothing left to release
        await caches["limits"].adecr(key)


async def _stream(request, user, *, channels, accept=None, first=()):
    if not isinstance(request, ASGIRequest):
        return _not_served_here()
    key, limit = _holder(request, user)
    if not await _acquire(key, limit):
        response = _event_stream(events.comment("too many live pages open"), status=429)
        response["Retry-After"] = "60"
        return response
    try:
        subscription = await bus.get_bus().subscribe(channels)
    except Exception as error:  # noqa: BLE001 - no bus, no live page: it works as before
        await _release(key)
        log.warning("Live events: cannot subscribe (%s).", error)
        return HttpResponse(status=204)
    response = StreamingHttpResponse(
        _events(subscription, key=key, accept=accept, first=first),
        content_type=EVENT_STREAM,
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on as it comes
    return response


async def _events(subscription, *, key, accept, first):
    loop = asyncio.get_running_loop()
    # The permission check (and the session, the middleware) opened this request's database
    # connection; a stream needs none while it waits, and one held per stream ran PostgreSQL
    # out of connections. Run in the request's own thread, where that connection lives.
    await sync_to_async(_close_connections)()
    try:
        yield events.retry(RECONNECT_MS) + events.comment("listening")
        for item in first:
            yield events.sse(item)
        deadline = loop.time() + settings.LIVE_MAX_SECONDS
        while (left := deadline - loop.time()) > 0:
            item = await subscription.get(min(settings.LIVE_HEARTBEAT_SECONDS, left))
            if item is None:
                yield events.comment("keep-alive")
            elif accept is None or accept(item):
                yield events.sse(item)
        yield events.BYE
    finally:
        await subscription.close()
        await _release(key)


def _close_connections():
    """Close this thread's database connections, unless one is inside a transaction (a
    test's: the stream then runs in the test's own thread)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def _since(request):
    try:
        return int(request.GET.get("since", ""))
    except ValueError:
        return None


@require_safe
async def debate_room(request, slug):
    """/d/<slug>/live/: "changed" whenever the map its readers see changes. With
    `?since=<version>` (the version the page was drawn at) a change made before the stream
    opened is told at once."""
    user = await request.auser()
    debate_id, version = await sync_to_async(selectors.readable_debate)(user=user, slug=slug)
    since = _since(request)
    first = ()
    if since is not None and since < version:
        first = (events.event(debate=debate_id, kind="changed", version=version),)
    return await _stream(request, user, channels=[events.debate_channel(debate_id)], first=first)


@require_safe
async def queue(request):
    """/moderation/live/: "queue" when a proposal arrives at or leaves the queue of a debate
    the user moderates (the event names the debate, never the proposal or its text)."""
    user = await request.auser()
    debate_ids = await sync_to_async(selectors.moderated_debate_ids)(user=user)

    def accept(item):
        return debate_ids is None or item["debate"] in debate_ids

    return await _stream(request, user, channels=[events.QUEUE_CHANNEL], accept=accept)


@require_safe
async def inbox(request):
    """/inbox/live/: "decided" when a moderator decides one of the user's own proposals."""
    user = await request.auser()
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to follow your inbox.")
    return await _stream(request, user, channels=[events.user_channel(user.pk)])
