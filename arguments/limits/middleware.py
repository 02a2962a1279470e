"""Refuse a request body that is declared too large, before anything reads it."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve

# Room for a form's other fields and the multipart framing around the file.
FORM_ALLOWANCE = 256 * 1024

# Pages that take a file of another size than an import, by URL name: the largest file in
# bytes. A body declared over it is sent back to the page's form (a GET with
# `?too_large=<bytes declared>`), which says so in its own words.
OWN_LIMITS = {"arguments:source_new": lambda: settings.SOURCE_MAX_BYTES}
# Pages whose form takes a long pasted text: a form whose fields (files aside) are over
# DATA_UPLOAD_MAX_MEMORY_SIZE goes back to the page with `?too_long=<bytes declared>`.
OWN_TEXT_LIMITS = {"arguments:source_new"}


def body_limit(view_name=""):
    """The most bytes a request body may declare: the page's file at its limit (an import
    file unless `OWN_LIMITS` names the page), plus its form."""
    own = OWN_LIMITS.get(view_name)
    largest = own() if own else settings.IMPORT_MAX_MB * 2**20
    return largest + FORM_ALLOWANCE


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


class RequestBodyLimitMiddleware:
    """A request whose `Content-Length` is over `body_limit()` gets a 413 page that states
    the limit, or for a page of `OWN_LIMITS` a redirect to its form, which states it; nothing
    reads its body (the CSRF check, which reads form fields, runs after every middleware's
    request phase, so this comes first). A body sent without a length (chunked) is not read
    by Django at all under WSGI. Place after the session, auth and messages middleware, so
    that the page renders with its header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        # Only a body over the smallest limit costs a look at the URL.
        if declared > min(body_limit(), *(body_limit(name) for name in OWN_LIMITS)):
            view_name = _view_name(request.path_info)
            if declared > body_limit(view_name):
                if view_name in OWN_LIMITS:
                    query = urlencode({"too_large": declared})
                    return redirect(f"{request.path}?{query}", permanent=False)
                context = {
                    "size_mb": f"{declared / 2**20:.1f}",
                    "limit_mb": settings.IMPORT_MAX_MB,
                    "back": request.path,
                }
                return render(request, "limits/too_large.html", context, status=413)
        if (
            request.method == "POST"
            and declared > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            and _view_name(request.path_info) in OWN_TEXT_LIMITS
        ):
            # Read here, before the CSRF check reads the form and Django answers a field
            # over DATA_UPLOAD_MAX_MEMORY_SIZE with a bare 400.
            try:
                request.POST  # noqa: B018 — parsing is the point
            except RequestDataTooBig:
                query = urlencode({"too_long": declared})
                return redirect(f"{request.path}?{query}", permanent=False)
        return self.get_response(request)
