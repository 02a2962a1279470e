"""The moderation queue, decisions (one, or many at once), claim history and reverts."""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import trigger_client_event

from arguments.classes import selectors as class_selectors
from arguments.filters import ProposalFilter
from arguments.forms import DecisionForm
from arguments.models import Claim, ClaimRevision, Proposal
from arguments.permissions import Access, moderated_debates, taught_classes
from arguments.selectors.focus import get_claim
from arguments.selectors.moderation import (
    FLAGGED_LINK,
    SOURCE_OPENING,
    attach_flagged_links,
    attach_similar_claims,
    proposal_queue,
    similar_claims,
)
from arguments.selectors.paths import as_id
from arguments.services import moderate as services
from arguments.views import paging
from arguments.views.rendering import (
    local_path,
    refusal,
    render_fragment,
    render_page,
    swap_target,
    vary_on_htmx,
    wants_fragment,
)

PAGE_SIZE = 25


def _require_moderator(user):
    if not (user.is_staff or moderated_debates(user).exists()):
        raise PermissionDenied("You do not moderate any debate.")


@login_required
@require_safe
def queue(request):
    _require_moderator(request.user)
    debates = moderated_debates(request.user)
    filterset = ProposalFilter(
        request.GET or None,
        queryset=proposal_queue(user=request.user),
        debates=debates,
        classrooms=taught_classes(request.user),
    )
    page = paging.paginate(request, filterset.qs, per_page=PAGE_SIZE)
    attach_similar_claims(page.object_list)
    attach_flagged_links(page.object_list)
    context = {"filter": filterset, "page": page}
    return render_page(request, "arguments/moderation.html", context, partial="queue")


def _proposal(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "debate__classroom",
            "author",
            "claim__speaker__camp",
            "argument__target_claim",
            "claim__merged_into",
            "duplicate_of",
            "decided_by",
            "source",
        )
        .annotate(source_opening=SOURCE_OPENING)
        .defer("source__text", "source__raw")
        .prefetch_related("claim__citations__excerpt__source", FLAGGED_LINK),
        pk=pk,
    )
    access = Access.load(request.user, proposal.debate)
    if not access.may_moderate:
        raise PermissionDenied("You do not moderate this debate.")
    return proposal, access


def _item_context(proposal, access, form):
    similar = []
    if proposal.claim and proposal.kind in (Proposal.Kind.CLAIM, Proposal.Kind.FLAG):
        similar = similar_claims(
            access=access, text=proposal.claim.text, exclude=[proposal.claim_id]
        )
    return {
        "proposal": proposal,
        "similar": similar,
        "decisions": proposal.decisions.select_related("actor"),
        "form": form,
        "said": decision_sentence(proposal),
    }


def link_words(argument):
    """A link named by its claims: “premise” as a pro of “target”."""
    premises = " and ".join(services.quoted(claim.text) for claim in argument.premises.all())
    target = argument.target_claim
    of = services.quoted(target.text) if target else "a link"
    return f"{premises} as a {argument.get_stance_display().lower()} of {of}"


def decision_sentence(proposal):
    """How a decided proposal ended, in one sentence ("" while pending): "New claim merged
    into “…” by ana: “…”.", "Flag dismissed by ana: the link of “…” as a pro of “…”."."""
    if proposal.status == Proposal.State.PENDING:
        return ""
    claim = proposal.claim
    words = [proposal.get_kind_display(), proposal.outcome]
    if proposal.status == Proposal.State.MERGED and claim and claim.merged_into_id:
        words.append(f"into {services.quoted(claim.merged_into.text)}")
    if proposal.decided_by:
        words.append(f"by {proposal.decided_by.get_username()}")
    if claim:
        return f"{' '.join(words)}: {services.quoted(claim.text)}."
    if proposal.source_id:
        return f"{' '.join(words)}: {services.quoted(proposal.source.title)}."
    if proposal.argument:
        return f"{' '.join(words)}: the link of {link_words(proposal.argument)}."
    return f"{' '.join(words)}."


@login_required
@require_safe
def item(request, pk):
    """One proposal with its context: parent claim, evidence, similar claims and history."""
    proposal, access = _proposal(request, pk)
    context = _item_context(proposal, access, DecisionForm())
    return render(request, "arguments/moderation_item.html", context)


def _next(request):
    """Where to go after a decision: the page it came from (the queue with its filters)."""
    return local_path(request, request.POST.get("next", ""), reverse("arguments:moderation"))


# A queue card's Reject uses the reason box at the top of the queue.
QUEUE_REASON_MISSING = (
    "Type a reason in “Reason (for rejections)” at the top of the queue, then Reject again:"
    " the author will read it."
)


