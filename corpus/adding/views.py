"""/d/<slug>/sources/new/ (choose a way in, then review) and /sources/<slug>/edit/."""

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from arguments.limits.counters import check
from arguments.limits.guard import refuse_form, with_retry
from arguments.permissions import Access
from corpus.models import Source

from . import review, services
from .extraction import Extracted, IngestError, clean_text, extract, fetch
from .forms import (
    TEXT_MAX_CHARS,
    TOO_LONG,
    EditForm,
    PasteForm,
    ReviewForm,
    UploadForm,
    UrlForm,
    size_words,
)
from .selectors import editable_source, first_debate

WAYS = {"paste": PasteForm, "file": UploadForm, "url": UrlForm}
ORIGINS = {"paste": Source.Origin.PASTE, "file": Source.Origin.FILE, "url": Source.Origin.URL}
PAGES_DROPPED = (
    "You edited the text, so its page numbers were dropped: quotes from it will not say a page."
)


def _debate(request, slug):
    access = Access.required(
        request.user, slug, may="may_propose", refusal="You may not add sources to this debate."
    )
    return access.debate, access


def _choose(request, debate, access, forms, *, status=200, problem=""):
    context = {
        "debate": debate,
        "access": access,
        "forms": forms,
        "limit": size_words(settings.SOURCE_MAX_BYTES),
        "problem": problem,
    }
    return render(request, "corpus/source_new.html", context, status=status)


def _empty_forms():
    return {way: form_class() for way, form_class in WAYS.items()}


def _too_large_problem(request):
    declared = request.GET.get("too_large", "")
    if declared.isdigit():
        return (
            f"The file sent was {size_words(int(declared[:15]))}; the most a source may come "
            f"from is {size_words(settings.SOURCE_MAX_BYTES)}. Nothing was read or saved."
        )
    declared = request.GET.get("too_long", "")
    if declared.isdigit():
        # Set by errors.bad_request: a pasted text over what a form field may hold.
        return (
            f"The text sent was {size_words(int(declared[:15]))}; a pasted text may be at most "
            f"{size_words(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} ({TEXT_MAX_CHARS:,} "
            "characters). Nothing was read or saved: split the document and add its parts as "
            f"sources of their own, or upload it as a file (up to "
            f"{size_words(settings.SOURCE_MAX_BYTES)})."
        )
    return ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_new(request, slug):
    """Step one: paste, upload or give an address; step two (`step=save`): the review."""
    debate, access = _debate(request, slug)
    if request.method != "POST":
        return _choose(request, debate, access, _empty_forms(), problem=_too_large_problem(request))
    if request.POST.get("step") == "save":
        return _save(request, debate, access)
    way = request.POST.get("way")
    if way not in WAYS:
        way = "file" if request.FILES else "paste"
    forms = _empty_forms()
    form = forms[way] = WAYS[way](request.POST, request.FILES or None)
    if not form.is_valid():
        return _choose(request, debate, access, forms)
    if way != "paste":
        refusal = check(request, "bring_source")
        if refusal:
            return with_retry(
                _choose(request, debate, access, {**forms, way: refuse_form(form, refusal)}),
                refusal,
            )
    try:
        extracted = _extract(way, form.cleaned_data)
    except IngestError as error:
        form.add_error(None, str(error))
        return _choose(request, debate, access, forms)
    if len(extracted.text) > TEXT_MAX_CHARS:
        form.add_error(None, TOO_LONG.format(length=len(extracted.text), limit=TEXT_MAX_CHARS))
        return _choose(request, debate, access, forms)
    token = review.sign(
        debate_id=debate.pk,
        origin=ORIGINS[way],
        kind=extracted.kind,
        pages=extracted.pages,
        text=extracted.text,
    )
    # What the document says, cut to what each field holds, so the review opens without
    # errors the person did not make (a 400-character <title>, a language "en_GB").
    language = extracted.language.replace("_", "-").lower()[:10]
    initial = {
        "token": token,
        "text": extracted.text,
        "title": extracted.title[:300],
        "byline": extracted.author[:200],
        "publisher": extracted.publisher[:200],
        "published": extracted.published,
        "precision": extracted.precision or Source.Precision.DAY,
        "url": extracted.url if len(extracted.url) <= 200 else "",
        "genre": Source.Genre.REPORT if extracted.kind == "pdf" else Source.Genre.ARTICLE,
        "language": language or "en",
    }
    carried = review.unsign(token, debate_id=debate.pk)
    return _review(request, debate, ReviewForm(initial=initial), carried, notes=extracted.notes)


