"""`{{ text|shortened:90 }}`: text cut at a word boundary with an ellipsis, never mid-word
(Django's `truncatechars` cuts inside a word)."""

from django import template

from arguments.services.moderate import shortened as _shortened

register = template.Library()


@register.filter
def shortened(text, limit=80):
    """`text` at most `limit` characters long, cut between words."""
    return _shortened(str(text), int(limit))
