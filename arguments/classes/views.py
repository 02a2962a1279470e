"""Classes: the class list, joining, the class page and its settings, class debates,
assignments with sides and groups, the participation report and private feedback.

Outsiders get 404 for everything of a class (its existence is private too); members who
are not teachers get 403 on the teachers' pages.
"""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arguments.accounts.addresses import client_address
from arguments.classes import grouping, rules, selectors, services
from arguments.classes.editing import selectors as editing
from arguments.classes.forms import (
    AssignmentForm,
    BulkStudentsForm,
    ClassDebateForm,
    ClassroomForm,
    FeedbackForm,
    JoinForm,
)
from arguments.classes.grading import selectors as grading
from arguments.classes.manage import flash
from arguments.classes.targets.forms import targets_form
from arguments.classes.teaching import services as teaching
from arguments.classes.teaching.selectors import state as teaching_state
from arguments.jobs.delivery import answer
from arguments.jobs.services import start_copy, start_split
from arguments.models import Claim, Debate, Side, Status
from arguments.permissions import Access
from arguments.selectors.paths import as_id
from arguments.views.rendering import refusal


def _teacher(request, pk):
    classroom, access = selectors.load_class(user=request.user, pk=pk)
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers do this.")
    return classroom, access


@login_required
@require_http_methods(["GET", "POST"])
def classes(request):
    """The user's classes; a teacher creates one here, anyone joins one."""
    form = ClassroomForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "teach":
            try:
                teaching.switch_on(user=request.user)
            except PermissionDenied as denied:  # staff approve who teaches here
                messages.error(request, refusal(denied))
            else:
                messages.success(request, "You can now create classes.")
            return redirect("arguments:classes")
        if form.is_valid():
            try:
                classroom = services.create_classroom(
                    teacher=request.user,
                    name=form.cleaned_data["name"],
                    pseudonyms=form.cleaned_data["pseudonyms"],
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            except PermissionDenied as denied:  # not a teacher (yet)
                form.add_error(None, refusal(denied))
            else:
                messages.success(request, f"Class “{classroom.name}” created.")
                return redirect(classroom.get_absolute_url())
    context = {
        "classes": selectors.my_classes(request.user),
        "is_teacher": services.is_teacher(request.user),
        "teaching": teaching_state(request.user),
        "form": form,
        "join_form": JoinForm(),
    }
    return render(request, "classes/classes.html", context)


@require_http_methods(["GET", "POST"])
def join(request, code=""):
    """Join a class by its code; `/classes/join/<code>/` is the join link. Someone not
    signed in is asked to sign in or sign up first and comes back here after."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "classes/join.html", {"next": request.get_full_path()})
    form = JoinForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            classroom = services.join(
                user=request.user, code=form.cleaned_data["code"], address=client_address(request)
            )
        except ValidationError as problem:
            form.add_error("code", problem)
        else:
            messages.success(request, f"You are in “{classroom.name}”.")
            return redirect(classroom.get_absolute_url())
    return render(request, "classes/join.html", {"form": form})


@login_required
@require_safe
def classroom(request, pk):
    classroom, access = selectors.load_class(user=request.user, pk=pk)
    debates = selectors.class_debates(classroom=classroom)
    assignments = [d.assignment for d in debates if hasattr(d, "assignment")]
    my_sides = selectors.student_sides(
        user=request.user, assignment_ids=[a.pk for a in assignments]
    )
    for assignment in assignments:
        assignment.my_side = my_sides.get(assignment.pk)
    editing.my_dues(user=request.user, assignments=assignments)
    # Group copies are listed on their assignment's page for teachers; a student sees their
    # own group's copy here.
    debates = [
        debate
        for debate in debates
        if not hasattr(debate, "assignment")
        or debate.assignment.group_of_id is None
        or (
            not access.may_teach
            and (debate.assignment.my_side is not None or debate.assignment.group_of.groups_shown)
        )
    ]
    join_path = reverse("arguments:join_link", args=[classroom.join_code])
    context = {
        "classroom": classroom,
        "access": access,
        "people": selectors.people(classroom=classroom, access=access),
        "debates": debates,
        "assignments": assignments,
        "join_url": request.build_absolute_uri(join_path),
        "now": timezone.now(),
        "undo": flash.take_undo(request, classroom),
    }
    return render(request, "classes/classroom.html", context)


@login_required
@require_POST
def add_teacher(request, pk):
    classroom, _ = _teacher(request, pk)
    try:
        user = services.add_teacher(classroom=classroom, username=request.POST.get("username", ""))
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        messages.success(request, f"{user.get_username()} now teaches this class with you.")
    return redirect(classroom.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def bulk_students(request, pk):
    """Accounts for a pasted list of names, and the printable sheet of their passwords."""
    classroom, _ = _teacher(request, pk)
    form = BulkStudentsForm(request.POST or None)
    sheet = None
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.create_students(classroom=classroom, names=form.cleaned_data["names"])
        except ValidationError as problem:
            form.add_error("names", problem)
    context = {
        "classroom": classroom,
        "form": form,
        "sheet": sheet,
        "known": sum(password is None for _, _, password in sheet or []),
        "login_url": request.build_absolute_uri(reverse("login")),
    }
    response = render(request, "classes/class_students.html", context)
    response["Cache-Control"] = "no-store"  # the sheet holds passwords
    return response


@login_required
@require_http_methods(["GET", "POST"])
def new_class_debate(request, pk):
    classroom, _ = _teacher(request, pk)
    sources = Debate.objects.filter(visibility=Debate.Visibility.PUBLIC).order_by("title")
    form = ClassDebateForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["source"]:
                root = None
                if data["root"]:
                    # A pending or rejected claim answers as a missing one: only approved
                    # claims are copied, and the form tells nothing else about the rest.
                    root = Claim.objects.filter(
                        debate=data["source"], pk=data["root"], status=Status.APPROVED
                    ).first()
                    if root is None:
                        raise ValidationError("That claim number is not in the chosen debate.")
                copy = {"classroom": classroom, "source": data["source"], "root": root}
                copy["title"] = data["title"]
                if data["source"].claim_count > settings.BACKGROUND_CLAIMS:  # a job does it
                    job = start_copy(owner=request.user, **copy)
                    return redirect(answer(request, job))
                debate = services.copy_debate(teacher=request.user, **copy)
            else:
                debate = services.start_debate(
                    classroom=classroom,
                    teacher=request.user,
                    title=data["title"],
                    thesis=data["thesis"],
                )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, f"Class debate “{debate.title}” is ready.")
            return redirect(classroom.get_absolute_url())
    context = {"classroom": classroom, "form": form}
    return render(request, "classes/class_debate_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new_assignment(request, pk):
    classroom, _ = _teacher(request, pk)
    debates = Debate.objects.filter(classroom=classroom, assignment__isnull=True)
    initial = {}
    if as_id(request.GET.get("debate")) is not None:
        initial["debate"] = as_id(request.GET["debate"])
    form = AssignmentForm(request.POST or None, debates=debates)
    if initial and request.method == "GET":
        form = AssignmentForm(initial={**form.initial, **initial}, debates=debates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.create_assignment(
                classroom=classroom,
                debate=data["debate"],
                title=data["title"],
                instructions=data["instructions"],
                opens=data["opens"],
                due=data["due"],
                balanced=data["sides"] == "balanced",
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, f"Assignment “{assignment.title}” set.")
            return redirect(assignment.get_absolute_url())
    context = {"classroom": classroom, "form": form}
    return render(request, "classes/assignment_new.html", context)


def _assignment_teacher(request, pk):
    assignment, access = selectors.load_assignment(user=request.user, pk=pk)
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers do this.")
    return assignment, access


@login_required
@require_safe
def assignment(request, pk):
    """The assignment: for teachers its sides and groups; for a student their side, their
    own report row and the teacher's feedback on their claims."""
    assignment, access = selectors.load_assignment(user=request.user, pk=pk)
    now = timezone.now()
    my_due = rules.due_for(assignment.due, assignment.my_extension)  # a student's own
    state = rules.assignment_state(
        opens=assignment.opens, due=my_due, archived=assignment.classroom.archived, now=now
    )
    context = {"assignment": assignment, "access": access, "now": now, "state": state}
    context["my_due"] = my_due
    if access.may_teach:
        side_of = selectors.sides(assignment=assignment)
        students = [p for p in selectors.people(classroom=assignment.classroom, access=access)]
        # A group's page lists its own students; the others write in other copies.
        context["students"] = [
            (person, side_of.get(person.user.pk, Side.FREE))
            for person in students
            if person.role == "student"
            and (assignment.group_of_id is None or person.user.pk in side_of)
        ]
        context["sides"] = Side.choices
        context["targets_form"] = targets_form(assignment.group_of or assignment)
        context["groups"] = selectors.groups(assignment=assignment, access=access)
        if context["groups"]:
            context["unplaced"] = selectors.unplaced(assignment=assignment, access=access)
    else:
        rows = selectors.participation(assignment=assignment, access=access, only=request.user)
        row = rows[0] if rows else None
        context["row"] = row
        context["progress"] = (
            row.progress((assignment.group_of or assignment).targets) if row else []
        )
        grade = grading.released_grade(assignment=assignment, user=request.user)
        if grade is not None:
            main = assignment.group_of or assignment
            context["grade"] = grade
            context["out_of"] = grading.out_of(main)
            context["scored"] = grading.scored(main, grade)
        selectors.attach_feedback(
            claims=row.claims if row else [], user=request.user, teaches=False
        )
    return render(request, "classes/assignment.html", context)


@login_required
@require_POST
def assignment_sides(request, pk):
    assignment, _ = _assignment_teacher(request, pk)
    if request.POST.get("action") == "balance":
        services.balance_sides(assignment=assignment)
        messages.success(request, "Sides dealt at random: half pro, half con.")
        return redirect(assignment.get_absolute_url())
    chosen = {
        pk: value
        for name, value in request.POST.items()
        if name.startswith("side-") and (pk := as_id(name.removeprefix("side-"))) is not None
    }
    try:
        services.set_sides(assignment=assignment, sides=chosen)
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        messages.success(request, "Sides saved.")
    return redirect(assignment.get_absolute_url())


SHOWN = {
    "show": (True, "Every group's map is now shown to the whole class (read-only to others)."),
    "hide": (False, "The groups are kept apart again: each sees only its own map."),
}


@login_required
@require_POST
def assignment_groups(request, pk):
    """Split the assignment into groups (students dealt at random, or placed by hand
    afterwards), or show every group's map to the class and hide them again."""
    assignment, _ = _assignment_teacher(request, pk)
    action = request.POST.get("action", "")
    count = request.POST.get("count", "")
    try:
        if action in SHOWN:
            shown, message = SHOWN[action]
            grouping.show_groups(assignment=assignment, shown=shown)
        else:
            if as_id(count) is None:
                raise ValidationError("Say how many groups.")
            at_random = request.POST.get("members") != "by_hand"
            if assignment.debate.claim_count > settings.BACKGROUND_CLAIMS:
                # A big debate's copies are written by the worker (arguments/jobs/).
                job = start_split(
                    owner=request.user,
                    assignment=assignment,
                    count=as_id(count),
                    at_random=at_random,
                )
                return redirect(answer(request, job))
            groups = services.split_into_groups(
                assignment=assignment, count=as_id(count), at_random=at_random
            )
            message = f"Split into {len(groups)} groups, each with its own copy."
            if not at_random:
                message += " Place each student in a group below."
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        messages.success(request, message)
    return redirect(assignment.get_absolute_url())


@login_required
@require_POST
def assignment_place(request, pk):
    """Place a student in a group, move them from one group to another, or deal every
    student not in a group into the groups at random."""
    assignment, _ = _assignment_teacher(request, pk)
    try:
        if request.POST.get("action") == "deal":
            count = grouping.place_unplaced(assignment=assignment)
            message = f"{count} student(s) dealt into the groups at random."
        else:
            group = grouping.place_student(
                assignment=assignment,
                student_id=as_id(request.POST.get("student", "")),
                group_id=as_id(request.POST.get("group", "")),
            )
            message = f"Placed in {group.group_name}."
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        messages.success(request, message)
    return redirect(f"{assignment.get_absolute_url()}#groups-heading")


def _sort(request):
    sort = request.GET.get("sort", "name")
    return sort if sort.lstrip("-") in selectors.SORTS else "name"


@login_required
@require_safe
def report(request, pk):
    assignment, access = _assignment_teacher(request, pk)
    return _report_page(request, assignment, access)


COLUMNS = [
    ("name", "Student"),
    ("side", "Side"),
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("sources", "Sources cited"),
    ("deepest", "Deepest level"),
    ("replies", "Replies received"),
    ("votes", "Votes cast"),
    ("last_activity", "Last activity"),
]


def _columns(grouped):
    """The report's columns; a Group column after Side once the assignment is split."""
    return COLUMNS[:2] + [("group", "Group")] + COLUMNS[2:] if grouped else COLUMNS


def _report_page(request, assignment, access, *, typed=None, status=200):
    """The report page; `typed` is (claim id, form) of a feedback form to show again."""
    sort = _sort(request)
    rows = selectors.participation(assignment=assignment, access=access, sort=sort)
    selectors.attach_feedback(
        claims=[claim for row in rows for claim in row.claims], user=request.user, teaches=True
    )
    # The chart names students as briefly as the teacher knows them: full name or username.
    bars, height, top = rules.bar_chart(
        [(row.student.get_full_name() or row.student.get_username(), row.approved) for row in rows]
    )
    grouped = any(row.group for row in rows)
    headers = [
        {
            "key": key,
            "label": label,
            "sorted": sort.lstrip("-") == key,
            "descending": sort == f"-{key}",
            "query": urlencode({"sort": f"-{key}" if sort == key else key}),
        }
        for key, label in _columns(grouped)
    ]
    typed_id, typed_form = typed or (None, None)
    context = {
        "assignment": assignment,
        "out_of": grading.out_of(assignment.group_of or assignment),
        "rows": rows,
        "headers": headers,
        "sort": sort,
        "bars": bars,
        "chart_height": height,
        "chart_top": top,
        "chart_width": rules.CHART_WIDTH,
        "chart_label_characters": rules.CHART_LABEL_CHARACTERS,
        "typed_id": typed_id,
        "typed_text": typed_form.data.get("text", "") if typed_form else "",
        "typed_form": typed_form,
        "grouped": grouped,
        "total": selectors.class_total(rows),
    }
    # Sorting reloads the page: the report is the whole page, with no smaller part to swap.
    return render(request, "classes/report.html", context, status=status)


CSV_COLUMNS = [
    "Student",
    "Username",
    "Side",
    "Proposed",
    "Approved",
    "Rejected",
    "Pending",
    "Sources cited",
    "Deepest level",
    "Replies received",
    "Votes cast",
    "Last activity (UTC)",
]


@login_required
@require_safe
def report_csv(request, pk):
    """The report as CSV for spreadsheets: UTF-8 with a byte order mark (so Excel reads the
    accents), every cell quoted where needed, and formula-like text defused."""
    assignment, access = _assignment_teacher(request, pk)
    rows = selectors.participation(assignment=assignment, access=access, sort=_sort(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"participation-{assignment.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    grouped = any(row.group for row in rows)
    main = assignment.group_of or assignment
    criteria = grading.criteria(main)
    columns = CSV_COLUMNS[:3] + ["Group"] + CSV_COLUMNS[3:] if grouped else list(CSV_COLUMNS)
    asked = [label.capitalize() for key, label in rules.TARGETS if main.targets.get(key)]
    writer.writerow([*columns, "Grade", "Out of", *(c.name for c in criteria), *asked])
    for row in rows:
        last = row.last_activity.strftime("%Y-%m-%d %H:%M") if row.last_activity else ""
        cells = [
            row.name,
            row.student.get_username(),
            row.side,
            *([row.group] if grouped else []),
            row.proposed,
            row.approved,
            row.rejected,
            row.pending,
            row.sources,
            row.deepest,
            row.replies,
            row.votes,
            last,
            *_grade_cells(main, row.grade),
            *(item.done for item in row.progress(main.targets)),
        ]
        writer.writerow([rules.spreadsheet_cell(cell) for cell in cells])
    return response


def _grade_cells(assignment, grade):
    """The CSV's grade, its maximum and the level chosen per criterion (as its points)."""
    scored = grading.scored(assignment, grade)
    points = grade.points if grade and grade.points is not None else ""
    levels = [c.chosen_level.points if c.chosen_level else "" for c in scored]
    return [points, grading.out_of(assignment) or "", *levels]


@login_required
@require_POST
def feedback(request, pk, claim_id):
    """A teacher's private feedback on a student's claim of the assignment's debate."""
    assignment, access = _assignment_teacher(request, pk)
    claim = get_object_or_404(Claim, pk=claim_id, debate=assignment.debate)
    if claim.author_id is None:
        raise Http404("Feedback goes on students' claims.")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(
                access=Access.load(request.user, assignment.debate),
                claim=claim,
                text=form.cleaned_data["text"],
                url=assignment.get_absolute_url(),
            )
        except ValidationError as problem:
            form.add_error("text", problem)
    if form.errors:
        return _report_page(request, assignment, access, typed=(claim.pk, form), status=400)
    messages.success(request, "Feedback saved: only the student and teachers see it.")
    url = reverse("arguments:report", args=[assignment.pk])
    return redirect(f"{url}?sort={_sort(request)}#claim-{claim.pk}")
