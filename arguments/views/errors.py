"""The page for an unexpected error. When the database is out of reach (restarting, a
connection dropped) the server answers 503 with a short page and `Retry-After`, instead of
a 500, and trying again in a moment works."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
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
