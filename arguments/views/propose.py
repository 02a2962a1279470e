"""Contributing from the focus view: propose a pro or con, link an existing claim, propose an
edit, flag. Forms arrive by htmx into the page and fall back to full pages with plain POST."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from arguments.camps.selectors import camp_choices, speaker_choices
from arguments.classes import selectors as class_selectors
from arguments.forms import (
    EditClaimForm,
    FlagForm,
    ProposeClaimForm,
    debate_source,
    picked_excerpt,
)
from arguments.limits.counters import check
from arguments.limits.guard import refuse_form, with_retry
from arguments.models import Argument, Claim, Stance, Status
from arguments.selectors.focus import get_claim
from arguments.selectors.moderation import similar_claims
from arguments.selectors.paths import as_id, decode_path, encode_path
from arguments.services import propose as services
from arguments.views import drafts
from arguments.views.rendering import (
    refusal,
    render_fragment,
    render_page,
    vary_on_htmx,
    wants_fragment,
)
from corpus.models import DebateSource, Excerpt

TEMPLATE = "arguments/contribute.html"


def _path(request):
    """The `?path=` the reader came by, as `decode_path` reads it ("" when malformed)."""
    return encode_path(decode_path(request.POST.get("path") or request.GET.get("path")))


def _back_to(claim, request):
    path = _path(request)
    url = reverse("arguments:claim", args=[claim.debate.slug, claim.pk])
    return f"{url}?path={path}" if path else url


def _done(request, claim, message, level=messages.SUCCESS):
    """After a contribution: refresh the focus view around an embedded form, or go back to
    the claim from the form's own page."""
    messages.add_message(request, level, message)
    if wants_fragment(request) and request.POST.get("embedded"):
        response = render_fragment(request, TEMPLATE, {"message": message}, partial="done")
        return trigger_client_event(response, "map-changed")
    if wants_fragment(request):
        return vary_on_htmx(HttpResponseClientRedirect(_back_to(claim, request)))
    return vary_on_htmx(redirect(_back_to(claim, request)))


def _form_page(request, *, mode, target, access, form, **extra):
    """The contribution form, as a fragment inside the focus view or as a page of its own.
    A refusal of the service is one of the form's errors: the form shows them all."""
    context = {
        "form": form,
        "target": target,
        "access": access,
        "path": _path(request),
        "mode": mode,
        "embedded": _embedded(request),
        **extra,
    }
    return render_page(request, TEMPLATE, context, partial="form")


def _embedded(request):
    """Whether the form sits inside the focus view (fetched there by htmx) or on its own page."""
    if request.method == "POST":
        return bool(request.POST.get("embedded"))
    return wants_fragment(request)


def _debate_excerpts(claim):
    """The evidence list: passages quoted by approved claims of the debate, of the sources
    the debate uses (a passage of another debate's source is never offered)."""
    used = DebateSource.objects.filter(
        debate=claim.debate, source=OuterRef("source"), status=DebateSource.Status.APPROVED
    )
    return (
        Excerpt.objects.filter(
            Exists(used),
            citations__claim__debate=claim.debate,
            citations__claim__status=Status.APPROVED,
        )
        .select_related("source")
        .distinct()
        .order_by("source__published", "source_id", "start")
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, slug, claim_id):
    """The pro/con form. Its "select a passage in the source reader" button posts what was
    typed, which is kept as a draft (`drafts`) and given back when the reader returns here
    (`?draft=1`, with the passage selected as `source`, `start`, `end`)."""
    target, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    if not access.may_propose:
        raise PermissionDenied("You may not propose claims in this debate.")
    if request.method == "POST" and request.POST.get("to_reader"):
        drafts.keep(request, target, request.POST, ProposeClaimForm.DRAFT_FIELDS)
        return _to_reader(request, target)
    hint, allowed_stance = class_selectors.side_hint(access=access, target=target)
    initial = {"stance": request.GET.get("stance", Stance.SUPPORT)}
    if request.method == "GET" and request.GET.get("draft"):
        initial.update(drafts.recall(request, target))
    if any(name in request.GET for name in ("source", "start", "end")):
        # A passage selected in the reader replaces whatever evidence the draft held.
        initial.pop("excerpt", None)
        for name in ("source", "start", "end"):
            initial[name] = request.GET.get(name, "")
    if allowed_stance:
        # In an assignment the side rule decides the stance; the hint above the form says why.
        initial["stance"] = allowed_stance
    picked = _picked_passage(initial, target.debate) if request.method == "GET" else None
    form = ProposeClaimForm(
        request.POST or None,
        debate=target.debate,
        initial=initial,
        excerpts=_debate_excerpts(target),
        picked=picked is not None,
        speakers=speaker_choices(access),
        camps=camp_choices(access.debate),
    )
    too_many = check(request, "propose") if request.method == "POST" and form.is_valid() else None
    if too_many is not None:
        refuse_form(form, too_many)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.propose_claim(
                access=access,
                target=target,
                stance=data["stance"],
                text=data["text"],
                speaker=data["speaker"],
                new_speaker=data["new_speaker"],
                excerpts=[data["excerpt"]] if data["excerpt"] else [],
                new_excerpt=form.new_excerpt,
            )
        except services.AlreadyProposed as repeat:
            # A double submission: the first one was saved; say so, as after it.
            drafts.drop(request, target)
            return _done(request, target, repeat.message, level=messages.INFO)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            drafts.drop(request, target)
            stance = "pro" if data["stance"] == Stance.SUPPORT else "con"
            note = (
                "It is on the map."
                if access.may_moderate
                else "It is pending: a moderator will decide."
            )
            return _done(request, target, f"Your {stance} was saved. {note}")
    if request.method == "POST":
        picked = getattr(form, "new_excerpt", None)
    response = _form_page(
        request,
        mode="propose",
        target=target,
        access=access,
        form=form,
        picked=picked,
        side_hint=hint,
    )
    return with_retry(response, too_many) if too_many else response


