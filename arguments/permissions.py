"""The one place that answers "may this user do this to this debate or item".

Views ask `Access` before acting, selectors filter with its `claims()` / `arguments()`
conditions, and templates read its `may_*` properties, so the three cannot disagree.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Now
from django.http import Http404
from django.shortcuts import get_object_or_404

from arguments.models import (
    ROLE_RANK,
    Assignment,
    ClassMember,
    Classroom,
    Debate,
    Extension,
    Membership,
    Role,
    Status,
)
from corpus.models import DebateSource

READABLE = (Debate.Visibility.PUBLIC, Debate.Visibility.UNLISTED)
MODERATING = (Role.MODERATOR, Role.OWNER)


def membership_role(user, debate):
    """The user's role on `debate` (one query), or None; see `role_subquery`."""
    if not user.is_authenticated:
        return None
    return (
        Debate.objects.filter(pk=debate.pk)
        .annotate(role=role_subquery(user))
        .values_list("role", flat=True)
        .first()
    )


def role_subquery(user, debate_ref="pk"):
    """An annotation giving the user's role on the debate at `debate_ref`: their membership
    role, or else the role their class membership gives on a class debate."""
    return Coalesce(
        Subquery(
            Membership.objects.filter(debate=OuterRef(debate_ref), user_id=user.pk).values("role")[
                :1
            ]
        ),
        class_role(user, debate_ref),
    )


def class_role(user, debate_ref="pk"):
    """The role a class membership gives on the class debate at `debate_ref` (a subquery).

    Teachers own their class's debates. Students write, except in an archived class and
    outside their assignment's window (before it opens, after it is due — their own
    extension's due date when it is later), where they read;
    a debate split into groups is read-only for students, and a group's copy is written
    only by that group's students and read by no other student until the teacher shows
    every group's map to the class (`other_group`).
    """
    debate = OuterRef(OuterRef(debate_ref))
    # A student with an extension (on the assignment, or on the one a group's copy was
    # split from) writes until the later of it and the due date (`rules.due_for`).
    extended = Extension.objects.filter(student_id=user.pk, due__gte=Now()).filter(
        Q(assignment=OuterRef("pk")) | Q(assignment=OuterRef("group_of"))
    )
    closed = Assignment.objects.filter(debate=debate).filter(
        Q(opens__gt=Now()) | (Q(due__lt=Now()) & ~Exists(extended))
    )
    # Once split into groups, students write only in their group's copy.
    split = Assignment.objects.filter(debate=debate, groups__isnull=False)
    not_in_group = Assignment.objects.filter(debate=debate, group_of__isnull=False).exclude(
        sides__student_id=user.pk
    )
    return Subquery(
        class_members(user, debate_ref)
        .annotate(
            debate_role=Case(
                When(role=ClassMember.Role.TEACHER, then=Value(Role.OWNER)),
                When(classroom__archived=True, then=Value(Role.VIEWER)),
                When(
                    Exists(closed) | Exists(split) | Exists(not_in_group),
                    then=Value(Role.VIEWER),
                ),
                default=Value(Role.WRITER),
            )
        )
        .values("debate_role")[:1]
    )


def _kept_apart(user):
    """Group copies the user is not in, of assignments whose groups are kept apart."""
    return Assignment.objects.filter(group_of__isnull=False, group_of__groups_shown=False).exclude(
        sides__student_id=user.pk
    )


def other_group(user, debate):
    """Group copies at `debate` (an outer reference) that the user is not in, of an
    assignment whose groups are kept apart: students of other groups may not read them."""
    return _kept_apart(user).filter(debate=debate)


def hidden_groups(user):
    """The ids of the debates `other_group` hides from the user as a student (one
    uncorrelated subquery, so lists across debates compute it once, not per row)."""
    return (
        _kept_apart(user)
        .filter(
            classroom__members__user_id=user.pk,
            classroom__members__role=ClassMember.Role.STUDENT,
        )
        .values("debate_id")
    )


def class_members(user, debate_ref="pk"):
    """The user's class membership that lets them read the class debate at `debate_ref`
    (one debate: `class_role`): a teacher's always, a student's unless the debate is
    another group's copy kept apart. `class_reader_q` is the same rule for lists.
    """
    classroom_ref = "classroom" if debate_ref == "pk" else f"{debate_ref}__classroom"
    return ClassMember.objects.filter(
        Q(role=ClassMember.Role.TEACHER)
        | ~Exists(other_group(user, OuterRef(OuterRef(debate_ref)))),
        classroom=OuterRef(classroom_ref),
        classroom__isnull=False,
        user_id=user.pk,
    )


