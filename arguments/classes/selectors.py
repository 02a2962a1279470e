"""Reads for the class pages; each a fixed number of queries, whatever the class's size.

Who may see a class is `permissions.ClassAccess`: its members and the site staff; the rest
get a 404, so a class's name, members and feedback never show outside it.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, JSONField, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from arguments.classes import rules
from arguments.classes.editing.selectors import my_extension
from arguments.models import (
    Argument,
    Assignment,
    Citation,
    Claim,
    ClassMember,
    Classroom,
    Debate,
    Feedback,
    Grade,
    Premise,
    Proposal,
    Side,
    Stance,
    Status,
    StudentSide,
    Vote,
)
from arguments.permissions import ClassAccess, other_group


def my_classes(user):
    """The classes `user` belongs to, with their role and class sizes (one query)."""
    mine = ClassMember.objects.filter(classroom=OuterRef("pk"), user_id=user.pk)
    return (
        Classroom.objects.filter(Exists(mine))
        .annotate(
            my_role=Subquery(mine.values("role")[:1]),
            student_count=Count("members", filter=Q(members__role=ClassMember.Role.STUDENT)),
        )
        .order_by("archived", "-created")
    )


def load_class(*, user, pk):
    """The class and the user's `ClassAccess` to it (one query); 404 for outsiders."""
    role = ClassMember.objects.filter(classroom=OuterRef("pk"), user_id=user.pk).values("role")
    classroom = (
        Classroom.objects.filter(pk=pk).annotate(my_role=Subquery(role[:1])).first()
        if user.is_authenticated
        else None
    )
    if classroom is None:
        raise Http404("No such class.")
    access = ClassAccess(user, classroom, classroom.my_role)
    if not access.may_read:
        raise Http404("No such class.")
    return classroom, access


@dataclass
class Person:
    user: object
    role: str
    pseudonym: str
    name: str


def _pseudonym_order(person):
    """Teachers first, then "Student 2" before "Student 10" (numbers as numbers)."""
    number = person.pseudonym.removeprefix("Student ")
    return (
        person.role != ClassMember.Role.TEACHER,
        int(number) if number.isdigit() else 0,
        person.pseudonym,
        person.name,
    )


def people(*, classroom, access):
    """The class's members as the viewer may see them, teachers first (one query).

    A viewer who sees pseudonyms only gets the students in the order of their numbers
    (which are drawn at random, see `services._pseudonyms`), so the list reveals neither
    real names nor who joined when; everyone else gets them by username.
    """
    members = ClassMember.objects.filter(classroom=classroom).select_related("user")
    found = [
        Person(
            user=member.user,
            role=member.role,
            pseudonym=member.pseudonym,
            name=access.display_name(member.user, member.pseudonym, member.role),
        )
        for member in members.order_by("user__username")
    ]
    if access.sees_pseudonyms_only:
        found.sort(key=_pseudonym_order)
    else:
        found.sort(key=lambda person: person.role != ClassMember.Role.TEACHER)  # stable
    return found


def class_debates(*, classroom):
    """The class's debates with their assignment, if any (one query)."""
    return list(
        Debate.objects.filter(classroom=classroom)
        .select_related("thesis", "assignment__group_of")
        .order_by("-created")
    )


def load_assignment(*, user, pk):
    """The assignment and the user's ClassAccess to its class (one query); else 404."""
    role = ClassMember.objects.filter(classroom=OuterRef("classroom"), user_id=user.pk).values(
        "role"
    )
    # The user's own group, when the assignment was split into groups.
    my_group = Assignment.objects.filter(group_of=OuterRef("pk"), sides__student_id=user.pk)
    split = Assignment.objects.filter(group_of=OuterRef("pk"))
    assignment = (
        Assignment.objects.filter(pk=pk)
        .select_related("classroom", "debate__thesis", "group_of")
        .annotate(
            my_role=Subquery(role[:1]),
            my_group_id=Subquery(my_group.values("id")[:1]),
            my_group_name=Subquery(my_group.values("group_name")[:1]),
            my_group_slug=Subquery(my_group.values("debate__slug")[:1]),
            is_split=Exists(split),
            other_group=Exists(other_group(user, OuterRef("debate"))),
            my_extension=my_extension(user.pk),
        )
        .first()
        if user.is_authenticated
        else None
    )
    if assignment is None:
        raise Http404("No such assignment.")
    access = ClassAccess(user, assignment.classroom, assignment.my_role)
    if not access.may_read or (assignment.other_group and not access.may_teach):
        raise Http404("No such assignment.")  # another group's, kept apart
    return assignment, access


