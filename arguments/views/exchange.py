"""Leaving and entering the tool: downloads in three formats, imports, and a printable map."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_safe

from arguments.cache.build import BUILD
from arguments.interchange.formats import BY_SUFFIX, FORMATS, read
from arguments.interchange.graph import FormatError, too_many_claims
from arguments.interchange.printing import printable
from arguments.jobs.delivery import answer
from arguments.jobs.services import start_import
from arguments.limits.counters import check
from arguments.limits.guard import refuse_form, too_often, with_retry
from arguments.models import Claim, Debate, Status
from arguments.permissions import Access
from arguments.selectors.exporting import graph_from_debate
from arguments.services.counts import refresh_counts
from arguments.services.importing import import_graph, take_ownership

UPLOAD_LIMIT = settings.IMPORT_MAX_MB * 2**20


def _readable(request, slug):
    debate = get_object_or_404(Debate.objects.select_related("thesis"), slug=slug)
    access = Access.load(request.user, debate)
    if not access.may_read:
        raise Http404("No such debate.")
    return debate, access


@require_safe
def export(request, slug, suffix):
    fmt = BY_SUFFIX.get(suffix)
    if fmt is None:
        raise Http404("Unknown format.")
    debate, _ = _readable(request, slug)
    content_type = f"{fmt.content_type}; charset=utf-8"
    # An export holds the approved map only, the same for everyone who may read the debate
    # (checked above): one key per debate version, format and build serves them all.
    key = "|".join(
        ["export", fmt.suffix, str(debate.pk), str(debate.version), debate.updated.isoformat()]
        + [BUILD]
    )
    cached = caches["exports"].get(key)
    if cached is not None:
        response = HttpResponse(cached, content_type=content_type)
    elif debate.claim_count > settings.BACKGROUND_CLAIMS:
        # Too big to write while a web worker waits: the page offers to write it in the
        # background (arguments/jobs/), for its reader to download when it is ready.
        context = {"debate": debate, "fmt": fmt, "refused": ""}
        return render(request, "jobs/export_offer.html", context)
    else:
        refusal = check(request, "export")
        if refusal is not None:
            return too_often(request, refusal)
        chunks = fmt.emit_chunks(graph_from_debate(debate, with_texts=fmt.name == "aif"))
        response = StreamingHttpResponse(_kept(chunks, key), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{debate.slug}.{fmt.suffix}"'
    return response


def _kept(chunks, key):
    """Yield the export's bytes as they are written; when the whole is at most
    EXPORT_CACHE_MAX_MB, keep it in the "exports" cache under `key` for the next reader."""
    room = settings.EXPORT_CACHE_MAX_MB * 2**20
    kept = []
    for chunk in chunks:
        data = chunk.encode()
        if room >= len(data):
            kept.append(data)
            room -= len(data)
        else:
            room, kept = -1, []
        yield data
    if room >= 0:
        caches["exports"].set(key, b"".join(kept), 600)


@require_safe
def print_map(request, slug):
    debate, _ = _readable(request, slug)
    root, truncated = printable(graph_from_debate(debate))
    context = {"debate": debate, "root": root, "truncated": truncated}
    return render(request, "arguments/print.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text=f"AIF JSON, Argdown or a Kialo text export, at most {UPLOAD_LIMIT // 2**20} MB."
    )
    format = forms.ChoiceField(
        choices=[("", "Guess from the content"), *((k, f.label) for k, f in FORMATS.items())],
        required=False,
    )
    root = forms.CharField(
        label="Which top-level claim is the thesis",
        required=False,
        max_length=500,
        help_text="For a file with several top-level claims: the wording of the one to take"
        " as the thesis (the others become its pros). Left empty, they all become pros of a"
        " thesis worded as the title.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the most accepted is "
                f"{UPLOAD_LIMIT // 2**20} MB."
            )
        return upload

    # Set by clean(): the upload's bytes, and whether it goes to the background worker
    # (arguments/jobs/): a file over BACKGROUND_IMPORT_BYTES is not even parsed here, and
    # one of more than BACKGROUND_CLAIMS claims is written there.
    background = False
    payload = b""

    def clean(self):
        # Read once the format is known to be one of ours: a posted format that is not
        # (any text a script sends) is the format field's error, not a KeyError.
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None or "format" in self.errors:
            return cleaned
        self.payload = upload.read()
        if len(self.payload) > settings.BACKGROUND_IMPORT_BYTES:
            self.background = True  # the worker parses it, and says there what is wrong
            return cleaned
        try:
            self.read = read(self.payload, cleaned.get("format") or None)
        except FormatError as error:
            self.add_error("file", f"{upload.name}: {error}")
            return cleaned
        graph = self.read[1]
        # A larger map would hold a web worker (and its memory) for too long: it goes in
        # through the command line (manage.py import_debate).
        refusal = too_many_claims(upload.name, graph, settings.IMPORT_MAX_CLAIMS)
        if refusal:
            self.add_error("file", refusal)
        root, problem = graph.root_worded(cleaned.get("root", ""))
        if problem and "root" in self.fields:
            self.add_error("root", problem)
        cleaned["root"] = root
        self.background = len(graph.nodes) > settings.BACKGROUND_CLAIMS
        return cleaned

    def job_params(self, **more):
        """What the worker needs to import this upload as the form was filled in."""
        return {
            "name": self.cleaned_data["file"].name[:200],
            "format": self.cleaned_data.get("format") or "",
            "root": self.data.get(self.add_prefix("root"), "") if "root" in self.fields else "",
            **more,
        }


class NewDebateForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="The question the debate weighs. When importing, leave it empty to keep the"
        " file's own title.",
    )
    thesis = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="The claim at the root of the map. Leave empty when importing a file.",
    )
    visibility = forms.ChoiceField(
        choices=[(Debate.Visibility.PUBLIC, "Public"), (Debate.Visibility.UNLISTED, "Unlisted")]
    )


SHOWN_NOTES = 7


def _in_background(request, upload, params, form):
    """Start the upload's import as a job and answer with where to go: the job's page, or
    the debate when the job is already done (the immediate backend). None when the job is
    refused (the person's cap), with the reason on `form`'s file field."""
    try:
        job = start_import(
            owner=request.user,
            data=upload.payload,
            params=upload.job_params(**params),
            label=f"Import of {upload.cleaned_data['file'].name[:200]}",
        )
    except ValidationError as error:
        form.add_error("file" if "file" in form.fields else None, error)
        return None
    return redirect(answer(request, job))


def _report(request, summary):
    """The summary, what labels were kept, every kind of loss (one line each, with counts),
    then the first notes."""
    messages.success(request, summary.lines()[0])
    for line in summary.kept:
        messages.info(request, line)
    for line in summary.losses:
        messages.warning(request, line)
    for line in summary.reports[:SHOWN_NOTES]:
        messages.warning(request, line)
    if len(summary.reports) > SHOWN_NOTES:
        messages.warning(request, f"…and {len(summary.reports) - SHOWN_NOTES} more notes.")


@login_required
@require_http_methods(["GET", "POST"])
def new_debate(request):
    """Start a debate from a thesis, or from an uploaded file; its creator owns it."""
    form = NewDebateForm(request.POST or None)
    upload = ImportForm(request.POST or None, request.FILES or None)
    wants_import = bool(request.FILES)
    refusal = None
    if request.method == "POST":
        # Counted before the file is parsed: parsing is the costly part.
        refusal = check(request, "new_debate") or (wants_import and check(request, "import"))
        if refusal:
            refuse_form(form, refusal)
            upload = ImportForm()
    if request.method == "POST" and not refusal and form.is_valid():
        data = form.cleaned_data
        if wants_import and upload.is_valid() and upload.background:
            params = {"title": data["title"], "visibility": data["visibility"]}
            answer = _in_background(request, upload, params, upload)
            if answer is not None:
                return answer
        elif wants_import and upload.is_valid():
            _, graph = upload.read
            with transaction.atomic():
                summary = import_graph(
                    graph=graph,
                    title=data["title"],
                    owner=request.user,
                    thesis=upload.cleaned_data.get("root"),
                )
                take_ownership(
                    debate=summary.debate, user=request.user, visibility=data["visibility"]
                )
            _report(request, summary)
            return redirect(summary.debate.get_absolute_url())
        if not wants_import:
            if not data["title"].strip():
                form.add_error("title", "Write the question the debate weighs.")
            elif not data["thesis"].strip():
                form.add_error("thesis", "Write the thesis, or upload a file to import.")
            else:
                debate = _create(data, request.user)
                return redirect(debate.get_absolute_url())
    context = {"form": form, "upload": upload, "limit_mb": UPLOAD_LIMIT // 2**20}
    response = render(request, "arguments/new_debate.html", context)
    return with_retry(response, refusal) if refusal else response


@transaction.atomic
def _create(data, user):
    taken = set(Debate.objects.values_list("slug", flat=True))
    base = slugify(data["title"])[:70] or "debate"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    debate = Debate.objects.create(slug=slug, title=data["title"], owner=user)
    debate.thesis = Claim.objects.create(
        debate=debate, text=" ".join(data["thesis"].split()), author=user, status=Status.APPROVED
    )
    take_ownership(debate=debate, user=user, visibility=data["visibility"])
    refresh_counts(debate.pk)
    return debate


@login_required
@require_http_methods(["GET", "POST"])
def import_into(request, slug):
    """Owners add a file's claims to their debate."""
    debate, access = _readable(request, slug)
    if not access.may_manage:
        raise PermissionDenied("Only the debate's owner imports into it.")
    upload = ImportForm(request.POST or None, request.FILES or None)
    refusal = check(request, "import") if request.method == "POST" else None
    if refusal:
        upload = ImportForm()  # a browser cannot be handed the file back; the message says why
    del upload.fields["root"]  # the debate has its thesis
    if not refusal and request.method == "POST" and upload.is_valid() and upload.background:
        answer = _in_background(request, upload, {"into": debate.pk}, upload)
        if answer is not None:
            return answer
    elif not refusal and request.method == "POST" and upload.is_valid():
        _, graph = upload.read
        summary = import_graph(graph=graph, into=debate, owner=request.user)
        _report(request, summary)
        return redirect(debate.get_absolute_url())
    context = {
        "debate": debate,
        "upload": upload,
        "limit_mb": UPLOAD_LIMIT // 2**20,
        "refused": refusal.message if refusal else "",
    }
    response = render(request, "arguments/import.html", context)
    return with_retry(response, refusal) if refusal else response
