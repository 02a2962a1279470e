"""A one-time "Undo" offer shown on the class page after a change that can be undone: the
sentence saying what was done and a button posting the change back. Kept in the session,
like Django's messages, and shown once."""

KEY = "class_undo"


def offer_undo(request, classroom, *, text, url, button, fields=None):
    request.session[KEY] = {
        "classroom": classroom.pk,
        "text": text,
        "url": url,
        "button": button,
        "fields": dict(fields or {}),
    }


def take_undo(request, classroom):
    """The offer for this class, removed from the session; None when there is none."""
    offer = request.session.get(KEY)
    if not offer or offer.get("classroom") != classroom.pk:
        return None
    del request.session[KEY]
    return offer


def shown_name(user, member):
    """A student as the class's teachers know them: username, and pseudonym when on."""
    if member is not None and member.pseudonym and member.classroom.pseudonyms:
        return f"{user.get_username()} ({member.pseudonym})"
    return user.get_username()
