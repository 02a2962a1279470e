"""Contributions: new claims, links, edits and flags. Each becomes a Proposal a moderator
decides; a moderator's own contribution is approved as it is made."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from arguments.camps.services import new_speaker as make_speaker
from arguments.classes.selectors import refusal_at
from arguments.live import bus
from arguments.models import Citation, Claim, ClaimRevision, Decision, Proposal, Stance, Status
from arguments.selectors.weighing import concluded_claim_id
from arguments.services.counts import refresh_counts
from arguments.services.evaluate import reevaluate
from arguments.services.structure import add_argument
from corpus.models import Actor, DebateSource, Excerpt


class TooManyProposals(ValidationError):
    """The user reached the daily limit on this debate; the message says when it lifts."""


class AlreadyProposed(ValidationError):
    """The author made this very proposal already and it stands (a double submission, say);
    `proposal` is that first one."""

    def __init__(self, message, proposal):
        super().__init__(message)
        self.proposal = proposal


def _one_at_a_time(user):
    """Lock the author's row until the transaction ends, so that one user's proposals are
    made one after the other: a second submission of the same form waits for the first and
    then finds it (see `_refuse_repeat`), and the daily limit counts both. FOR NO KEY UPDATE
    does not block rows that merely reference the user (votes, other people's decisions)."""
    list(
        get_user_model()
        .objects.select_for_update(no_key=True)
        .filter(pk=user.pk)
        .values_list("pk", flat=True)
    )


def _refuse_repeat(proposals, what):
    """Raise AlreadyProposed if one of `proposals` (the author's same proposal) stands."""
    earlier = proposals.exclude(status=Proposal.State.REJECTED).order_by("id").first()
    if earlier is not None:
        state = (
            "it is pending: a moderator will decide."
            if earlier.status == Proposal.State.PENDING
            else "it was approved."
        )
        raise AlreadyProposed(f"You proposed this {what} already; {state}", earlier)


def check_rate(*, user, debate):
    """Raise TooManyProposals when `user` made PROPOSALS_PER_DAY proposals here in 24 hours."""
    limit = settings.PROPOSALS_PER_DAY
    since = timezone.now() - timedelta(days=1)
    recent = list(
        Proposal.objects.filter(author=user, debate=debate, created__gte=since)
        .order_by("created")
        .values_list("created", flat=True)[: limit + 1]
    )
    if len(recent) >= limit:
        again = recent[-limit] + timedelta(days=1)
        local = timezone.localtime(again)
        raise TooManyProposals(
            f"You have made {limit} proposals on this debate in the last 24 hours, the most "
            f"allowed. You can propose again after {local:%H:%M} UTC on {local:%-d %B}."
        )


def _open(*, access, kind, **fields):
    """A pending proposal, or an approved one when the author moderates this debate."""
    proposal = Proposal.objects.create(
        debate=access.debate, kind=kind, author=access.user, **fields
    )
    Decision.objects.create(proposal=proposal, actor=access.user, action=Decision.Action.SUBMITTED)
    bus.queue_changed(access.debate.pk)
    return proposal


def _check_side(*, access, target, stance):
    """In a class debate with an assignment, students argue only for their side."""
    refusal = refusal_at(access=access, target=target, stance=stance)
    if refusal:
        raise ValidationError(refusal)


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


NOT_A_DEBATE_SOURCE = (
    "That passage is not from one of this debate's sources: choose a passage from the"
    " debate's library, or add its source to the library first."
)


def _require_debate_sources(debate, excerpts):
    """Evidence comes only from the sources the debate uses (approved in it): a passage of
    another debate's source, which its readers may not be allowed to read, is refused."""
    wanted = {excerpt.source_id for excerpt in excerpts}
    if not wanted:
        return
    used = DebateSource.objects.filter(
        debate=debate, status=DebateSource.Status.APPROVED, source_id__in=wanted
    ).values_list("source_id", flat=True)
    if wanted - set(used):
        raise ValidationError(NOT_A_DEBATE_SOURCE)


@transaction.atomic
def propose_claim(
    *,
    access,
    target,
    stance,
    text,
    speaker=None,
    new_speaker=None,
    excerpts=(),
    new_excerpt=None,
):
    """A new claim as a pro or con of `target`, with optional speaker and evidence.

    `speaker` is one of the debate's approved speakers or the proposer's own pending one;
    `new_speaker` (a dict of name, kind, camp) names a speaker the debate does not list
    yet: it is made with the claim, pending as the claim is (approved with it, `moderate`),
    and listed nowhere else meanwhile. `excerpts` are existing Excerpts; `new_excerpt` an
    unsaved, verbatim one (from the source reader) saved here. Moderators' claims (and
    speakers) are approved at once.
    """
    _require(access.may_propose, "You may not propose claims in this debate.")
    if stance not in Stance.values:
        raise ValidationError("Choose pro or con.")
    _check_side(access=access, target=target, stance=stance)
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Write the claim: one proposition.")
    _one_at_a_time(access.user)
    _refuse_repeat(
        Proposal.objects.filter(
            author=access.user,
            kind=Proposal.Kind.CLAIM,
            argument__target_claim=target,
            argument__stance=stance,
            claim__text=text,
            claim__status__in=(Status.PENDING, Status.APPROVED),
        ),
        "pro" if stance == Stance.SUPPORT else "con",
    )
    if not access.may_moderate:
        check_rate(user=access.user, debate=access.debate)
    _require_debate_sources(access.debate, [*excerpts, *filter(None, [new_excerpt])])
    approved = access.may_moderate
    status = Status.APPROVED if approved else Status.PENDING
    speaker = _speaker(access, speaker, new_speaker, approved=approved)
    claim = Claim(
        debate=access.debate, text=text, speaker=speaker, author=access.user, status=status
    )
    claim.full_clean(exclude=["debate", "key"])
    claim.save()
    argument = add_argument(
        debate=access.debate,
        premises=[claim],
        stance=stance,
        target_claim=target,
        status=status,
        author=access.user,
    )
    evidence = list(excerpts)
    if new_excerpt is not None:
        saved, _ = Excerpt.objects.get_or_create(
            source=new_excerpt.source,
            start=new_excerpt.start,
            end=new_excerpt.end,
            defaults={"quote": new_excerpt.quote},
        )
        evidence.append(saved)
    Citation.objects.bulk_create(Citation(claim=claim, excerpt=excerpt) for excerpt in evidence)
    proposal = _open(access=access, kind=Proposal.Kind.CLAIM, claim=claim, argument=argument)
    if approved:
        _approve_on_submission(proposal, access.user)
        ClaimRevision.objects.create(
            claim=claim, text=text, author=access.user, approved_by=access.user
        )
        refresh_counts(access.debate.pk)
    return proposal


def _speaker(access, speaker, new_speaker, *, approved):
    """The claim's speaker: a listed one the proposer may name, or a new one made here."""
    if speaker is not None and new_speaker is not None:
        raise ValidationError("Choose a listed speaker or name a new one, not both.")
    if speaker is not None:
        mine = speaker.status == Actor.Status.PENDING and speaker.proposed_by_id == access.user.pk
        if speaker.debate_id != access.debate.pk or not (
            speaker.status == Actor.Status.APPROVED or mine
        ):
            raise ValidationError("Choose one of this debate's speakers.")
        return speaker
    if new_speaker is None:
        return None
    return make_speaker(
        debate=access.debate,
        name=new_speaker["name"],
        kind=new_speaker["kind"],
        camp=new_speaker["camp"],
        status=Actor.Status.APPROVED if approved else Actor.Status.PENDING,
        proposed_by=access.user,
    )


@transaction.atomic
def propose_link(*, access, claim, target, stance):
    """An existing claim of the debate as a pro or con of another (a linked claim)."""
    _require(access.may_propose, "You may not propose links in this debate.")
    _check_side(access=access, target=target, stance=stance)
    _one_at_a_time(access.user)  # a second, racing link then meets the first one's argument
    if not access.may_moderate:
        check_rate(user=access.user, debate=access.debate)
    status = Status.APPROVED if access.may_moderate else Status.PENDING
    argument = add_argument(
        debate=access.debate,
        premises=[claim],
        stance=stance,
        target_claim=target,
        status=status,
        author=access.user,
    )
    proposal = _open(access=access, kind=Proposal.Kind.LINK, claim=claim, argument=argument)
    if access.may_moderate:
        _approve_on_submission(proposal, access.user)
        refresh_counts(access.debate.pk)
    return proposal


@transaction.atomic
def propose_edit(*, access, claim, text, reason):
    """A new wording for an approved claim, with the reason for it."""
    _require(access.may_propose, "You may not propose edits in this debate.")
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Write the new wording.")
    if text == claim.text:
        raise ValidationError("The new wording is the same as the current one.")
    if not reason.strip():
        raise ValidationError("Say why the wording should change.")
    _one_at_a_time(access.user)
    _refuse_repeat(
        Proposal.objects.filter(
            author=access.user, kind=Proposal.Kind.EDIT, claim=claim, text=text
        ).exclude(status=Proposal.State.APPROVED),
        "wording",
    )
    check_rate(user=access.user, debate=access.debate)
    return _open(
        access=access, kind=Proposal.Kind.EDIT, claim=claim, text=text, note=reason.strip()
    )


@transaction.atomic
def flag(*, access, reason, note="", claim=None, argument=None, duplicate_of=None):
    """A flag on a claim or an argument for moderators to look at."""
    _require(access.may_flag, "Sign in to flag.")
    if (claim is None) == (argument is None):
        raise ValidationError("Flag one claim or one argument.")
    if reason not in Proposal.FlagReason.values:
        raise ValidationError("Choose what is wrong.")
    if reason == Proposal.FlagReason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError("Say which claim this one duplicates.")
        if claim is None or duplicate_of.pk == claim.pk:
            raise ValidationError("A claim can only duplicate another claim.")
    _one_at_a_time(access.user)
    _refuse_repeat(
        Proposal.objects.filter(
            author=access.user,
            kind=Proposal.Kind.FLAG,
            claim=claim,
            argument=argument,
            flag_reason=reason,
            status=Proposal.State.PENDING,
        ),
        "flag",
    )
    check_rate(user=access.user, debate=access.debate)
    return _open(
        access=access,
        kind=Proposal.Kind.FLAG,
        claim=claim,
        argument=argument,
        flag_reason=reason,
        note=note.strip(),
        duplicate_of=duplicate_of if reason == Proposal.FlagReason.DUPLICATE else None,
    )


def _approve_on_submission(proposal, user):
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Proposal.State.APPROVED, decided_by=user, decided_at=now
    )
    proposal.status = Proposal.State.APPROVED
    Decision.objects.create(
        proposal=proposal,
        actor=user,
        action=Decision.Action.APPROVED,
        reason="Approved on submission: the author moderates this debate.",
    )
    reevaluate(
        debate_id=proposal.debate_id,
        claim_ids={proposal.claim_id, concluded_claim_id(proposal.argument)},
    )
