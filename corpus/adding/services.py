"""Writes of sources brought in the browser: adding (or proposing) one to a debate, editing
its details and text, and correcting a quoted text as a new version."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from arguments.live import bus
from arguments.models import Debate, Decision, Proposal
from arguments.models.debate import unlisted_slug
from arguments.permissions import Access
from arguments.services.counts import touch
from arguments.services.propose import check_rate
from corpus.models import DebateSource, Excerpt, Source

from .extraction import IngestError, clean_text

METADATA = ("title", "byline", "publisher", "published", "url", "genre", "language")


def source_slug(title, *, secret):
    """A free slug from the title; with `secret`, a random part too (`unlisted_slug`), for a
    source only an unlisted or class debate uses: its address must not be guessable."""
    if secret:
        return unlisted_slug(title)
    base = slugify(title)[:70].strip("-") or "source"
    taken = set(
        Source.objects.filter(slug__startswith=base).values_list("slug", flat=True)[:10_000]
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:  # at most len(taken) steps
        number += 1
    return f"{base}-{number}"


def _clean_fields(*, text, title, precision, published, genre):
    try:
        text = clean_text(text)
    except IngestError as error:  # a NUL or a lone surrogate: refused, with the reason
        raise ValidationError(str(error)) from None
    if not text:
        raise ValidationError("The text is empty: a source needs its words.")
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give the source a title.")
    if genre not in Source.Genre.values:
        raise ValidationError("Choose the source's genre.")
    if published is None or precision not in Source.Precision.values:
        precision = Source.Precision.DAY
    return text, title, precision


def _cleaned_or_none(text):
    try:
        return clean_text(text)
    except IngestError:
        return None


@transaction.atomic
def add_source(
    *,
    debate,
    user,
    text,
    title,
    genre,
    origin,
    byline="",
    publisher="",
    published=None,
    precision="day",
    url="",
    language="en",
    pages=(),
):
    """A new Source used by `debate`: approved at once when `user` moderates the debate,
    else pending with a Proposal of kind "source" for its moderators' queue. Returns
    (source, link)."""
    access = Access.load(user, debate)
    if not access.may_propose:
        raise PermissionDenied("You may not add sources to this debate.")
    text, title, precision = _clean_fields(
        text=text, title=title, precision=precision, published=published, genre=genre
    )
    # One user's additions one after the other, so a double-submitted review is found.
    Debate.objects.select_for_update().filter(pk=debate.pk).values_list("pk").first()
    repeat = DebateSource.objects.filter(
        debate=debate, added_by=user, source__title=title, source__text=text
    ).exclude(status=DebateSource.Status.REJECTED)
    if repeat.exists():
        raise ValidationError("You added this source to this debate already.")
    moderates = access.may_moderate
    if not moderates:
        check_rate(user=user, debate=debate)
    source = Source.objects.create(
        slug=source_slug(title, secret=debate.visibility != Debate.Visibility.PUBLIC),
        title=title,
        byline=byline.strip(),
        publisher=publisher.strip(),
        published=published,
        published_precision=precision,
        url=url,
        genre=genre,
        language=language or "en",
        text=text,
        origin=origin,
        pages=[offset for offset in pages if 0 <= offset < len(text)],
        added_by=user,
    )
    status = DebateSource.Status.APPROVED if moderates else DebateSource.Status.PENDING
    link = DebateSource.objects.create(debate=debate, source=source, status=status, added_by=user)
    if moderates:
        touch(debate.pk)
    else:
        proposal = Proposal.objects.create(
            debate=debate, kind=Proposal.Kind.SOURCE, author=user, source=source
        )
        Decision.objects.create(proposal=proposal, actor=user, action=Decision.Action.SUBMITTED)
        bus.queue_changed(debate.pk)
    return source, link


def is_cited(source):
    return Excerpt.objects.filter(source=source).exists()


@transaction.atomic
def edit_source(*, source, user, text=None, **metadata):
    """Change a source's details, and its text (None: unchanged) while no excerpt cites it.
    A changed text loses its page offsets: they were the old text's. Who may edit is the
    caller's check (`selectors.may_edit`)."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    new_text, title, precision = _clean_fields(
        text=source.text if text is None else text,
        title=metadata["title"],
        precision=metadata.get("precision", ""),
        published=metadata.get("published"),
        genre=metadata["genre"],
    )
    # The stored text stands as it is when none is given: a seed text need not be in the
    # form clean_text gives (it may lack the final newline), and is not changed for that.
    if text is not None and new_text != source.text:
        if is_cited(source):
            raise ValidationError(
                "A quote cites this text, so it is fixed: correct it as a new version instead."
            )
        source.text, source.pages = new_text, []
    for field in METADATA:
        setattr(source, field, metadata.get(field, getattr(source, field)))
    source.title, source.published_precision = title, precision
    source.save()
    _touch_debates(source)
    return source


@transaction.atomic
def correct_source(*, source, user, text, **metadata):
    """A corrected version of a quoted source: a new Source with `supersedes` = `source`,
    used by the same debates in the same standing; the old one stays for its quotes."""
    new_text, title, precision = _clean_fields(
        text=text,
        title=metadata["title"],
        precision=metadata.get("precision", ""),
        published=metadata.get("published"),
        genre=metadata["genre"],
    )
    if new_text in (source.text, _cleaned_or_none(source.text)):
        raise ValidationError("The text is as it was: change it to make a corrected version.")
    links = list(
        source.debate_links.exclude(status=DebateSource.Status.REJECTED).select_related("debate")
    )
    secret = any(link.debate.visibility != Debate.Visibility.PUBLIC for link in links)
    fields = {field: metadata.get(field, getattr(source, field)) for field in METADATA}
    correction = Source.objects.create(
        **fields
        | {
            "title": title,
            "published_precision": precision,
            "slug": source_slug(title, secret=secret),
            "text": new_text,
            "origin": source.origin,
            "supersedes": source,
            "added_by": user,
        }
    )
    DebateSource.objects.bulk_create(
        DebateSource(debate_id=link.debate_id, source=correction, status=link.status, added_by=user)
        for link in links
    )
    _touch_debates(correction)
    return correction


def _touch_debates(source):
    for debate_id in source.debate_links.filter(status=DebateSource.Status.APPROVED).values_list(
        "debate_id", flat=True
    ):
        touch(debate_id)
