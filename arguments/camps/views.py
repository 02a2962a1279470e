"""/d/<slug>/camps/: the owner and moderators add, rename, reorder and restyle the camps
and add and edit the speakers. One page, one form per change (`action`); a refused change
shows the page again with what was typed and the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from arguments.camps import selectors, services
from arguments.camps.forms import CampForm, SpeakerForm
from arguments.limits.counters import check
from arguments.limits.guard import refuse_form, with_retry
from arguments.permissions import Access
from arguments.selectors.paths import as_id
from arguments.views import paging
from corpus import palette


@login_required
@require_http_methods(["GET", "POST"])
def camps(request, slug):
    access = Access.required(
        request.user,
        slug,
        may="may_moderate",
        refusal="Only the debate's owner and moderators edit its camps.",
    )
    debate = access.debate
    camps = selectors.camps_of(debate)
    shown, refusal = {}, None
    if request.method == "POST":
        form_name, form = _bound(request, debate, camps)
        refusal = check(request, "camps") if form is not None else None
        if form is None:
            shown["page_error"] = "That camp or speaker is no longer listed; nothing was changed."
        elif refusal is not None:
            form.is_valid()
            refuse_form(form, refusal)
            shown[form_name] = form
        else:
            done = _apply(request, access, form_name, form, camps)
            if done is not None:
                messages.success(request, done)
                return redirect(_back(request, slug, form_name))
            shown[form_name] = form
    response = render(request, "camps/camps.html", _context(request, access, camps, shown))
    return with_retry(response, refusal) if refusal else response


def _back(request, slug, form_name):
    url = reverse("arguments:camps", args=[slug])
    page = request.GET.get("page")
    query = f"?page={as_id(page)}" if as_id(page) else ""
    return f"{url}{query}#{'speakers' if 'speaker' in form_name else 'camps'}"


def _bound(request, debate, camps):
    """(name, bound form) of what was posted; (name, None) when it names a camp or a speaker
    no longer there."""
    action, data = request.POST.get("action", ""), request.POST
    if action == "add_camp":
        return "new_camp", CampForm(data, prefix="new-camp")
    if action == "add_speaker":
        return "new_speaker", SpeakerForm(data, prefix="new-speaker", debate=debate)
    if action == "edit_speaker":
        speaker = selectors.listed_speakers(debate).filter(pk=as_id(data.get("speaker"))).first()
        if speaker is None:
            return "speaker", None
        form = SpeakerForm(data, prefix="speaker", debate=debate)
        form.speaker = speaker
        return "speaker", form
    camp = next((c for c in camps if c.pk == as_id(data.get("camp"))), None)
    if camp is None or action not in ("edit_camp", "up", "down", "delete_camp"):
        return "camp", None
    form = CampForm(data, prefix=f"camp-{camp.pk}")
    form.camp, form.action = camp, action
    return f"camp-{camp.pk}", form


def _apply(request, access, form_name, form, camps):
    """Carry out the posted change: its message, or None (the form then holds the reason)."""
    action = getattr(form, "action", "")
    try:
        if action in ("up", "down"):
            services.move_camp(access=access, camp=form.camp, by=-1 if action == "up" else 1)
            return f"“{form.camp.name}” was moved {action}."
        if action == "delete_camp":
            services.delete_camp(access=access, camp=form.camp)
            return f"“{form.camp.name}” was deleted."
        if not form.is_valid():
            return None
        data = form.cleaned_data
        if form_name == "new_camp":
            camp = services.add_camp(access=access, name=data["name"], style=data["style"])
            return f"The camp “{camp.name}” was added."
        if action == "edit_camp":
            services.update_camp(
                access=access, camp=form.camp, name=data["name"], style=data["style"]
            )
            return f"The camp “{form.camp.name}” was saved."
        fields = {name: data[name] for name in ("name", "kind", "camp", "url", "description")}
        if form_name == "new_speaker":
            speaker = services.add_speaker(access=access, **fields)
            return f"{speaker.name} was added."
        speaker = services.update_speaker(access=access, speaker=form.speaker, **fields)
        return f"{speaker.name} was saved."
    except ValidationError as problem:
        _add_error(form, problem)
        return None


def _add_error(form, problem):
    if hasattr(problem, "error_dict"):
        for field, errors in problem.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, problem)
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}


def _context(request, access, camps, shown):
    debate = access.debate
    rows = []
    for camp in camps:
        form = shown.get(f"camp-{camp.pk}") or CampForm(
            prefix=f"camp-{camp.pk}", initial={"name": camp.name, "style": camp.style}
        )
        rows.append((camp, form))
    speakers = paging.paginate(request, selectors.listed_speakers(debate), per_page=paging.SPEAKERS)
    editing = shown.get("speaker")
    if editing is None and request.method == "GET" and request.GET.get("speaker"):
        speaker = selectors.listed_speakers(debate).filter(pk=as_id(request.GET["speaker"])).first()
        if speaker is not None:
            editing = SpeakerForm(
                prefix="speaker",
                debate=debate,
                initial={
                    "name": speaker.name,
                    "kind": speaker.kind,
                    "camp": speaker.camp_id,
                    "url": speaker.url,
                    "description": speaker.description,
                },
            )
            editing.speaker = speaker
    return {
        "debate": debate,
        "camp_rows": rows,
        "styles": palette.STYLES,
        "new_camp": shown.get("new_camp")
        or CampForm(
            prefix="new-camp", initial={"style": palette.next_free(c.style for c in camps)}
        ),
        "new_speaker": shown.get("new_speaker") or SpeakerForm(prefix="new-speaker", debate=debate),
        "editing": editing,
        "speakers": speakers,
        "page_error": shown.get("page_error", ""),
    }
