"""Moderators' decisions. Each is atomic; a proposal is decided once, by a conditional
update, so of two moderators acting at once exactly one decision stands."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from arguments.classes.sides.selectors import approval_refusal
from arguments.live import bus
from arguments.models import (
    Argument,
    Citation,
    Claim,
    ClaimRevision,
    Decision,
    Notification,
    Premise,
    Proposal,
    Status,
)
from arguments.models.argument import reachable_from
from arguments.selectors.weighing import concluded_claim_id, reached_claims
from arguments.services.counts import refresh_counts, touch
from arguments.services.evaluate import reevaluate
from corpus.models import Actor, DebateSource


class AlreadyDecided(Exception):
    """Someone decided the proposal first; `proposal` is as they left it."""

    def __init__(self, proposal):
        self.proposal = proposal
        who = proposal.decided_by.get_username() if proposal.decided_by else "someone"
        when = timezone.localtime(proposal.decided_at) if proposal.decided_at else None
        at = f" at {when:%H:%M} UTC on {when:%-d %B}" if when else ""
        super().__init__(f"Already {proposal.outcome} by {who}{at}.")


def shortened(text, limit=80):
    """`text` with its whitespace collapsed, cut at a word boundary with an ellipsis when
    over `limit` characters (a single word longer than `limit` is cut inside it)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def quoted(text, limit=80):
    """`shortened(text, limit)` in curly quotes."""
    return f"“{shortened(text, limit)}”"


def _require_moderator(access, proposal):
    if not access.may_moderate or proposal.debate_id != access.debate.pk:
        raise PermissionDenied("You do not moderate this debate.")


def _decide(proposal, *, moderator, status, reason=""):
    """Move the proposal from pending to `status`, or raise AlreadyDecided."""
    now = timezone.now()
    updated = Proposal.objects.filter(pk=proposal.pk, status=Proposal.State.PENDING).update(
        status=status, decided_by=moderator, decided_at=now, decision_reason=reason
    )
    if not updated:
        raise AlreadyDecided(Proposal.objects.select_related("decided_by").get(pk=proposal.pk))
    proposal.status, proposal.decided_by, proposal.decided_at = status, moderator, now
    proposal.decision_reason = reason


def _record(proposal, moderator, action, reason, message):
    Decision.objects.create(proposal=proposal, actor=moderator, action=action, reason=reason)
    if proposal.author_id != moderator.pk:
        claim = proposal.claim
        url = claim.get_absolute_url() if claim else ""
        if proposal.source_id and proposal.status == Proposal.State.APPROVED:
            url = proposal.source.get_absolute_url()
        Notification.objects.create(
            user=proposal.author, proposal=proposal, message=message, url=url
        )
        bus.decided(proposal.author_id, proposal.debate_id)


def _ensure_history(claim):
    """Give a claim approved before revisions were kept its original wording as revision one."""
    if not claim.revisions.exists():
        ClaimRevision.objects.create(
            claim=claim, text=claim.text, author=claim.author, reason="Original wording"
        )


def _set_text(claim, text, *, author, moderator, reason):
    claim.text = " ".join(text.split())
    claim.full_clean(exclude=["debate", "key"])
    claim.save(update_fields=["text", "updated"])
    ClaimRevision.objects.create(
        claim=claim, text=claim.text, author=author, approved_by=moderator, reason=reason
    )


def _check_still_acyclic(argument):
    premise_ids = set(argument.premises.values_list("id", flat=True))
    target = argument.target_claim_id or argument.target_argument.target_claim_id
    if reachable_from(target) & premise_ids:
        raise ValidationError(
            "Approving this would now make a cycle: the map changed since it was proposed."
        )


def _named(proposal):
    """What a notice is about, so that an author with several proposals knows which one:
    claim “…”, link of “…”, edit “…”, flag on “…” or on the link of “…” as a pro of “…”."""
    claim = proposal.claim
    if proposal.kind == Proposal.Kind.EDIT:
        return f"edit {quoted(proposal.text)}"
    if proposal.kind == Proposal.Kind.CLAIM:
        return f"claim {quoted(claim.text)}"
    if proposal.kind == Proposal.Kind.LINK:
        return f"link of {quoted(claim.text)}"
    if claim:
        return f"flag on {quoted(claim.text)}"
    argument = proposal.argument
    premises = " and ".join(quoted(premise.text) for premise in argument.premises.all())
    target = argument.target_claim
    of = f" as a {argument.get_stance_display().lower()} of {quoted(target.text)}" if target else ""
    return f"flag on the link of {premises}{of}"


def _editor(proposal):
    return "your teacher" if proposal.debate.classroom_id else "a moderator"


