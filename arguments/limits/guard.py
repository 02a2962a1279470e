"""Answers to a refused attempt.

- `too_often(request, refusal)`: a 429 with `Retry-After` and the one-line message. For an
  htmx swap the message is a fragment sent to the page's `#notices` region (`HX-Retarget`),
  which base.html's htmx configuration swaps in for a 429; a browser's page load gets a
  page with the message, and any other caller (a script) the message as plain text.
- `refuse_form(form, refusal)`: marks a bound form with the message, for a view that shows
  the form again with what was typed; `with_retry(response, refusal)` makes that a 429.

A view counts an attempt with `counters.check(request, action)` where the costly work
begins (after its form is valid, or before a file is parsed) and answers a Refusal with
one of these.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers


def with_retry(response, refusal):
    response.status_code = 429
    response["Retry-After"] = str(refusal.retry_after)
    return response


def too_often(request, refusal):
    context = {"message": refusal.message}
    if getattr(request, "htmx", False):
        response = HttpResponse(render_to_string("includes/_notice.html", context))
        response["HX-Retarget"] = "#notices"
        response["HX-Reswap"] = "innerHTML"
    elif request.accepts("text/html"):
        response = render(request, "limits/too_often.html", context)
    else:
        response = HttpResponse(refusal.message, content_type="text/plain; charset=utf-8")
    patch_vary_headers(response, ["HX-Request"])
    return with_retry(response, refusal)


def refuse_form(form, refusal):
    """Add the refusal to `form`'s errors (the form keeps what was typed); returns it."""
    form.add_error(None, refusal.message)
    return form
