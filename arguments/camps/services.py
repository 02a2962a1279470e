"""Writes of a debate's camps and speakers. Keyword-only, atomic; each checks that `access`
may moderate the debate, raises ValidationError naming the reason, and marks the debate
changed for readers (camp names and styles show on its cached pages)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify

from arguments.services.counts import touch
from corpus import palette
from corpus.models import Actor, Camp

CAMP_NAME_LENGTH = 60
SPEAKER_NAME_LENGTH = 200


def _require_moderator(access):
    if not access.may_moderate:
        raise PermissionDenied("Only the debate's owner and moderators edit its camps.")


def _words(text):
    return " ".join((text or "").split())


def _unique(base, taken, limit):
    base = (slugify(base)[:limit].strip("-")) or "item"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: limit - len(suffix)] + suffix
        number += 1
    return candidate


def _camp_name(debate, name, *, keep=None):
    name = _words(name)
    if not name:
        raise ValidationError({"name": "Give the camp a name."})
    if len(name) > CAMP_NAME_LENGTH:
        raise ValidationError({"name": f"A camp's name has at most {CAMP_NAME_LENGTH} characters."})
    others = Camp.objects.filter(debate=debate, name__iexact=name)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    if others.exists():
        raise ValidationError({"name": f"This debate already has a camp called “{name}”."})
    return name


def _style(style):
    if style not in palette.BY_KEY:
        raise ValidationError({"style": "Choose a style from the list."})
    return style


def _own_camp(debate, camp):
    if camp is None or camp.debate_id != debate.pk:
        raise ValidationError({"camp": "Choose one of this debate's camps."})
    return camp


@transaction.atomic
def add_camp(*, access, name, style=""):
    """A new camp, last in the order; without a style, the first one no camp uses yet."""
    _require_moderator(access)
    debate = access.debate
    name = _camp_name(debate, name)
    camps = Camp.objects.filter(debate=debate)
    style = _style(style) if style else palette.next_free(camps.values_list("style", flat=True))
    last = camps.aggregate(last=Max("order"))["last"]
    camp = Camp.objects.create(
        debate=debate,
        key=_unique(name, set(camps.values_list("key", flat=True)), limit=40),
        name=name,
        style=style,
        order=0 if last is None else last + 1,
    )
    touch(debate.pk)
    return camp


@transaction.atomic
def update_camp(*, access, camp, name, style):
    """Rename and restyle `camp`. Its key (in addresses) stays, so links keep working."""
    _require_moderator(access)
    _own_camp(access.debate, camp)
    camp.name = _camp_name(access.debate, name, keep=camp)
    camp.style = _style(style)
    camp.save(update_fields=["name", "style"])
    touch(access.debate.pk)
    return camp


@transaction.atomic
def move_camp(*, access, camp, by):
    """Swap `camp` with its neighbour `by` places on (-1 earlier, +1 later); the order is
    renumbered 0, 1, 2… so gaps and ties left by older rows go away."""
    _require_moderator(access)
    _own_camp(access.debate, camp)
    camps = list(
        Camp.objects.select_for_update().filter(debate=access.debate).order_by("order", "id")
    )
    at = next(i for i, c in enumerate(camps) if c.pk == camp.pk)
    to = at + (1 if by > 0 else -1)
    if 0 <= to < len(camps):
        camps[at], camps[to] = camps[to], camps[at]
    for order, each in enumerate(camps):
        if each.order != order:
            Camp.objects.filter(pk=each.pk).update(order=order)
    touch(access.debate.pk)


@transaction.atomic
def delete_camp(*, access, camp):
    """Delete a camp nobody speaks for; one with speakers must have them moved first."""
    _require_moderator(access)
    _own_camp(access.debate, camp)
    used = Actor.objects.filter(camp=camp).count()
    if used:
        raise ValidationError(
            f"“{camp.name}” still has {used} speaker{'s' if used != 1 else ''}: move "
            f"{'them' if used != 1 else 'it'} to another camp before deleting it."
        )
    camp.delete()
    Camp.objects.filter(debate=access.debate, order__gt=camp.order).update(order=F("order") - 1)
    touch(access.debate.pk)


def _speaker_fields(debate, *, name, kind, camp, keep=None):
    name = _words(name)
    if not name:
        raise ValidationError({"name": "Give the speaker a name."})
    if len(name) > SPEAKER_NAME_LENGTH:
        raise ValidationError(
            {"name": f"A speaker's name has at most {SPEAKER_NAME_LENGTH} characters."}
        )
    if kind not in Actor.Kind.values:
        raise ValidationError({"kind": "Choose what kind of speaker this is."})
    _own_camp(debate, camp)
    same = Actor.objects.filter(debate=debate, name__iexact=name).exclude(
        status=Actor.Status.REJECTED
    )
    if keep is not None:
        same = same.exclude(pk=keep.pk)
    if same.exists():
        raise ValidationError({"name": f"This debate already has a speaker called “{name}”."})
    return name


def new_speaker(*, debate, name, kind, camp, status, proposed_by=None, url="", description=""):
    """An Actor of `debate`, checked; the callers are atomic and check who may add it."""
    name = _speaker_fields(debate, name=name, kind=kind, camp=camp)
    taken = set(Actor.objects.filter(debate=debate).values_list("slug", flat=True))
    return Actor.objects.create(
        debate=debate,
        camp=camp,
        slug=_unique(name, taken, limit=80),
        name=name,
        kind=kind,
        url=url,
        description=_words(description),
        status=status,
        proposed_by=proposed_by,
    )


@transaction.atomic
def add_speaker(*, access, name, kind, camp, url="", description=""):
    _require_moderator(access)
    speaker = new_speaker(
        debate=access.debate,
        name=name,
        kind=kind,
        camp=camp,
        url=url,
        description=description,
        status=Actor.Status.APPROVED,
        proposed_by=access.user,
    )
    touch(access.debate.pk)
    return speaker


@transaction.atomic
def update_speaker(*, access, speaker, name, kind, camp, url="", description=""):
    _require_moderator(access)
    if speaker.debate_id != access.debate.pk:
        raise ValidationError("That speaker is not one of this debate's.")
    speaker.name = _speaker_fields(access.debate, name=name, kind=kind, camp=camp, keep=speaker)
    speaker.kind, speaker.camp, speaker.url = kind, camp, url
    speaker.description = _words(description)
    speaker.save(update_fields=["name", "kind", "camp", "url", "description"])
    touch(access.debate.pk)
    return speaker


def copy_camps(*, source, into):
    """Copy `source`'s camps and approved speakers into the new debate `into` (a class
    copy), in bulk; the copy's claims then find their speakers by name (`import_graph`)."""
    camps = list(Camp.objects.filter(debate=source).order_by("order", "id"))
    copies = Camp.objects.bulk_create(
        Camp(debate=into, key=c.key, name=c.name, order=c.order, style=c.style) for c in camps
    )
    if copies and copies[0].pk is None:  # a backend that returns no ids from a bulk insert
        copies = list(Camp.objects.filter(debate=into).order_by("order", "id"))
    camp_of = {old.pk: new for old, new in zip(camps, copies, strict=True)}
    Actor.objects.bulk_create(
        (
            Actor(
                debate=into,
                camp=camp_of[actor.camp_id],
                slug=actor.slug,
                name=actor.name,
                kind=actor.kind,
                url=actor.url,
                description=actor.description,
            )
            for actor in Actor.objects.filter(debate=source, status=Actor.Status.APPROVED)
        ),
        batch_size=500,
    )