def _extract(way, data):
    """The Extracted text of what the form holds; raises IngestError with the reason."""
    if way == "paste":
        text = clean_text(data["text"])
        if not text:
            raise IngestError("The text holds nothing but spaces and control characters.")
        return Extracted(text=text, kind="text")
    if way == "file":
        upload = data["file"]
        body = upload.read(settings.SOURCE_MAX_BYTES + 1)
        return extract(body, filename=upload.name or "", content_type=upload.content_type or "")
    fetched = fetch(
        data["url"],
        max_bytes=settings.SOURCE_MAX_BYTES,
        timeout=float(settings.SOURCE_FETCH_TIMEOUT),
        trusted_hosts=settings.SOURCE_FETCH_TRUSTED_HOSTS,
    )
    name = PurePosixPath(urlsplit(fetched.url).path).name
    extracted = extract(fetched.data, filename=name, content_type=fetched.content_type)
    if not extracted.url:
        extracted = Extracted(**{**extracted.__dict__, "url": fetched.url})
    return extracted


def _review(request, debate, form, carried, *, notes=(), status=200):
    context = {
        "debate": debate,
        "form": form,
        "carried": carried,
        "paged": bool(carried and carried.pages),
        "notes": notes,
    }
    return render(request, "corpus/source_review.html", context, status=status)


def _save(request, debate, access):
    form = ReviewForm(request.POST)
    carried = review.unsign(request.POST.get("token", ""), debate_id=debate.pk)
    if carried is None:
        form.add_error(
            None,
            "This review form has expired or was altered: add the source again from the start.",
        )
    if not form.is_valid():
        return _review(request, debate, form, carried)
    refusal = check(request, "add_source")
    if refusal:
        return with_retry(_review(request, debate, refuse_form(form, refusal), carried), refusal)
    try:
        text = clean_text(form.cleaned_data["text"])
    except IngestError as error:
        form.add_error("text", str(error))
        return _review(request, debate, form, carried)
    pages = carried.pages_for(text)
    try:
        source, link = services.add_source(
            debate=debate,
            user=request.user,
            text=text,
            origin=carried.origin,
            pages=pages,
            **form.metadata(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _review(request, debate, form, carried)
    if carried.pages and not pages:
        messages.warning(request, PAGES_DROPPED)
    if link.status == link.Status.APPROVED:
        messages.success(request, f"“{source.title}” is now a source of this debate.")
        return redirect(source.get_absolute_url())
    who = "your teacher" if debate.classroom_id else "a moderator"
    messages.success(
        request,
        f"“{source.title}” was sent for review: it joins the debate once {who} approves it.",
    )
    return redirect(debate.get_absolute_url())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def source_edit(request, slug):
    """A source's details, always; its text while no quote cites it, else a correction."""
    source = editable_source(slug=slug, user=request.user)
    if source is None:
        raise Http404("No such source.")
    cited = services.is_cited(source)
    initial = {field: getattr(source, field) for field in services.METADATA}
    initial |= {"precision": source.published_precision, "text": source.text}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        correcting = cited and request.POST.get("action") == "correct"
        text = form.cleaned_data["text"]
        try:
            if correcting:
                saved = services.correct_source(
                    source=source, user=request.user, text=text, **form.metadata()
                )
            else:
                saved = services.edit_source(
                    source=source,
                    user=request.user,
                    text=None if cited else text,
                    **form.metadata(),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "The corrected version is saved; the old text stays for its quotes."
                if correcting
                else "The source is saved.",
            )
            return redirect(saved.get_absolute_url())
    context = {"source": source, "form": form, "cited": cited, "debate": first_debate(source)}
    return render(request, "corpus/source_edit.html", context)
