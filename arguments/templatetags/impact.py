"""`{{ levels|spoken_levels }}`: the impact bar chart read out, for its aria-label."""

from django import template

register = template.Library()


@register.filter
def spoken_levels(levels):
    """Each level's value, name and votes: "0 (no impact) 2, 1 (slight) 0, …"."""
    return ", ".join(f"{lv['value']} ({lv['name'].lower()}) {lv['count']}" for lv in levels)
