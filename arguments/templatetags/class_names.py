"""`{{ user|shown_as:names }}`: a user's name as the viewer may see it (pseudonym classes)."""

from django import template

register = template.Library()


@register.filter
def shown_as(user, names):
    if user is None:
        return ""
    return names.of(user) if names else user.get_username()