def sides(*, assignment):
    """{student id: side} of the assignment (one query)."""
    return dict(assignment.sides.values_list("student_id", "side"))


@dataclass
class ReportRow:
    student: object
    name: str
    side: str
    group: str = ""  # the student's group, in the report of an assignment split into groups
    proposed: int = 0
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    sources: int = 0
    deepest: int = 0
    replies: int = 0
    votes: int = 0  # impact votes the student cast on the debate's reasons
    grade: object = None  # the grade given (points and levels), released or not
    # Towards the assignment's targets (rules.TARGETS), from the approved claims only.
    pros: int = 0
    cons: int = 0
    quotes: int = 0  # passages quoted
    answers_given: int = 0  # cons of reasons below the thesis: replies to the other side

    targets: dict = field(default_factory=dict)  # the assignment's (rules.TARGETS)

    @property
    def targets_met(self):
        """(targets met, targets set) towards the assignment's targets."""
        items = self.progress(self.targets)
        return sum(item.met for item in items), len(items)

    def progress(self, targets):
        counts = {
            "pros": self.pros,
            "cons": self.cons,
            "quotes": self.quotes,
            "replies": self.answers_given,
        }
        return rules.progress(counts, targets)

    last_activity: object = None
    claims: list = field(default_factory=list)


SORTS = {
    "name": lambda row: row.name.casefold(),
    "side": lambda row: row.side,
    "group": lambda row: row.group.casefold(),
    "proposed": lambda row: row.proposed,
    "approved": lambda row: row.approved,
    "rejected": lambda row: row.rejected,
    "sources": lambda row: row.sources,
    "deepest": lambda row: row.deepest,
    "replies": lambda row: row.replies,
    "votes": lambda row: row.votes,
    "last_activity": lambda row: (row.last_activity is not None, row.last_activity or 0),
}


