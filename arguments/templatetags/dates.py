"""`{{ source|published_iso }}`: a source's date for `<time datetime>`."""

from django import template
from django.utils import dateformat

register = template.Library()


@register.filter
def published_iso(source):
    """The date only as precisely as it is known: "2013", "2013-04" or "2013-04-10"."""
    precision = {"year": "Y", "month": "Y-m"}
    return dateformat.format(source.published, precision.get(source.published_precision, "Y-m-d"))