def class_reader_q(user, debate_field):
    """Rows whose debate (at `debate_field`, "pk" for debates) the user reads as a member
    of its class: `class_members`' rule, for lists across debates (search, the source
    reader, counts)."""
    classroom = "classroom" if debate_field == "pk" else f"{debate_field}__classroom"
    member = Exists(ClassMember.objects.filter(classroom=OuterRef(classroom), user_id=user.pk))
    return member & ~Q(**{f"{debate_field}__in": hidden_groups(user)})


@dataclass(frozen=True)
class Access:
    """What `user` may do on `debate`, given their membership `role` (None if not a member)."""

    user: object
    debate: Debate
    role: str | None = None

    @classmethod
    def load(cls, user, debate):
        return cls(user, debate, membership_role(user, debate))

    @classmethod
    def required(cls, user, slug, *, may, refusal):
        """The Access to the debate at `slug` for a page that needs `may` (a property name,
        e.g. "may_moderate"): 404 when the debate is missing or not readable (a private
        debate's existence is private too), 403 with `refusal` when it is readable but the
        user may not do this."""
        debate = get_object_or_404(Debate, slug=slug)
        access = cls.load(user, debate)
        if not access.may_read:
            raise Http404("No such debate.")
        if not getattr(access, may):
            raise PermissionDenied(refusal)
        return access

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
        """Flagging: any signed-in reader of a public or unlisted debate; in a class debate,
        who may write in it (never after the due date, before it opens, or once archived)."""
        if not (self.may_read and self.user.is_authenticated):
            return False
        return self.debate.visibility != Debate.Visibility.CLASS or self.at_least(Role.WRITER)

    @property
    def may_vote(self):
        """Rating a reason's impact: any signed-in reader of a public or unlisted debate; in
        a class debate, who may write in it (students inside their assignment's window)."""
        if not (self.may_read and self.user.is_authenticated):
            return False
        return self.debate.visibility != Debate.Visibility.CLASS or self.at_least(Role.WRITER)

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

    Approved claims of readable debates and of private ones the user is a member of
    (a debate membership, or a class membership for class debates); the user's own pending
    and rejected claims; and pending claims of debates the user moderates or teaches.
    """
    readable = Q(**{f"{prefix}debate__visibility__in": READABLE})
    if user.is_staff:
        readable = Q()
    elif user.is_authenticated:
        readable |= Exists(
            Membership.objects.filter(debate=OuterRef(f"{prefix}debate"), user_id=user.pk)
        ) | class_reader_q(user, f"{prefix}debate")
    visible = Q(**{f"{prefix}status": Status.APPROVED}) & readable
    if user.is_authenticated:
        visible |= Q(**{f"{prefix}author_id": user.pk})
        if user.is_staff:
            visible |= Q(**{f"{prefix}status": Status.PENDING})
        else:
            moderates = Membership.objects.filter(
                debate=OuterRef(f"{prefix}debate"), user_id=user.pk, role__in=MODERATING
            )
            teaches = ClassMember.objects.filter(
                classroom=OuterRef(f"{prefix}debate__classroom"),
                user_id=user.pk,
                role=ClassMember.Role.TEACHER,
            )
            visible |= Q(**{f"{prefix}status": Status.PENDING}) & (
                Exists(moderates) | Exists(teaches) | Q(**{f"{prefix}debate__owner_id": user.pk})
            )
    return visible


def moderated_debates(user):
    """Debates whose queue the user may work: all for staff, else where they moderate or own."""
    if not user.is_authenticated:
        return Debate.objects.none()
    if user.is_staff:
        return Debate.objects.all()
    teaches = ClassMember.objects.filter(
        classroom=OuterRef("classroom"), user_id=user.pk, role=ClassMember.Role.TEACHER
    )
    moderates = Membership.objects.filter(
        debate=OuterRef("pk"), user_id=user.pk, role__in=MODERATING
    )
    return Debate.objects.filter(Q(owner=user) | Exists(moderates) | Exists(teaches))


def taught_classes(user):
    """Classes whose debates the user moderates as a teacher (all for staff)."""
    if user.is_staff:
        return Classroom.objects.all()
    return Classroom.objects.filter(
        members__user_id=user.pk, members__role=ClassMember.Role.TEACHER
    )


@dataclass(frozen=True)
class ClassAccess:
    """What `user` may do in `classroom`, given their class `role` (None if not a member)."""

    user: object
    classroom: object
    role: str | None = None

    @property
    def may_read(self):
        return self.role is not None or self.user.is_staff

    @property
    def may_teach(self):
        return self.role == ClassMember.Role.TEACHER or self.user.is_staff

    @property
    def is_student(self):
        return self.role == ClassMember.Role.STUDENT

    @property
    def sees_pseudonyms_only(self):
        """In a class with pseudonyms on, students see each other by pseudonym only."""
        return self.classroom.pseudonyms and not self.may_teach

    def display_name(self, user, pseudonym, role=None):
        """How a class member is named to this viewer: a student who sees pseudonyms only
        sees "Teacher" for a teacher and the pseudonym for a classmate."""
        if user is None:
            return ""
        if self.sees_pseudonyms_only and user.pk != self.user.pk:
            if role == "teacher":
                return "Teacher"
            return pseudonym or "A classmate"
        full = user.get_full_name()
        name = f"{full} ({user.get_username()})" if full else user.get_username()
        if self.classroom.pseudonyms and pseudonym:
            return f"{name} · {pseudonym}"
        return name


def searchable_q(user, prefix=""):
    """Claims (or arguments) that search and the source reader may list for this user,
    across debates.

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
        belongs = (
            Exists(Membership.objects.filter(debate=OuterRef(f"{prefix}debate"), user_id=user.pk))
            | class_reader_q(user, f"{prefix}debate")
            | Q(**{f"{prefix}debate__owner_id": user.pk})
        )
        visible |= approved & belongs
        findable |= belongs
    return visible & findable


