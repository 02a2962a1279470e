"""A pro or con being written, kept in the session while its author visits the source reader
to pick a quote, so that nothing typed is lost on the way there and back.

Why the session: it works without JavaScript (the form is posted to the server, which
keeps it and sends the person on), it survives the several pages of the reader (library,
then a source), and the words a person has not yet proposed never travel in a URL, so they
stay out of server logs, Referer headers and the browser's history. A draft belongs to one
signed-in person and one claim of one debate; it is dropped once the claim is proposed.
"""

SESSION_KEY = "claim_drafts"
# Enough for every claim a person writes at once; the oldest goes first.
MAX_DRAFTS = 10
# The claim box holds 500 characters; a longer value (a hand-made request) is cut, and the
# form then says what is wrong with what is left.
MAX_VALUE = 2000


def _key(target):
    return f"{target.debate_id}/{target.pk}"


def keep(request, target, data, fields):
    """Keep `fields` of the posted `data` as the draft of a claim under `target`."""
    drafts = dict(request.session.get(SESSION_KEY, {}))
    drafts.pop(_key(target), None)
    drafts[_key(target)] = {name: str(data.get(name, ""))[:MAX_VALUE] for name in fields}
    while len(drafts) > MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    request.session[SESSION_KEY] = drafts


def recall(request, target):
    """The draft kept for a claim under `target`: a dict of the form's values, or {}."""
    draft = request.session.get(SESSION_KEY, {}).get(_key(target))
    return {name: value for name, value in (draft or {}).items() if value != ""}


def drop(request, target):
    drafts = dict(request.session.get(SESSION_KEY, {}))
    if drafts.pop(_key(target), None) is not None:
        request.session[SESSION_KEY] = drafts