@login_required
@require_POST
def decide(request, pk):
    """Decide a proposal. Answers the element htmx aims at: a queue card (replaced by the
    decision, or kept whole with what is missing), the item page's `#moderation-item` (the
    whole page part again, so header, form and history agree), or `#decision`; a plain POST
    goes back to the page it came from with a message."""
    proposal, access = _proposal(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "approve":
                services.approve(access=access, proposal=proposal, text=data["text"] or None)
            elif data["action"] == "reject":
                services.reject(access=access, proposal=proposal, reason=data["reason"])
            else:
                kept = Claim.objects.filter(pk=data["kept"], debate=proposal.debate).first()
                services.merge(access=access, proposal=proposal, kept=kept)
        except services.AlreadyDecided as error:
            form.add_error(None, refusal(error))
        except ValidationError as error:
            form.add_error(None, error)
    target = swap_target(request) if wants_fragment(request) else ""
    in_queue = target.startswith("proposal-")
    if in_queue and "reason" in form.errors:
        problem = QUEUE_REASON_MISSING
    else:
        # The queue's buttons sit in no rendered form: the errors are one line there.
        problem = refusal(form) if form.errors else None
    proposal, access = _proposal(request, pk)  # as the decision left it
    if target == "moderation-item":
        context = {**_item_context(proposal, access, form), "problem": problem}
        return render_fragment(request, "arguments/moderation_item.html", context, partial="item")
    if target:
        if in_queue:
            attach_similar_claims([proposal])
        context = {
            "proposal": proposal,
            "problem": problem,
            "form": form,
            "in_queue": in_queue,
            "said": decision_sentence(proposal),
        }
        response = render_fragment(request, "arguments/moderation.html", context, partial="decided")
        if in_queue and not problem:
            return trigger_client_event(response, "queue-decided")
        return response
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, decision_sentence(proposal))
    return vary_on_htmx(redirect(_next(request)))


@login_required
@require_POST
def decide_many(request):
    _require_moderator(request.user)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    ids = [pk for pk in map(as_id, request.POST.getlist("selected")) if pk is not None]
    if action not in ("approve", "reject") or not ids:
        messages.error(request, "Select items and choose approve or reject.")
        return redirect(reverse("arguments:moderation"))
    if action == "reject" and not reason.strip():
        messages.error(request, "Give a reason to reject: the authors will read it.")
        return redirect(reverse("arguments:moderation"))
    proposals = proposal_queue(user=request.user).filter(pk__in=ids)
    by_debate = {}
    for proposal in proposals:
        by_debate.setdefault(proposal.debate, []).append(proposal)
    done, refused = [], []
    for debate, items in by_debate.items():
        access = Access.load(request.user, debate)
        ok, no = services.decide_many(access=access, proposals=items, action=action, reason=reason)
        done += ok
        refused += no
    if done:
        count = len(done)
        outcome = "approved" if action == "approve" else "rejected"
        messages.success(request, f"{count} {'item' if count == 1 else 'items'} {outcome}.")
    for proposal, message in refused:
        messages.error(request, f"{proposal}: {message}")
    return redirect(_next(request))


@require_safe
def history(request, slug, claim_id):
    """Every wording the claim has had, newest first, a page at a time (paging.HISTORY),
    each with its difference from the one before; moderators may revert."""
    claim, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    newest_first = claim.revisions.select_related("author", "approved_by").order_by(
        "-created", "-id"
    )
    page = paging.paginate(request, newest_first, per_page=paging.HISTORY)
    # The wording before the oldest on this page, to show what that one changed.
    before = newest_first[page.end_index() : page.end_index() + 1] if page.end_index() else []
    older = [*page.object_list, *before]
    rows = []
    for index, revision in enumerate(page.object_list):
        previous = older[index + 1].text if index + 1 < len(older) else ""
        rows.append(
            {
                "revision": revision,
                "diff": word_diff(previous, revision.text),
                "current": page.number == 1 and index == 0,
            }
        )
    names = class_selectors.shown_names(access=access)
    context = {"claim": claim, "access": access, "rows": rows, "names": names, "page": page}
    return render(request, "arguments/history.html", context)


def word_diff(old, new):
    """(kind, text) pieces turning `old` into `new` word by word: kind is same, del or ins."""
    before, after = old.split(), new.split()
    pieces = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", " ".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("del", " ".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(("ins", " ".join(after[b1:b2])))
    return pieces


@login_required
@require_POST
def revert(request, slug, claim_id, revision_id):
    claim, access = get_claim(slug=slug, user=request.user, claim_id=claim_id)
    revision = get_object_or_404(ClaimRevision, pk=revision_id, claim=claim)
    services.revert(access=access, claim=claim, revision=revision)
    messages.success(request, "The claim has its earlier wording again.")
    return redirect(reverse("arguments:history", args=[slug, claim_id]))
