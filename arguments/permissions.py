"""The one place that answers "may this user do this to this debate or item".

Views ask `Access` before acting, selectors filter with its `claims()` / `arguments()`
conditions, and templates read its `may_*` properties, so the three cannot disagree.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery

from .models import ROLE_RANK, Debate, Membership, Role, Status

READABLE = (Debate.Visibility.PUBLIC, Debate.Visibility.UNLISTED)
MODERATING = (Role.MODERATOR, Role.OWNER)


def membership_role(user, debate):
    """The user's membership role on `debate` (one query), or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(debate=debate, user=user).values_list("role", flat=True).first()
    )


def role_subquery(user, debate_ref="pk"):
    """An annotation giving the user's membership role on the debate at `debate_ref`."""
    return Subquery(
        Membership.objects.filter(debate=OuterRef(debate_ref), user_id=user.pk).values("role")[:1]
    )


@dataclass(frozen=True)
class Access:
    """What `user` may do on `debate`, given their membership `role` (None if not a member)."""

    user: object
    debate: Debate
    role: str | None = None

    @classmethod
    def load(cls, user, debate):
        return cls(user, debate, membership_role(user, debate))

    @property
    def effective_role(self):
        user = self.user
        if not user.is_authenticated:
            return None
        if user.is_staff or self.debate.owner_id == user.pk:
            return Role.OWNER
        if self.role:
            return self.role
        if self.debate.visibility in READABLE:
            return Role.VIEWER if self.debate.writers_restricted else Role.WRITER
        return None

    def at_least(self, role):
        effective = self.effective_role
        return effective is not None and ROLE_RANK[effective] >= ROLE_RANK[role]

    @property
    def may_read(self):
        return self.debate.visibility in READABLE or self.at_least(Role.VIEWER)

    @property
    def may_propose(self):
        return self.may_read and self.at_least(Role.WRITER)

    @property
    def may_flag(self):
        return self.may_read and self.user.is_authenticated

    @property
    def may_moderate(self):
        return self.at_least(Role.MODERATOR)

    @property
    def may_manage(self):
        return self.at_least(Role.OWNER)

    def may_see(self, item):
        """Whether a claim or argument of this debate is visible to the user."""
        return self.may_see_row(item.status, item.author_id)

    def may_see_row(self, status, author_id):
        """`may_see` for an item known only by its status and author id."""
        if status == Status.APPROVED:
            return self.may_read
        if self.user.is_authenticated and author_id == self.user.pk:
            return True
        return status == Status.PENDING and self.may_moderate

    def claims(self, prefix=""):
        """A filter for claims of this debate the user may see (`prefix` names a relation)."""
        return self._visible(prefix)

    def arguments(self, prefix=""):
        return self._visible(prefix)

    def _visible(self, prefix):
        visible = Q(**{f"{prefix}status": Status.APPROVED})
        if self.user.is_authenticated:
            visible |= Q(**{f"{prefix}author_id": self.user.pk})
            if self.may_moderate:
                visible |= Q(**{f"{prefix}status": Status.PENDING})
        return visible


def visible_claims_q(user, prefix=""):
    """Claims any debate shows this user, for lists that span debates (one condition).

    Approved claims of readable debates; the user's own pending and rejected claims; and
    pending claims of debates the user moderates.
    """
    readable = Q(**{f"{prefix}debate__visibility__in": READABLE})
    visible = Q(**{f"{prefix}status": Status.APPROVED}) & readable
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}author_id": user.pk})
        if user.is_staff:
            visible |= Q(**{f"{prefix}status": Status.PENDING})
        else:
            moderates = Membership.objects.filter(
                debate=OuterRef(f"{prefix}debate"), user_id=user.pk, role__in=MODERATING
            )
            visible |= Q(**{f"{prefix}status": Status.PENDING}) & (
                Exists(moderates) | Q(**{f"{prefix}debate__owner_id": user.pk})
            )
    return visible


def moderated_debates(user):
    """Debates whose queue the user may work: all for staff, else where they moderate or own."""
    if not user.is_authenticated:
        return Debate.objects.none()
    if user.is_staff:
        return Debate.objects.all()
    return Debate.objects.filter(
        Q(owner=user) | Q(members__user=user, members__role__in=MODERATING)
    ).distinct()


def searchable_q(user, prefix=""):
    """Claims (or arguments) that search may show this user, across debates.

    What `visible_claims_q` shows, within the debates the user may find: public debates,
    and unlisted or class debates only for their members and owner (an unlisted debate is
    reached by its link, never listed); plus the approved items of class debates the user
    belongs to. Staff find everything but others' rejected items.
    """
    visible = visible_claims_q(user, prefix)
    approved = Q(**{f"{prefix}status": Status.APPROVED})
    findable = Q(**{f"{prefix}debate__visibility": Debate.Visibility.PUBLIC})
    if user.is_authenticated:
        if user.is_staff:
            return visible | approved
        belongs = Exists(
            Membership.objects.filter(debate=OuterRef(f"{prefix}debate"), user_id=user.pk)
        ) | Q(**{f"{prefix}debate__owner_id": user.pk})
        visible |= approved & belongs
        findable |= belongs
    return visible & findable


def argument_visible_q(user, prefix=""):
    """Arguments the user may see, for arguments whose premise the user may already find
    (so its debate is readable): approved ones, their own, and pending ones of debates
    they moderate. Without the debate's visibility, so it costs no join per row."""
    visible = Q(**{f"{prefix}status": Status.APPROVED})
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}author_id": user.pk})
        visible |= Q(**{f"{prefix}status": Status.PENDING}) & Q(
            **{f"{prefix}debate__in": moderated_debates(user).values("pk")}
        )
    return visible