def participation(*, assignment, access, sort="name", only=None):
    """One ReportRow per student of the assignment (or only the student `only`), sorted by
    `sort` ("-" first for descending). Seven queries, whatever the debate's size.

    An assignment split into groups counts each student's work in every debate of it:
    its own and its groups' copies (where the students write once it is split), and says
    each student's group. Last activity is the student's latest claim or impact vote.
    """
    side = StudentSide.objects.filter(assignment=assignment, student_id=OuterRef("user_id")).values(
        "side"
    )
    debates = [assignment.debate]
    if assignment.group_of_id is None:  # with its groups' copies, in the same queries
        debates = Debate.objects.filter(
            Q(pk=assignment.debate_id) | Q(assignment__group_of=assignment)
        ).values("pk")
    # The impact votes each student cast in the debates, and when they last voted.
    cast = Vote.objects.filter(argument__debate__in=debates, user_id=OuterRef("user_id")).order_by()
    group = Assignment.objects.filter(group_of=assignment, sides__student_id=OuterRef("user_id"))
    # The grade, given on the assignment itself (never on one of its groups' copies).
    grade = Grade.objects.filter(
        assignment_id=assignment.group_of_id or assignment.pk, student_id=OuterRef("user_id")
    )
    members = (
        ClassMember.objects.filter(classroom=assignment.classroom_id, role=ClassMember.Role.STUDENT)
        .select_related("user")
        .annotate(
            side=Subquery(side[:1]),
            group_name=Subquery(group.values("group_name")[:1]),
            votes=Subquery(cast.values("user_id").annotate(n=Count("id")).values("n")[:1]),
            last_vote=Subquery(cast.values("user_id").annotate(at=Max("updated")).values("at")[:1]),
            graded=Exists(grade),
            grade_points=Subquery(grade.values("points")[:1]),
            grade_levels=Subquery(grade.values("levels")[:1], output_field=JSONField()),
        )
    )
    if only is not None:
        members = members.filter(user_id=only.pk)
    if assignment.group_of_id is not None:  # a group's report is its own students'
        members = members.filter(Exists(side))
    rows = {
        m.user_id: ReportRow(
            student=m.user,
            name=access.display_name(m.user, m.pseudonym),
            side=m.side or Side.FREE,
            group=m.group_name or "",
            grade=Grade(points=m.grade_points, levels=m.grade_levels or []) if m.graded else None,
            targets=(assignment.group_of or assignment).targets,
        )
        for m in members
    }
    # Each claim's stance towards the claim it answers, and that claim (for the targets).
    answer = Premise.objects.filter(claim=OuterRef("pk")).order_by("argument_id")
    claims = (
        Claim.objects.filter(debate__in=debates, author_id__in=list(rows))
        .select_related("debate")
        .only("id", "text", "status", "author_id", "created", "debate__slug", "debate__thesis")
        .annotate(
            stance=Subquery(answer.values("argument__stance")[:1]),
            answers=Subquery(answer.values("argument__target_claim_id")[:1]),
        )
        .order_by("created", "id")
    )
    positions = debate_positions(debates)
    for claim in claims:
        row = rows[claim.author_id]
        row.claims.append(claim)
        row.proposed += 1
        row.approved += claim.status == Status.APPROVED
        row.rejected += claim.status == Status.REJECTED
        row.pending += claim.status == Status.PENDING
        if claim.status == Status.APPROVED:
            row.pros += claim.stance == Stance.SUPPORT
            row.cons += claim.stance == Stance.ATTACK
            row.answers_given += (
                claim.stance == Stance.ATTACK and claim.answers != claim.debate.thesis_id
            )
        row.deepest = max(row.deepest, positions.get(claim.pk, (0, None))[0])
        row.last_activity = claim.created
    cited = (
        Citation.objects.filter(claim__debate__in=debates, claim__author_id__in=list(rows))
        .exclude(claim__status=Status.REJECTED)
        .values("claim__author_id")
        .annotate(
            sources=Count("excerpt__source", distinct=True),
            quotes=Count("excerpt", distinct=True, filter=Q(claim__status=Status.APPROVED)),
        )
    )
    for item in cited:
        rows[item["claim__author_id"]].sources = item["sources"]
        rows[item["claim__author_id"]].quotes = item["quotes"]
    replies = (
        Argument.objects.filter(debate__in=debates, target_claim__author_id__in=list(rows))
        .exclude(author_id=F("target_claim__author_id"))
        .exclude(status=Status.REJECTED)
        .values("target_claim__author_id")
        .annotate(replies=Count("id"))
    )
    for item in replies:
        rows[item["target_claim__author_id"]].replies = item["replies"]
    for member in members:
        row = rows[member.user_id]
        row.votes = member.votes or 0
        if member.last_vote and (row.last_activity is None or member.last_vote > row.last_activity):
            row.last_activity = member.last_vote
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    return sorted(rows.values(), key=key, reverse=descending)


