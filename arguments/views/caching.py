"""Readers' pages served from cache: conditional GET and a rendered-page cache for people
who are not signed in.

Only requests that carry no session and no pending message are served this way: what such
a reader sees of a public or unlisted debate is its approved content, the same for every
one of them, and changes only when the debate's `version` (or `updated`) changes — every
service that changes what readers see bumps it (`services.counts.touch`). The key also
holds the path, the values of the query parameters the view reads (each cached view names
them; any other parameter shares the page, so made-up ones cannot fill the cache), the htmx
headers that pick a fragment, the reader's sort cookie and the code's build, so a deploy
never serves pages of the templates before it.

A 304 or a cache hit costs one query: the debate's stamp. Pages live in the "pages" cache,
apart from the cached drawings of the overview. A page missing from the cache is rendered
once however many readers ask for it at the same moment (`cache.once.compute_once`): the
others wait for it, on every server sharing the cache.
"""

import hashlib
from datetime import UTC
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_etags

from arguments.cache.build import BUILD
from arguments.cache.once import Unkept, compute_once
from arguments.models import Debate
from arguments.permissions import READABLE

CACHE_SECONDS = 600
LOCK_SECONDS = 10  # the longest readers of one new page wait for the first to render it
VARY = ["Cookie", "HX-Request", "HX-Target"]


_STAMP_SQL = (
    f"SELECT version, updated FROM {Debate._meta.db_table}"
    f" WHERE slug = %s AND visibility IN ({', '.join(['%s'] * len(READABLE))}) LIMIT 1"
)


def _stamp(slug):
    """(version, updated) of the debate if anonymous readers may read it, else None.

    Written out in SQL (the table name comes from the model, the values are parameters):
    it runs for every cached page and every 304, where building the ORM's query cost
    several times what the database takes to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL, [slug, *READABLE])
        row = cursor.fetchone()
    if row is None:
        return None
    version, updated = row
    if isinstance(updated, str):  # SQLite hands back its text, in UTC
        updated = parse_datetime(updated).replace(tzinfo=UTC)
    return version, updated


def anonymous(request):
    """No session and no message waiting: the request cannot be anyone in particular."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def read_params(request, params):
    """The values of the query parameters `params`, in a fixed order: what of the query
    string a cached page depends on."""
    return "&".join(f"{name}={request.GET.getlist(name)!r}" for name in params)


def only_read_params(request, params):
    """Drop from the request every query parameter but `params`: the page rendered for the
    cache then holds no trace of the others (links that copy the query string), so every
    request sharing its key gets the page it would have got alone."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name))
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()


def for_readers(*, params):
    """Serve a view (which takes `slug`) with ETags, Last-Modified and a page cache for
    anonymous readers; everyone else gets the view as it is. `params` names every query
    parameter the view reads: pages differing in any other parameter are one page."""

    def decorate(view):
        return _cached_for_readers(view, tuple(params))

    return decorate


def _cached_for_readers(view, params):
    @wraps(view)
    def wrapper(request, *args, slug, **kwargs):
        if request.method not in ("GET", "HEAD") or not anonymous(request):
            return view(request, *args, slug=slug, **kwargs)
        stamp = _stamp(slug)
        if stamp is None:  # no such debate, or not for anonymous readers: let the view say
            return view(request, *args, slug=slug, **kwargs)
        version, updated = stamp
        only_read_params(request, params)
        key = "|".join(
            [
                view.__name__,
                request.path,
                read_params(request, params),
                str(version),
                updated.isoformat(),
                request.COOKIES.get("sort", ""),
                request.headers.get("HX-Request", ""),
                request.headers.get("HX-Boosted", ""),
                request.headers.get("HX-History-Restore-Request", ""),
                request.headers.get("HX-Target", ""),
                BUILD,
            ]
        )
        etag = '"' + hashlib.sha1(key.encode()).hexdigest() + '"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:

            def render():
                response = view(request, *args, slug=slug, **kwargs)
                if response.status_code != 200 or response.cookies or response.streaming:
                    return Unkept(response)
                return (response.content, response["Content-Type"])

            found = compute_once(
                caches["pages"],
                f"page:{etag}",
                render,
                timeout=CACHE_SECONDS,
                lock_timeout=LOCK_SECONDS,
                name="page",
            )
            if isinstance(found, HttpResponseBase):
                return found  # not for the cache (an error, a cookie): as the view made it
            content, content_type = found
            response = HttpResponse(content, content_type=content_type)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(updated.timestamp())
        response["Cache-Control"] = "no-cache"  # keep it, but ask again each time: a 304
        patch_vary_headers(response, VARY)
        return response

    return wrapper


class PrivateForSignedInMiddleware:
    """Every answer to a signed-in person is `Cache-Control: private`: their pages hold their
    pending claims, roles and inbox, which no shared cache (a proxy, a CDN) may keep and hand
    to the next reader. A response that already says `private` or `no-store` is left as it
    is; anonymous readers' pages keep the shared caching above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            control = response.get("Cache-Control", "")
            if "private" not in control and "no-store" not in control:
                patch_cache_control(response, private=True)
        return response