def findable_debates(user):
    """The debates whose claims `searchable_q` may find for `user`: public ones, and for a
    signed-in user those they own or belong to (staff: every debate)."""
    if user.is_staff:
        return Debate.objects.all()
    findable = Q(visibility=Debate.Visibility.PUBLIC)
    if user.is_authenticated:
        findable |= _belongs_q(user)
    return Debate.objects.filter(findable)


def belonging_debates(user):
    """The debates a signed-in `user` owns or belongs to (a role, or a class of theirs):
    where they may find more than a stranger does."""
    if not user.is_authenticated:
        return Debate.objects.none()
    return Debate.objects.filter(_belongs_q(user))


def _belongs_q(user):
    return (
        Q(owner_id=user.pk)
        | Exists(Membership.objects.filter(debate=OuterRef("pk"), user_id=user.pk))
        | class_reader_q(user, "pk")
    )


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


# Sources. A source is read exactly where one of its debates is: through an approved
# DebateSource of a debate the user may read (so a source of an unlisted debate is read by
# whoever has its link, and listed only where the debate is findable). A pending link shows
# the source to the debate's moderators and to whoever proposed it, never to anyone else.


def readable_debates(user):
    """The debates `user` may read, for lists across debates: public and unlisted ones, and
    for a signed-in user those they own or belong to (a membership, or the class rule of
    `class_reader_q`, which keeps other groups' copies apart). Staff read every debate."""
    if user.is_staff:
        return Debate.objects.all()
    readable = Q(visibility__in=READABLE)
    if user.is_authenticated:
        readable |= (
            Q(owner_id=user.pk)
            | Exists(Membership.objects.filter(debate=OuterRef("pk"), user_id=user.pk))
            | class_reader_q(user, "pk")
        )
    return Debate.objects.filter(readable)


def _source_links(debates, prefix):
    return DebateSource.objects.filter(
        source=OuterRef(f"{prefix}pk" if prefix else "pk"),
        status=DebateSource.Status.APPROVED,
        debate__in=debates.values("pk"),
    )


def readable_sources_q(user, prefix=""):
    """A filter for sources (`prefix` names a relation to one) that `user` may read: approved
    in a debate they may read, pending in one they moderate, or proposed or brought by them
    (a rejected proposal stays readable to its proposer alone). `listed_sources_q` is the
    narrower rule for lists."""
    readable = Exists(_source_links(readable_debates(user), prefix))
    if user.is_authenticated:
        source = OuterRef(f"{prefix}pk" if prefix else "pk")
        waiting = DebateSource.objects.filter(
            source=source,
            status=DebateSource.Status.PENDING,
            debate__in=moderated_debates(user).values("pk"),
        )
        proposed = DebateSource.objects.filter(source=source, added_by_id=user.pk)
        readable |= Exists(waiting) | Exists(proposed) | Q(**{f"{prefix}added_by_id": user.pk})
    return readable


def listed_sources_q(user, prefix=""):
    """A filter for the sources that lists across debates (the library, search, counts) may
    show `user`: approved in a debate they may find (`findable_debates`). A source of an
    unlisted or class debate is listed to its members only."""
    return Exists(_source_links(findable_debates(user), prefix))


def debate_sources_q(access, prefix=""):
    """A filter for the DebateSource rows of `access.debate` its reader may see: approved
    ones, their own proposals, and pending ones for its moderators (`prefix` names a
    relation to a DebateSource); rejected ones are kept out of the list."""
    visible = Q(**{f"{prefix}status": DebateSource.Status.APPROVED})
    if access.user.is_authenticated:
        waiting = Q(**{f"{prefix}status": DebateSource.Status.PENDING})
        if not access.may_moderate:
            waiting &= Q(**{f"{prefix}added_by_id": access.user.pk})
        visible |= waiting
    return visible & Q(**{f"{prefix}debate_id": access.debate.pk})
