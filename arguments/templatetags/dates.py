"""Dates in templates: `{{ source|published_iso }}` for `<time datetime>`, and
`{{ moment|when }}` ("3 Dec 2026, 14:00 CET"): a moment in the reader's time zone, named."""

from datetime import datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()


@register.filter
def published_iso(source):
    """The date only as precisely as it is known: "2013", "2013-04" or "2013-04-10"."""
    precision = {"year": "Y", "month": "Y-m"}
    return dateformat.format(source.published, precision.get(source.published_precision, "Y-m-d"))


@register.filter
def when(moment, style="j M Y, H:i"):
    """`moment` in the reader's time zone (the one the middleware activated) with the zone
    named: "3 Dec 2026, 14:00 CET"; a zone without an abbreviation is named by its offset
    ("UTC-03"). `style` is a date format for the rest ("j M, H:i")."""
    if not isinstance(moment, datetime):
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{dateformat.format(local, style)} {zone_name(local)}"


def zone_name(local):
    """The abbreviation of an aware datetime's zone ("CET", "UTC"), or "UTC+05:30" for a
    zone that has none (zoneinfo gives "+0530" or "-03" there)."""
    name = local.tzname() or "UTC"
    if name[0] in "+-":
        digits = name[1:]
        if len(digits) == 4:
            digits = f"{digits[:2]}:{digits[2:]}"
        name = f"UTC{name[0]}{digits}"
    return name


@register.simple_tag
def now_when(style="j M Y, H:i"):
    """`{% now_when %}`: the time now, as `|when` shows a moment."""
    return when(timezone.now(), style)
