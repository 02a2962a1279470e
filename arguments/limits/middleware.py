"""Refuse a request body that is declared too large, before anything reads it."""

from django.conf import settings
from django.shortcuts import render

# Room for the import form's other fields and the multipart framing around the file.
FORM_ALLOWANCE = 256 * 1024


def body_limit():
    """The most bytes a request body may declare: an import file at its limit, plus its form."""
    return settings.IMPORT_MAX_MB * 2**20 + FORM_ALLOWANCE


class RequestBodyLimitMiddleware:
    """A request whose `Content-Length` is over `body_limit()` gets a 413 page that states
    the limit; nothing reads its body (the CSRF check, which reads form fields, runs after
    every middleware's request phase, so this comes first). A body sent without a length
    (chunked) is not read by Django at all under WSGI. Place after the session, auth and
    messages middleware, so that the page renders with its header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > body_limit():
            context = {
                "size_mb": f"{declared / 2**20:.1f}",
                "limit_mb": settings.IMPORT_MAX_MB,
                "back": request.path,
            }
            return render(request, "limits/too_large.html", context, status=413)
        return self.get_response(request)
