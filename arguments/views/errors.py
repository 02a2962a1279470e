"""The page for an unexpected error. When the database is out of reach (restarting, a
connection dropped) the server answers 503 with a short page and `Retry-After`, instead of
a 500, and trying again in a moment works."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 5


def server_error(request):
    """handler500: Django calls it inside its `except`, so the exception is at hand."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # Rendered without the request: context processors would ask the database again.
        page = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


def bad_request(request, exception):
    """handler400. A form whose fields (not its files) are over DATA_UPLOAD_MAX_MEMORY_SIZE
    is refused by Django before any view, as a bare 400: it gets a page that says so. (The
    add-a-source page, where a long paste is likely, is sent back to its own form by
    `limits.middleware` instead.)"""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    declared = int(declared) if declared.isdigit() else 0
    context = {
        "size_mb": f"{declared / 2**20:.1f}",
        "limit_mb": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:.1f}",
        "back": request.path,
    }
    return render(request, "limits/form_too_large.html", context, status=400)