@transaction.atomic
def approve(*, access, proposal, text=None):
    """Approve a proposal; with `text`, edit a new claim's or an edit's wording first.

    Approving a flag upholds it: the flagged claim or argument leaves the public map
    (a duplicate flag merges the claim into the one it duplicates instead).
    """
    _require_moderator(access, proposal)
    moderator = access.user
    if proposal.kind == Proposal.Kind.FLAG and proposal.flag_reason == "duplicate":
        return merge(access=access, proposal=proposal, kept=proposal.duplicate_of)
    if proposal.kind == Proposal.Kind.SOURCE:
        return _decide_source(access=access, proposal=proposal, approved=True)
    refusal = approval_refusal(proposal=proposal)
    if refusal:
        raise ValidationError(refusal)
    edited = bool(text) and " ".join(text.split()) != " ".join(
        (proposal.text if proposal.kind == Proposal.Kind.EDIT else proposal.claim.text).split()
    )
    _decide(proposal, moderator=moderator, status=Proposal.State.APPROVED)
    claim = proposal.claim  # None for a flag on a link
    if proposal.kind == Proposal.Kind.EDIT:
        proposal_text = proposal.text
    else:
        proposal_text = claim.text if claim else ""
    if proposal.kind == Proposal.Kind.CLAIM:
        ClaimRevision.objects.create(claim=claim, text=claim.text, author=proposal.author)
        if edited:
            _set_text(
                claim, text, author=moderator, moderator=moderator, reason="Edited on approval"
            )
        else:
            claim.revisions.update(approved_by=moderator)
        Claim.objects.filter(pk=claim.pk).update(status=Status.APPROVED)
        # A speaker named with the claim joins the debate's list with it.
        Actor.objects.filter(pk=claim.speaker_id, status=Actor.Status.PENDING).update(
            status=Actor.Status.APPROVED
        )
        _check_still_acyclic(proposal.argument)
        Argument.objects.filter(pk=proposal.argument_id).update(status=Status.APPROVED)
        changed = {claim.pk, concluded_claim_id(proposal.argument)}
        message = f"Your claim {quoted(proposal_text)} was approved."
        if edited:
            message = (
                f"Your claim {quoted(proposal_text, 60)} was approved with its wording edited"
                f" by {_editor(proposal)}: now {quoted(claim.text, 60)}."
            )
    elif proposal.kind == Proposal.Kind.LINK:
        _check_still_acyclic(proposal.argument)
        Argument.objects.filter(pk=proposal.argument_id).update(status=Status.APPROVED)
        changed = {claim.pk, concluded_claim_id(proposal.argument)}
        message = f"Your link of {quoted(claim.text)} was approved."
    elif proposal.kind == Proposal.Kind.EDIT:
        _ensure_history(claim)
        _set_text(
            claim,
            text if edited else proposal.text,
            author=proposal.author,
            moderator=moderator,
            reason=proposal.note,
        )
        changed = set()  # a new wording changes no label or strength
        message = f"Your edit {quoted(proposal_text)} was approved."
        if edited:
            message = (
                f"Your edit {quoted(proposal_text, 60)} was approved with its wording edited"
                f" by {_editor(proposal)}: now {quoted(claim.text, 60)}."
            )
    else:
        withdrawn = claim or proposal.argument
        # What the withdrawn item bore on, found while its edges still count.
        changed = reached_claims({claim.pk}) if claim else {concluded_claim_id(withdrawn)}
        type(withdrawn).objects.filter(pk=withdrawn.pk).update(status=Status.REJECTED)
        message = f"Your {_named(proposal)} was upheld: it was taken off the map."
    action = Decision.Action.EDITED if edited else Decision.Action.APPROVED
    _record(proposal, moderator, action, "", message)
    refresh_counts(proposal.debate_id)
    if changed:
        reevaluate(debate_id=proposal.debate_id, claim_ids=changed)
    return proposal


@transaction.atomic
def reject(*, access, proposal, reason):
    """Reject a proposal; the reason is required and shown to its author."""
    _require_moderator(access, proposal)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give a reason: the author will read it.")
    if proposal.kind == Proposal.Kind.SOURCE:
        return _decide_source(access=access, proposal=proposal, approved=False, reason=reason)
    _decide(proposal, moderator=access.user, status=Proposal.State.REJECTED, reason=reason)
    if proposal.kind == Proposal.Kind.CLAIM:
        Claim.objects.filter(pk=proposal.claim_id).update(status=Status.REJECTED)
        # A pending speaker named with it goes too, unless another waiting claim names it.
        waiting = Claim.objects.filter(
            speaker=OuterRef("pk"), status__in=(Status.PENDING, Status.APPROVED)
        )
        Actor.objects.filter(
            ~Exists(waiting), pk=proposal.claim.speaker_id, status=Actor.Status.PENDING
        ).update(status=Actor.Status.REJECTED)
    if proposal.kind in (Proposal.Kind.CLAIM, Proposal.Kind.LINK):
        Argument.objects.filter(pk=proposal.argument_id).update(status=Status.REJECTED)
    refused = "dismissed" if proposal.kind == Proposal.Kind.FLAG else "not accepted"
    _record(
        proposal,
        access.user,
        Decision.Action.REJECTED,
        reason,
        f"Your {_named(proposal)} was {refused}: {shortened(reason, 200)}",
    )
    refresh_counts(proposal.debate_id)
    return proposal