def _to_reader(request, target):
    """Off to the debate's library, choosing evidence for a claim under `target`."""
    query = {
        "pick": f"{target.debate.slug}/{target.pk}",
        "stance": request.POST.get("stance") or Stance.SUPPORT,
        "path": _path(request),
    }
    # The debate's own library: only its sources may be quoted in it.
    url = f"{reverse('arguments:debate_sources', args=[target.debate.slug])}?{urlencode(query)}"
    if wants_fragment(request):
        return vary_on_htmx(HttpResponseClientRedirect(url))
    return vary_on_htmx(redirect(url))


def _picked_passage(initial, debate):
    start, end = as_id(initial.get("start")), as_id(initial.get("end"))
    if start is None or end is None:
        return None
    return picked_excerpt(debate_source(debate, initial.get("source")), start, end)


@login_required
@require_safe
def similar(request, slug, claim_id):
    """Claims already in the debate that read like what the person is typing."""
    target, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    text = request.GET.get("text", "")[:500]
    claims = similar_claims(access=access, text=text, exclude=[target.pk])
    context = {
        "claims": claims,
        "target": target,
        "stance": request.GET.get("stance", Stance.SUPPORT),
        "path": _path(request),
        "may_propose": access.may_propose,
    }
    # Only ever fetched by htmx while typing; without JavaScript nothing asks for it.
    return render_fragment(request, TEMPLATE, context, partial="similar")


@login_required
@require_POST
def link(request, slug, claim_id):
    """Put an existing claim of the debate under this one as a pro or con."""
    target, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    linked = get_object_or_404(
        Claim.objects.filter(access.claims()),
        pk=as_id(request.POST.get("claim")),
        debate=access.debate,
    )
    stance = request.POST.get("stance")
    if stance not in Stance.values:
        raise Http404("Unknown stance.")
    too_many = check(request, "propose")
    if too_many is not None:
        return with_retry(_link_refused(request, target, too_many.message), too_many)
    try:
        services.propose_link(access=access, claim=linked, target=target, stance=stance)
    except ValidationError as problem:
        return _link_refused(request, target, refusal(problem))
    note = "" if access.may_moderate else " It is pending: a moderator will decide."
    return _done(request, target, f"The claim was linked here.{note}")


def _link_refused(request, target, message):
    # No form to show it in: the link is a button beside a similar claim.
    if wants_fragment(request):
        return render_fragment(request, TEMPLATE, {"message": message}, partial="refused")
    messages.error(request, message)
    return vary_on_htmx(redirect(_back_to(target, request)))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, claim_id):
    claim, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    if not access.may_propose or claim.status != Status.APPROVED:
        raise PermissionDenied("You may not propose edits here.")
    form = EditClaimForm(request.POST or None, initial={"text": claim.text})
    too_many = check(request, "propose") if request.method == "POST" and form.is_valid() else None
    if too_many is not None:
        refuse_form(form, too_many)
    elif request.method == "POST" and form.is_valid():
        try:
            services.propose_edit(
                access=access,
                claim=claim,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            return _done(request, claim, "Your edit was sent to the moderators.")
    response = _form_page(request, mode="edit", target=claim, access=access, form=form)
    return with_retry(response, too_many) if too_many else response


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, slug, claim_id):
    """Flag the claim, or with `argument`, the argument that puts it under its parent."""
    claim, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    if not access.may_flag:
        raise PermissionDenied("You may not flag here.")
    argument = None
    argument_id = request.POST.get("argument") or request.GET.get("argument")
    if argument_id:
        argument = get_object_or_404(
            Argument.objects.filter(access.arguments()),
            pk=as_id(argument_id),
            premise_links__claim=claim,
        )
    form = FlagForm(request.POST or None)
    too_many = check(request, "flag") if request.method == "POST" and form.is_valid() else None
    if too_many is not None:
        refuse_form(form, too_many)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicate_of = None
        if data.get("duplicate_of"):
            duplicate_of = Claim.objects.filter(
                access.claims(), pk=data["duplicate_of"], debate=access.debate
            ).first()
            if duplicate_of is None:
                form.add_error("duplicate_of", "There is no such claim in this debate.")
        if form.is_valid():
            try:
                services.flag(
                    access=access,
                    reason=data["reason"],
                    note=data["note"],
                    claim=None if argument else claim,
                    argument=argument,
                    duplicate_of=duplicate_of,
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                return _done(request, claim, "Thank you: the moderators will look at your flag.")
    response = _form_page(
        request,
        mode="flag",
        target=claim,
        access=access,
        form=form,
        argument=argument,
    )
    return with_retry(response, too_many) if too_many else response