def class_total(rows):
    """The report's total line: the students' counts added up (sources too, so a source
    two students cite counts twice), the deepest level and latest activity of any."""
    total = ReportRow(student=None, name="Class total", side="")
    for row in rows:
        for name in ("proposed", "approved", "rejected", "pending", "sources", "replies", "votes"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.deepest = max(total.deepest, row.deepest)
    moments = [row.last_activity for row in rows if row.last_activity]
    total.last_activity = max(moments, default=None)
    return total


def attach_feedback(*, claims, user, teaches):
    """Set `.notes` on each of `claims`: the Feedback on it that `user` may read — teachers
    all, a student only the feedback on their own claims (one query)."""
    ids = [c.pk for c in claims if teaches or c.author_id == user.pk]
    notes = {}
    if ids:
        for note in Feedback.objects.filter(claim_id__in=ids).select_related("teacher"):
            notes.setdefault(note.claim_id, []).append(note)
    for claim in claims:
        claim.notes = notes.get(claim.pk, [])


def student_sides(*, user, assignment_ids):
    return dict(
        StudentSide.objects.filter(student=user, assignment_id__in=assignment_ids).values_list(
            "assignment_id", "side"
        )
    )


@dataclass
class Group:
    assignment: object
    students: list
    recent: list


RECENT_PER_GROUP = 8


def groups(*, assignment, access):
    """The groups an assignment was split into, each with its students and their latest
    claims, for the side-by-side view (three queries, whatever the number of groups)."""
    found = list(assignment.groups.select_related("debate__thesis").order_by("group_name", "id"))
    if not found:
        return []
    names = {p.user.pk: p.name for p in people(classroom=assignment.classroom, access=access)}
    members = {}
    for group_id, student_id, side in (
        StudentSide.objects.of_members()
        .filter(assignment__in=found)
        .values_list("assignment_id", "student_id", "side")
    ):
        members.setdefault(group_id, []).append((names.get(student_id, "—"), side, student_id))
    recent = {}
    latest = (
        Claim.objects.filter(debate__in=[g.debate for g in found], author__isnull=False)
        .exclude(author_id=assignment.debate.owner_id)
        .exclude(status=Status.REJECTED)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("debate_id"), order_by=F("created").desc())
        )
        .filter(rank__lte=RECENT_PER_GROUP)
        .order_by("debate_id", "-created")
    )
    for claim in latest:
        recent.setdefault(claim.debate_id, []).append(claim)
    return [
        Group(
            assignment=group,
            students=sorted(members.get(group.pk, [])),
            recent=recent.get(group.debate_id, []),
        )
        for group in found
    ]


def unplaced(*, assignment, access):
    """The class's students in none of the groups `assignment` was split into, by name
    (two queries): a student the teacher has still to place."""
    placed = StudentSide.objects.filter(
        assignment__group_of=assignment, student_id=OuterRef("user_id")
    )
    members = (
        ClassMember.objects.filter(classroom=assignment.classroom_id, role=ClassMember.Role.STUDENT)
        .exclude(Exists(placed))
        .select_related("user")
    )
    side_of = sides(assignment=assignment)
    found = [
        (
            Person(
                user=m.user,
                role=m.role,
                pseudonym=m.pseudonym,
                name=access.display_name(m.user, m.pseudonym),
            ),
            side_of.get(m.user_id, Side.FREE),
        )
        for m in members
    ]
    return sorted(found, key=lambda pair: pair[0].name.casefold())


def debate_positions(debates):
    """{claim id: (depth, side)} over the approved and pending arguments of `debates` (a
    debate, a list of them or a query of their ids), in one query: an undercutter counts
    as an attack on the first premise of the argument it undercuts. Claim ids are unique
    across debates, so each thesis reaches its own debate's claims only. A pending link
    places nothing: it would move an existing claim to another side before anyone approved
    it (and with it the side rule's answer for what goes under that claim)."""
    theses = set()
    if isinstance(debates, Debate):
        debates, theses = [debates], {debates.thesis_id}  # placed even before any reason
    pending_link = Proposal.objects.filter(
        argument_id=OuterRef("argument_id"),
        kind=Proposal.Kind.LINK,
        status=Proposal.State.PENDING,
    )
    rows = Premise.objects.filter(
        ~Exists(pending_link),
        argument__debate__in=debates,
        argument__status__in=[Status.APPROVED, Status.PENDING],
    ).values_list(
        "claim_id",
        "argument__stance",
        "argument__target_claim_id",
        "argument__target_argument__target_claim_id",
        "argument__debate__thesis_id",
    )
    edges = []
    for claim_id, stance, target_claim_id, undercut_target, thesis_id in rows:
        theses.add(thesis_id)
        if target_claim_id is not None:
            edges.append((claim_id, stance, target_claim_id))
        elif undercut_target is not None:
            edges.append((claim_id, Stance.ATTACK, undercut_target))
    placed = {}
    for thesis_id in theses:
        placed.update(rules.positions(edges, thesis_id))
    return placed