def _decide_source(*, access, proposal, approved, reason=""):
    """A proposed source: its use by the debate is approved (readers see it from now on,
    so the debate's version moves) or rejected; its author is told either way."""
    moderator = access.user
    state = Proposal.State.APPROVED if approved else Proposal.State.REJECTED
    _decide(proposal, moderator=moderator, status=state, reason=reason)
    status = DebateSource.Status.APPROVED if approved else DebateSource.Status.REJECTED
    DebateSource.objects.filter(debate_id=proposal.debate_id, source_id=proposal.source_id).update(
        status=status
    )
    title = quoted(proposal.source.title)
    if approved:
        message = f"Your source {title} was approved: it is now a source of the debate."
        action = Decision.Action.APPROVED
        touch(proposal.debate_id)
    else:
        message = f"Your source {title} was not accepted: {shortened(reason, 200)}"
        action = Decision.Action.REJECTED
    _record(proposal, moderator, action, reason, message)
    return proposal


@transaction.atomic
def merge(*, access, proposal, kept):
    """Merge the proposal's claim (a duplicate) into `kept`: its arguments move to `kept`
    where the graph rules allow, the rest are withdrawn; its citations are copied over.

    For a pending new claim, its own argument moves and is approved, so the reason the
    author gave stands under the kept wording.
    """
    _require_moderator(access, proposal)
    duplicate = proposal.claim
    if duplicate is None:
        raise ValidationError("Only a claim can be merged into another.")
    if kept is None or kept.pk == duplicate.pk or kept.debate_id != duplicate.debate_id:
        raise ValidationError("Choose another claim of this debate to keep.")
    _decide(proposal, moderator=access.user, status=Proposal.State.MERGED)
    changed = reached_claims({duplicate.pk, kept.pk})  # before the edges move
    _move_edges(duplicate, kept, approve=proposal.argument_id)
    for excerpt_id in duplicate.citations.values_list("excerpt_id", flat=True):
        Citation.objects.get_or_create(claim=kept, excerpt_id=excerpt_id)
    Claim.objects.filter(pk=duplicate.pk).update(status=Status.REJECTED, merged_into=kept)
    _record(
        proposal,
        access.user,
        Decision.Action.MERGED,
        f"Merged into claim #{kept.pk}",
        f"{quoted(duplicate.text, 60)} was merged into {quoted(kept.text, 60)}.",
    )
    refresh_counts(proposal.debate_id)
    reevaluate(debate_id=proposal.debate_id, claim_ids=changed)
    return proposal


def _move_edges(duplicate, kept, *, approve=None):
    """Re-point every argument using or targeting `duplicate` at `kept`, when valid."""
    using = Argument.objects.filter(premise_links__claim=duplicate).distinct()
    targeting = Argument.objects.filter(target_claim=duplicate)
    for argument in [*using, *targeting]:
        premise_ids = [kept.pk if pk == duplicate.pk else pk for pk in _premise_ids(argument)]
        target_id = (
            kept.pk if argument.target_claim_id == duplicate.pk else argument.target_claim_id
        )
        signature = Argument.make_signature(
            premise_ids=premise_ids,
            stance=argument.stance,
            target_claim_id=target_id,
            target_argument_id=argument.target_argument_id,
        )
        concluded = target_id or argument.target_argument.target_claim_id
        valid = (
            len(set(premise_ids)) == len(premise_ids)
            and concluded not in premise_ids
            and not Argument.objects.filter(debate_id=argument.debate_id, signature=signature)
            .exclude(pk=argument.pk)
            .exists()
            and not (reachable_from(concluded) & set(premise_ids))
        )
        if not valid:
            Argument.objects.filter(pk=argument.pk).update(status=Status.REJECTED)
            continue
        Premise.objects.filter(argument=argument, claim=duplicate).update(claim=kept)
        changes = {"signature": signature, "target_claim_id": target_id}
        if argument.pk == approve:
            changes["status"] = Status.APPROVED
        Argument.objects.filter(pk=argument.pk).update(**changes)


def _premise_ids(argument):
    return list(argument.premise_links.order_by("position").values_list("claim_id", flat=True))


@transaction.atomic
def revert(*, access, claim, revision):
    """Restore an earlier wording of a claim, as a new revision."""
    if not access.may_moderate or claim.debate_id != access.debate.pk:
        raise PermissionDenied("You do not moderate this debate.")
    if revision.claim_id != claim.pk:
        raise ValidationError("That revision belongs to another claim.")
    _ensure_history(claim)
    _set_text(
        claim,
        revision.text,
        author=access.user,
        moderator=access.user,
        reason=f"Reverted to the wording of {timezone.localtime(revision.created):%-d %B %Y %H:%M}",
    )
    refresh_counts(claim.debate_id)
    return claim


def decide_many(*, access, proposals, action, reason=""):
    """Approve or reject several proposals; returns (done, refused) with refusal messages."""
    done, refused = [], []
    for proposal in proposals:
        try:
            if action == "approve":
                approve(access=access, proposal=proposal)
            else:
                reject(access=access, proposal=proposal, reason=reason)
        except (AlreadyDecided, ValidationError, PermissionDenied) as error:
            message = " ".join(error.messages) if hasattr(error, "messages") else str(error)
            refused.append((proposal, message))
        else:
            done.append(proposal)
    return done, refused
