"""Writes for classes: creating and running a class, class debates, assignments, feedback."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from arguments.accounts.addresses import counted_address
from arguments.accounts.hashers import OneTimePasswordHasher
from arguments.camps.services import copy_camps
from arguments.classes import rules
from arguments.classes.grouping import group_sizes
from arguments.models import (
    Account,
    Assignment,
    Claim,
    ClassMember,
    Classroom,
    Debate,
    Feedback,
    JoinFailure,
    Notification,
    Side,
    Status,
    StudentSide,
)
from arguments.selectors.exporting import graph_from_debate
from arguments.services.counts import refresh_counts
from arguments.services.importing import import_graph
from arguments.services.moderate import quoted
from corpus.models import DebateSource, Source

Teacher, Student = ClassMember.Role.TEACHER, ClassMember.Role.STUDENT
MAX_BULK_STUDENTS = 200


def is_teacher(user):
    return user.is_authenticated and (
        user.is_staff or Account.objects.filter(user=user, is_teacher=True).exists()
    )


@transaction.atomic
def become_teacher(*, user):
    Account.objects.update_or_create(user=user, defaults={"is_teacher": True})


def _unique_code():
    taken = set(Classroom.objects.values_list("join_code", flat=True))
    while True:
        code = rules.new_join_code()
        if code not in taken:
            return code


@transaction.atomic
def create_classroom(*, teacher, name, pseudonyms=False):
    if not is_teacher(teacher):
        raise PermissionDenied("Switch on teaching for your account first.")
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Name the class.")
    classroom = Classroom.objects.create(name=name, join_code=_unique_code(), pseudonyms=pseudonyms)
    ClassMember.objects.create(classroom=classroom, user=teacher, role=Teacher)
    return classroom


@transaction.atomic
def update_classroom(*, classroom, joining_open=None, archived=None, pseudonyms=None):
    for name, value in (
        ("joining_open", joining_open),
        ("archived", archived),
        ("pseudonyms", pseudonyms),
    ):
        if value is not None:
            setattr(classroom, name, value)
    classroom.save()
    return classroom


@transaction.atomic
def regenerate_code(*, classroom):
    classroom.join_code = _unique_code()
    classroom.save(update_fields=["join_code"])
    return classroom.join_code


ASK_FOR_LINK = "Or ask your teacher for the class's join link."


def _minutes_until(moment, now):
    return max(1, int((moment - now).total_seconds() // 60) + 1)


def _join_refusal(*, attempt, now, window):
    """Why `attempt` (a JoinFailure just written) may not try a code now, or None.

    A user with JOIN_FAILURES_PER_USER wrong codes in the window waits; an address with
    JOIN_FAILURES_PER_ADDRESS is suspect, never closed: from it, a user who has typed no
    wrong code in the window still gets their try (a classroom behind one NAT can join
    while someone there guesses). Counted after the attempt is written, so workers racing
    cannot try more codes than the limits (see accounts/throttle.py).
    """
    recent = JoinFailure.objects.filter(created__gte=now - window).exclude(pk=attempt.pk)
    mine = recent.filter(user_id=attempt.user_id).order_by("-created")
    limit = settings.JOIN_FAILURES_PER_USER
    times = list(mine.values_list("created", flat=True)[:limit])
    if len(times) >= limit:
        minutes = _minutes_until(times[limit - 1] + window, now)
        return f"Too many wrong class codes. Try again in {minutes} minute(s). {ASK_FOR_LINK}"
    if attempt.address is None:
        return None
    from_address = recent.filter(address=attempt.address)
    if from_address.count() < settings.JOIN_FAILURES_PER_ADDRESS:
        return None
    last = mine.filter(address=attempt.address).values_list("created", flat=True).first()
    if last is not None:
        minutes = _minutes_until(last + window, now)
        return (
            f"Too many wrong class codes from your network. "
            f"Try again in {minutes} minute(s). {ASK_FOR_LINK}"
        )
    return None


def join(*, user, code, address=None):
    """Make `user` a student of the class whose open join code is `code`; return the class.

    Refuses a wrong, switched-off or archived code with a message that says which, and
    refuses to look at all when `user` (or, see `_join_refusal`, `address`) has typed too
    many wrong codes lately. Not atomic as a whole: the attempt row is committed before the
    code is looked up, so that other workers count it.
    """
    now = timezone.now()
    window = timedelta(minutes=settings.JOIN_FAILURE_WINDOW_MINUTES)
    JoinFailure.objects.filter(created__lt=now - 2 * window).delete()
    attempt = JoinFailure.objects.create(user=user, address=counted_address(address))
    refusal = _join_refusal(attempt=attempt, now=now, window=window)
    if refusal:
        attempt.delete()
        raise ValidationError(refusal, code="throttled")
    classroom = Classroom.objects.filter(join_code=rules.normalise_join_code(code)).first()
    if classroom is None:
        raise ValidationError("No class has this code. Check it with your teacher.")
    attempt.delete()  # a right code, open or not, is no guess to count
    if not classroom.joining_open or classroom.archived:
        raise ValidationError("This class is not taking new students. Ask your teacher.")
    return _enrol(user=user, classroom=classroom)


@transaction.atomic
def _enrol(*, user, classroom):
    member, created = ClassMember.objects.get_or_create(
        classroom=classroom,
        user=user,
        defaults={"role": Student, "pseudonym": _pseudonyms(classroom)[0]},
    )
    if created:
        _give_sides(classroom=classroom, students=[user])
    return classroom


def _give_sides(*, classroom, students):
    """Late joiners' sides in each of the class's assignments (group copies aside): in one
    with balanced sides, each gets the side with fewer students (pro on a tie); otherwise
    free. In an assignment split into groups, each then joins the smallest group (the
    first on a tie), keeping that side."""
    counts = {}
    for assignment_id, side in StudentSide.objects.filter(
        assignment__classroom=classroom, assignment__balanced=True
    ).values_list("assignment_id", "side"):
        tally = counts.setdefault(assignment_id, {Side.PRO: 0, Side.CON: 0, Side.FREE: 0})
        tally[side] += 1
    rows = []
    for assignment_id, balanced in Assignment.objects.filter(
        classroom=classroom, group_of__isnull=True
    ).values_list("id", "balanced"):
        tally = counts.setdefault(assignment_id, {Side.PRO: 0, Side.CON: 0, Side.FREE: 0})
        for student in students:
            side = Side.FREE
            if balanced:
                side = Side.PRO if tally[Side.PRO] <= tally[Side.CON] else Side.CON
            tally[side] += 1
            rows.append(StudentSide(assignment_id=assignment_id, student=student, side=side))
    parent_of = dict(
        Assignment.objects.filter(classroom=classroom, group_of__isnull=False).values_list(
            "id", "group_of_id"
        )
    )
    sizes = {}
    for group_id, size in sorted(group_sizes(parent_of).items()):
        sizes.setdefault(parent_of[group_id], {})[group_id] = size
    for row in list(rows):
        groups = sizes.get(row.assignment_id)
        if groups:
            smallest = min(groups, key=lambda pk: (groups[pk], pk))
            groups[smallest] += 1
            rows.append(StudentSide(assignment_id=smallest, student=row.student, side=row.side))
    StudentSide.objects.bulk_create(rows, ignore_conflicts=True)


def _pseudonyms(classroom, count=1, rng=None):
    """`count` new pseudonyms "Student N" for the class (shown when pseudonyms are on).

    Each N is drawn at random from the numbers not given yet, up to about twice the class's
    size: the numbers (and the roster, which lists them in order) say nothing of who joined
    when, or of the order of a pasted list of names. A departed student's number is not
    given again (the class keeps the numbers it gave, `Classroom.pseudonyms_given`).

    Locks the class's row until the transaction ends: students joining at once are numbered
    (and given sides) one after the other.
    """
    rng = rng or secrets.SystemRandom()
    locked = Classroom.objects.select_for_update(no_key=True).get(pk=classroom.pk)
    given = set(locked.pseudonyms_given)
    for pseudonym in ClassMember.objects.filter(
        classroom=classroom, pseudonym__startswith="Student "
    ).values_list("pseudonym", flat=True):
        number = pseudonym.removeprefix("Student ")
        if number.isdigit():
            given.add(int(number))
    upper = 2 * (len(given) + count) + 4
    numbers = rng.sample([n for n in range(1, upper + 1) if n not in given], count)
    locked.pseudonyms_given = sorted(given | set(numbers))
    locked.save(update_fields=["pseudonyms_given"])
    return [f"Student {n}" for n in numbers]


@transaction.atomic
def add_teacher(*, classroom, username):
    username = username.strip()
    users = get_user_model().objects.filter(username__iexact=username)
    user = None if "\x00" in username else users.first()  # PostgreSQL refuses NUL
    if user is None:
        raise ValidationError(f"No account is called “{username.strip()}”.")
    ClassMember.objects.update_or_create(classroom=classroom, user=user, defaults={"role": Teacher})
    return user


@transaction.atomic
def remove_student(*, classroom, user_id):
    """Take a student out of the class: they lose access to its debates at once.

    What they wrote stays in the class's debates (nothing a user wrote is deleted).
    """
    removed, _ = ClassMember.objects.filter(
        classroom=classroom, user_id=user_id, role=Student
    ).delete()
    if not removed:
        raise ValidationError("That person is not a student of this class.")


def _unique_slug(title):
    base = (slugify(title)[:60] or "class-debate").strip("-")
    taken = set(Debate.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if slug not in taken:
            return slug


def _class_debate(*, classroom, teacher, title):
    return Debate.objects.create(
        slug=_unique_slug(title),
        title=title,
        owner=teacher,
        visibility=Debate.Visibility.CLASS,
        classroom=classroom,
    )


@transaction.atomic
def start_debate(*, classroom, teacher, title, thesis):
    """A new class debate with `thesis` at its root."""
    title, thesis = " ".join(title.split()), " ".join(thesis.split())
    if not title or not thesis:
        raise ValidationError("Give the debate a title and a thesis.")
    debate = _class_debate(classroom=classroom, teacher=teacher, title=title)
    debate.thesis = Claim.objects.create(
        debate=debate, text=thesis, author=teacher, status=Status.APPROVED
    )
    debate.save(update_fields=["thesis"])
    refresh_counts(debate.pk)
    return debate


@transaction.atomic
def copy_debate(*, classroom, teacher, source, root=None, title="", progress=None):
    """An independent class copy of `source`'s approved map, or of the part under `root`.

    Claims, arguments, premises and citations are written in bulk, with no author (nobody
    in the class wrote them: they read as the source's editorial claims do); citations
    point at the same corpus excerpts (a cited text never changes). The copy uses every
    source the original uses (approved), so a public debate's sources are reused, and a
    class's own readings stay in the class. The camps and approved speakers are copied
    first, so the copied claims keep their speakers (matched by name, in the copy). Pending
    and rejected items are not copied.
    """
    graph = graph_from_debate(source)
    root_claim = root or source.thesis
    if root_claim is None or root_claim.debate_id != source.pk:
        raise ValidationError("Choose a claim of that debate to copy from.")
    node_id = next(
        (n.id for n in graph.nodes.values() if n.id in (root_claim.key, f"claim-{root_claim.pk}")),
        None,
    )
    if node_id is None:
        raise ValidationError("Only approved claims can be copied.")
    part = rules.subgraph(graph, node_id)
    title = " ".join(title.split()) or source.title
    debate = _class_debate(classroom=classroom, teacher=teacher, title=title)
    copy_camps(source=source, into=debate)
    # No author: the copy's claims are the source's, not the teacher's (the source's
    # editorial claims have none), and the copy shows them so.
    used = Source.objects.filter(
        debate_links__debate=source, debate_links__status=DebateSource.Status.APPROVED
    )
    summary = import_graph(
        graph=part, owner=None, blank_debate=debate, sources=used, progress=progress
    )
    DebateSource.objects.bulk_create(
        [DebateSource(debate=debate, source=used_source) for used_source in used],
        ignore_conflicts=True,  # the quoted ones are attached by the import already
    )
    return summary.debate


@transaction.atomic
def create_assignment(*, classroom, debate, title, instructions, opens, due, balanced=False):
    """An assignment on a class debate; every current student gets a side (free, or pro and
    con balanced at random)."""
    if debate.classroom_id != classroom.pk:
        raise ValidationError("Choose a debate of this class.")
    if Assignment.objects.filter(debate=debate).exists():
        raise ValidationError("This debate already has an assignment; copy it for another.")
    if opens >= due:
        raise ValidationError("The due date must come after the opening.")
    assignment = Assignment.objects.create(
        classroom=classroom,
        debate=debate,
        title=" ".join(title.split()) or debate.title,
        instructions=instructions.strip(),
        opens=opens,
        due=due,
        balanced=balanced,
    )
    students = list(
        ClassMember.objects.filter(classroom=classroom, role=Student).values_list(
            "user_id", flat=True
        )
    )
    sides = rules.balanced_sides(students) if balanced else dict.fromkeys(students, Side.FREE)
    StudentSide.objects.bulk_create(
        StudentSide(assignment=assignment, student_id=pk, side=side) for pk, side in sides.items()
    )
    return assignment


@transaction.atomic
def set_sides(*, assignment, sides):
    """Set students' sides by hand: `sides` maps student user ids to pro, con or free."""
    students = set(
        ClassMember.objects.filter(classroom=assignment.classroom_id, role=Student).values_list(
            "user_id", flat=True
        )
    )
    if assignment.group_of_id is not None:  # a group's sides are its own students'
        students &= set(assignment.sides.values_list("student_id", flat=True))
    for student_id, side in sides.items():
        if student_id not in students or side not in Side.values:
            raise ValidationError("Sides are pro, con or free, for students of this class.")
        StudentSide.objects.update_or_create(
            assignment=assignment, student_id=student_id, defaults={"side": side}
        )


@transaction.atomic
def balance_sides(*, assignment, rng=None):
    """Deal pro and con at random, half each, to the assignment's students (a group's own)."""
    students = set(
        ClassMember.objects.filter(classroom=assignment.classroom_id, role=Student).values_list(
            "user_id", flat=True
        )
    )
    if assignment.group_of_id is not None:
        students &= set(assignment.sides.values_list("student_id", flat=True))
    set_sides(assignment=assignment, sides=rules.balanced_sides(sorted(students), rng=rng))
    if not assignment.balanced:
        assignment.balanced = True
        assignment.save(update_fields=["balanced"])


@transaction.atomic
@transaction.atomic
def give_feedback(*, access, claim, text, url=""):
    """A teacher's private note on a student's claim of a class debate. The claim's author
    gets a notice linking to `url` (where they read the note; the claim by default)."""
    if not (access.debate.classroom_id and access.may_moderate):
        raise PermissionDenied("Only the class's teachers give feedback here.")
    if claim.debate_id != access.debate.pk:
        raise ValidationError("That claim is not in this debate.")
    text = text.strip()
    if not text:
        raise ValidationError("Write the feedback.")
    feedback = Feedback.objects.create(claim=claim, teacher=access.user, text=text)
    if claim.author_id and claim.author_id != access.user.pk:
        Notification.objects.create(
            user_id=claim.author_id,
            message=f"Your teacher left feedback on your claim {quoted(claim.text)}.",
            url=url or claim.get_absolute_url(),
        )
    return feedback


def _students_by_name(classroom):
    """{casefolded full name: [usernames]} of the class's students, oldest member first."""
    named = {}
    members = ClassMember.objects.filter(classroom=classroom, role=Student).select_related("user")
    for member in members.order_by("created", "pk"):
        full = " ".join(member.user.get_full_name().split()).casefold()
        if full:
            named.setdefault(full, []).append(member.user.get_username())
    return named


@transaction.atomic
def create_students(*, classroom, names):
    """Student accounts for pasted names (one a line): [(name, username, password)].

    A name the class already has a student for (by full name, case aside) gets no new
    account and no new password: its row has the existing username and None. So sending
    the same list twice (a reload of the sheet) creates nothing; a name pasted twice
    means two students, and so does a second paste naming one more than the class has.
    Each new account must choose its own password at first sign-in. Usernames are made
    from the names, numbered where taken.
    """
    wanted = [" ".join(line.split()) for line in names.splitlines()]
    wanted = [name for name in wanted if name]
    if not wanted:
        raise ValidationError("Paste at least one name, one a line.")
    if len(wanted) > MAX_BULK_STUDENTS:
        raise ValidationError(f"At most {MAX_BULK_STUDENTS} names at a time.")
    # One list at a time per class: the same list sent twice at once is made once.
    list(Classroom.objects.select_for_update(no_key=True).filter(pk=classroom.pk).values("pk"))
    known = _students_by_name(classroom)
    rows, new = [], []
    for name in wanted:
        existing = known.get(name.casefold())
        if existing:
            rows.append((name, existing.pop(0), None))
        else:
            rows.append(None)
            new.append(name)
    made = iter(_new_students(classroom=classroom, names=new) if new else [])
    return [row or next(made) for row in rows]


def _new_students(*, classroom, names):
    """New accounts, members of the class, for `names`: [(name, username, password)]."""
    User = get_user_model()
    bases = [(slugify(name).replace("-", ".")[:20] or "student") for name in names]
    starts = Q()
    for base in set(bases):
        starts |= Q(username__istartswith=base)
    existing = User.objects.filter(starts).values_list("username", flat=True)
    taken = {name.lower() for name in existing}
    sheet = []
    for name, base in zip(names, bases, strict=True):
        username, number = base, 2
        while username.lower() in taken:
            username, number = f"{base}{number}", number + 1
        taken.add(username.lower())
        password = "-".join(
            "".join(secrets.choice(rules.JOIN_CODE_ALPHABET.lower()) for _ in range(4))
            for _ in range(3)
        )
        first, _, last = name.partition(" ")
        user = User(
            username=username,
            first_name=first[:150],
            last_name=last[:150],
            password=_one_time_hash(password),
        )
        sheet.append((name, user, password))
    try:
        users = User.objects.bulk_create([user for _, user, _ in sheet])
    except IntegrityError as clash:
        raise ValidationError("Someone took one of these usernames just now; try again.") from clash
    if not all(user.pk for user in users):
        users = list(User.objects.filter(username__in=[u.username for u in users]))
    Account.objects.bulk_create(Account(user=user, must_set_password=True) for user in users)
    pseudonyms = _pseudonyms(classroom, len(users))
    ClassMember.objects.bulk_create(
        ClassMember(classroom=classroom, user=user, role=Student, pseudonym=pseudonym)
        for user, pseudonym in zip(users, pseudonyms, strict=True)
    )
    _give_sides(classroom=classroom, students=users)
    return [(name, user.username, password) for name, user, password in sheet]


def _one_time_hash(password):
    """The password hashed with the lighter one-time hasher, or with the default one where
    the site's PASSWORD_HASHERS leave it out."""
    try:
        return make_password(password, hasher=OneTimePasswordHasher.algorithm)
    except ValueError:
        return make_password(password)


@transaction.atomic
def split_into_groups(*, assignment, count, at_random=True, rng=None):
    """Give each of `count` groups of students its own copy of the assignment's debate.

    The copies are assignments of their own (same instructions and dates) pointing at this
    one; each student writes only in their group's copy, keeping the side they had. With
    `at_random` the students are dealt into the groups; without, the groups start empty
    and the teacher places each student (`place_student`). Locks the assignment's row
    first, so of two teachers splitting it at once one is refused.
    """
    list(
        Assignment.objects.select_for_update(no_key=True)
        .filter(pk=assignment.pk)
        .values_list("pk", flat=True)
    )
    if assignment.group_of_id or assignment.groups.exists():
        raise ValidationError("This assignment is already split into groups.")
    sides = dict(assignment.sides.values_list("student_id", "side"))
    if not 2 <= count <= max(len(sides), 2):
        raise ValidationError("Choose between 2 groups and one group per student.")
    groups = []
    dealt = rules.split_into_groups(sorted(sides), count, rng=rng) if at_random else [[]] * count
    for number, members in enumerate(dealt, start=1):
        debate = copy_debate(
            classroom=assignment.classroom,
            teacher=assignment.debate.owner,
            source=assignment.debate,
            title=f"{assignment.debate.title} — group {number}",
        )
        group = Assignment.objects.create(
            classroom=assignment.classroom,
            debate=debate,
            title=f"{assignment.title} — group {number}",
            instructions=assignment.instructions,
            opens=assignment.opens,
            due=assignment.due,
            group_of=assignment,
            group_name=f"Group {number}",
        )
        StudentSide.objects.bulk_create(
            StudentSide(assignment=group, student_id=pk, side=sides[pk]) for pk in members
        )
        groups.append(group)
    return groups


def set_targets(*, assignment, targets):
    """What each student of the assignment (and of its groups) should do: a count per kind
    of `rules.TARGETS`; 0 or none asks nothing of that kind."""
    assignment.targets = {key: int(targets[key]) for key, _ in rules.TARGETS if targets.get(key)}
    assignment.save(update_fields=["targets"])
    return assignment