def student_side_at(*, access, target):
    """(the user's side in the debate's assignment, the side `target` is on) for a student
    of a class debate; (None, None) for anyone else or a free student. Two queries."""
    debate = access.debate
    if debate.classroom_id is None or access.may_moderate or not access.user.is_authenticated:
        return None, None
    side = (
        StudentSide.objects.filter(assignment__debate=debate, student_id=access.user.pk)
        .values_list("side", flat=True)
        .first()
    )
    if side in (None, Side.FREE):
        return None, None
    return side, debate_positions(debate).get(target.pk, (None, None))[1]


def refusal_at(*, access, target, stance):
    """Why the assignment's side rule refuses this pro/con for the user, or ""."""
    side, target_side = student_side_at(access=access, target=target)
    return rules.side_refusal(side, target_side, stance) if side else ""


def side_hint(*, access, target):
    """(what a student may add under `target` given their side, the stance they may add) or
    ("", None) when no side rule applies."""
    side, target_side = student_side_at(access=access, target=target)
    if side is None or target_side is None:
        return "", None
    mine = "for" if side == rules.PRO else "against"
    if side == target_side:
        return f"You argue {mine} the thesis, and this claim is on your side: add a pro.", (
            Stance.SUPPORT
        )
    return f"You argue {mine} the thesis, and this claim is on the other side: add a con.", (
        Stance.ATTACK
    )


@dataclass
class Names:
    """How authors are named to one viewer of a class debate with pseudonyms on."""

    viewer_id: int | None
    names: dict

    def of(self, user):
        if user.pk == self.viewer_id:
            return user.get_username()
        return self.names.get(user.pk, "A classmate")  # a departed student, say


def shown_names(*, access):
    """Names for the authors of a class debate as `access.user` may see them: None (real
    usernames) unless the class has pseudonyms on and the viewer is not a teacher; then
    teachers are "Teacher" and classmates their pseudonyms. At most one query, none outside
    class debates."""
    debate = access.debate
    if debate.classroom_id is None or access.may_moderate:
        return None
    members = ClassMember.objects.filter(
        classroom_id=debate.classroom_id, classroom__pseudonyms=True
    )
    names = {
        m.user_id: "Teacher" if m.role == ClassMember.Role.TEACHER else m.pseudonym
        for m in members.only("user_id", "role", "pseudonym")
    }
    return Names(viewer_id=access.user.pk, names=names) if names else None


@dataclass(frozen=True)
class MapState:
    """The banner above a class map: its assignment's state (`rules.assignment_state`, or
    ARCHIVED), and for a student of it the assignment, their due date (their extension's
    when later) and their side."""

    state: str
    assignment_id: int | None = None
    due: object = None
    side: str = ""
    extended: bool = False  # the due date is the student's own extension's


def map_state(*, debate, user=None, now=None):
    """How a class debate's latest assignment stands, for the banner above its map; None
    for any other debate. No query for a debate outside a class, one otherwise."""
    if not debate.classroom_id:
        return None
    now = now or timezone.now()
    latest = _latest_assignment(debate)
    side = StudentSide.objects.filter(
        assignment=OuterRef("assignment_id"), student_id=getattr(user, "pk", None)
    )
    row = (
        Classroom.objects.filter(pk=debate.classroom_id)
        .annotate(
            opens=Subquery(latest.values("opens")[:1]),
            due=Subquery(latest.values("due")[:1]),
            assignment_id=Subquery(latest.values("pk")[:1]),
        )
        .annotate(
            side=Subquery(side.values("side")[:1]),
            extension=my_extension(getattr(user, "pk", None), "assignment_id"),
        )
        .values("archived", "opens", "due", "assignment_id", "side", "extension")
        .first()
    )
    if row is None:
        return None
    if row["due"] is None:
        return MapState(rules.ARCHIVED) if row["archived"] else None
    due = rules.due_for(row["due"], row["extension"])  # a student's own, when extended
    state = rules.assignment_state(opens=row["opens"], due=due, archived=row["archived"], now=now)
    extended = row["extension"] is not None and due == row["extension"]
    return MapState(state, row["assignment_id"], due, row["side"] or "", extended)


def _latest_assignment(debate):
    return Assignment.objects.filter(debate_id=debate.pk).order_by("-due", "-id")
