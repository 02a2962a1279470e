"""Classes: creating, joining, copying debates, assignments, sides, feedback, reports."""

import csv
import io
import random
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from arguments.classes import rules, services
from arguments.classes import selectors as class_selectors
from arguments.models import (
    Account,
    Argument,
    Citation,
    Claim,
    ClassMember,
    Debate,
    Side,
    Stance,
    Status,
    StudentSide,
)
from arguments.permissions import Access
from arguments.services import propose
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classworld.build()


def signed_in(client, user):
    client.force_login(user)
    return client


def test_join_codes_are_ten_unambiguous_characters():
    codes = {rules.new_join_code() for _ in range(200)}
    assert all(len(code) == 10 for code in codes)
    assert not set("".join(codes)) & set("0O1IL")


def test_only_teachers_create_classes():
    user = UserFactory(username="plain")
    with pytest.raises(PermissionDenied):
        services.create_classroom(teacher=user, name="Mine")
    services.become_teacher(user=user)
    room = services.create_classroom(teacher=user, name="Mine")
    assert ClassMember.objects.get(classroom=room, user=user).role == "teacher"


def test_student_joins_with_the_code_typed_loosely(world):
    newcomer = UserFactory(username="newcomer")
    code = world.room.join_code
    room = services.join(user=newcomer, code=f" {code[:3].lower()}-{code[3:]} ")
    assert room == world.room
    assert ClassMember.objects.get(classroom=room, user=newcomer).role == "student"


def test_switched_off_or_regenerated_code_admits_nobody(world):
    room = world.room
    old = room.join_code
    services.update_classroom(classroom=room, joining_open=False)
    with pytest.raises(ValidationError, match="not taking new students"):
        services.join(user=UserFactory(), code=old)
    services.update_classroom(classroom=room, joining_open=True)
    services.regenerate_code(classroom=room)
    with pytest.raises(ValidationError, match="No class has this code"):
        services.join(user=UserFactory(), code=old)


def test_join_link_page_joins_after_sign_in(client, world):
    newcomer = UserFactory(username="newcomer")
    url = reverse("arguments:join_link", args=[world.room.join_code])
    invitation = client.get(url).content.decode()
    assert f'href="/accounts/signup/?next=/classes/join/{world.room.join_code}/"' in invitation
    assert world.room.name not in invitation
    signed_in(client, newcomer)
    assert world.room.join_code in client.get(url).content.decode()
    response = client.post(reverse("arguments:join"), {"code": world.room.join_code})
    assert response["Location"] == world.room.get_absolute_url()


def test_wrong_code_is_explained_and_kept_in_the_form(client, world):
    signed_in(client, UserFactory(username="newcomer"))
    response = client.post(reverse("arguments:join"), {"code": "ZZZZZZ"})
    page = response.content.decode()
    assert "No class has this code" in page and 'value="ZZZZZZ"' in page


def test_copy_is_an_independent_class_debate_with_the_same_excerpts(world):
    public, debate = world.public, world.debate
    assert debate.visibility == Debate.Visibility.CLASS and debate.classroom == world.room
    assert debate.thesis.text == public.thesis.text
    originals = set(Claim.objects.filter(debate=public).values_list("text", flat=True))
    # Written by nobody in the class: the copy credits none of it to the teacher.
    copied = set(
        Claim.objects.filter(debate=debate, author__isnull=True).values_list("text", flat=True)
    )
    assert copied == originals
    copied_reason = debate.claims.get(text=world.reason.text)
    assert list(copied_reason.excerpts.all()) == list(world.reason.excerpts.all())
    # The copy changes alone: the original keeps its claims.
    assert not Claim.objects.filter(debate=public, text__startswith="Class secret").exists()


def test_copy_of_a_subtree_keeps_only_the_claims_under_it(world):
    debate = services.copy_debate(
        classroom=world.room,
        teacher=world.teacher,
        source=world.public,
        root=world.reason,
    )
    assert debate.thesis.text == world.reason.text
    assert debate.claims.count() == 1


def test_teacher_copies_the_part_under_a_claim_by_pasting_its_address(client, world):
    signed_in(client, world.teacher)
    url = reverse("arguments:new_class_debate", args=[world.room.pk])
    address = "https://ledger.example" + world.reason.get_absolute_url() + "?path=1"
    response = client.post(url, {"source": world.public.pk, "root": address})
    assert response.status_code == 302
    copy = Debate.objects.filter(classroom=world.room).latest("id")
    assert copy.thesis.text == world.reason.text
    bad = client.post(url, {"source": world.public.pk, "root": "the second one"})
    assert "or type its number" in bad.content.decode()


def test_copy_leaves_out_pending_claims(world):
    pending = Claim.objects.create(debate=world.public, text="Unapproved.", status="pending")
    Argument.objects.create(
        debate=world.public,
        stance=Stance.SUPPORT,
        target_claim=world.public.thesis,
        status="pending",
        signature="x",
    ).premises.add(pending)
    debate = services.copy_debate(classroom=world.room, teacher=world.teacher, source=world.public)
    assert not debate.claims.filter(text="Unapproved.").exists()


def test_copy_of_the_seed_debate_is_whole_and_quick(seed, django_assert_max_num_queries):
    teacher = classworld.teacher_user("t")
    room = services.create_classroom(teacher=teacher, name="Seminar")
    with django_assert_max_num_queries(40):
        debate = services.copy_debate(classroom=room, teacher=teacher, source=seed)
    assert debate.claims.count() == seed.claims.filter(status=Status.APPROVED).count()
    assert (
        Citation.objects.filter(claim__debate=debate).count()
        == Citation.objects.filter(claim__debate=seed).count()
    )
    # The mapper's notes come along: the class reads "Why it is here" as the seed has it.
    notes = sorted(seed.claims.filter(status=Status.APPROVED).values_list("note", flat=True))
    assert sorted(debate.claims.values_list("note", flat=True)) == notes
    assert any(notes)


def test_sides_follow_the_map(world):
    positions = class_selectors.debate_positions(world.debate)
    debate = world.debate
    reason = debate.claims.get(text=world.reason.text)
    objection = debate.claims.get(text="Pressure hardens Beijing.")
    assert positions[debate.thesis_id] == (0, "pro")
    assert positions[reason.pk] == (1, "pro")
    assert positions[objection.pk] == (1, "con")
    assert positions[world.approved.pk] == (2, "pro")


@pytest.mark.parametrize(
    ("student_side", "target_side", "stance", "allowed"),
    [
        ("pro", "pro", "support", True),
        ("pro", "pro", "attack", False),
        ("pro", "con", "attack", True),
        ("pro", "con", "support", False),
        ("con", "pro", "attack", True),
        ("con", "con", "support", True),
        ("con", "pro", "support", False),
        ("free", "pro", "attack", True),
    ],
)
def test_side_rule(student_side, target_side, stance, allowed):
    assert (rules.side_refusal(student_side, target_side, stance) == "") is allowed


def test_a_pro_student_may_not_attack_the_thesis_and_is_told_why(world):
    debate = world.debate
    access = Access.load(world.student, debate)
    with pytest.raises(ValidationError, match="You argue for the thesis"):
        propose.propose_claim(
            access=access, target=debate.thesis, stance=Stance.ATTACK, text="Against."
        )
    objection = debate.claims.get(text="Pressure hardens Beijing.")
    propose.propose_claim(access=access, target=objection, stance=Stance.ATTACK, text="Rebut.")


def test_the_form_tells_a_student_what_their_side_may_add_here(client, world):
    debate = world.debate
    objection = debate.claims.get(text="Pressure hardens Beijing.")
    signed_in(client, world.student)
    url = reverse("arguments:propose", args=[debate.slug, objection.pk])
    page = client.get(url, {"stance": "support"})
    assert "this claim is on the other side: add a con" in page.content.decode()
    assert page.context["form"].initial["stance"] == Stance.ATTACK


def test_the_refusal_shows_in_the_form_with_the_typed_text(client, world):
    debate = world.debate
    signed_in(client, world.student)
    url = reverse("arguments:propose", args=[debate.slug, debate.thesis_id])
    response = client.post(url, {"stance": "attack", "text": "My con of the thesis."})
    page = response.content.decode()
    assert "You argue for the thesis" in page and "My con of the thesis." in page
    assert not Claim.objects.filter(text="My con of the thesis.").exists()


def test_after_the_due_date_students_only_read(world):
    debate, student = world.debate, world.student
    assert Access.load(student, debate).may_propose
    world.assignment.due = timezone.now() - timedelta(minutes=1)
    world.assignment.opens = timezone.now() - timedelta(days=1)
    world.assignment.save()
    access = Access.load(student, debate)
    assert access.may_read and not access.may_propose
    assert Access.load(world.teacher, debate).may_moderate


def test_an_archived_class_is_read_only_for_students(world):
    services.update_classroom(classroom=world.room, archived=True)
    access = Access.load(world.student, world.debate)
    assert access.may_read and not access.may_propose


def test_removed_student_loses_the_class_at_once(client, world):
    student = world.student
    services.remove_student(classroom=world.room, user_id=student.pk)
    assert not Access.load(student, world.debate).may_read
    signed_in(client, student)
    assert client.get(world.room.get_absolute_url()).status_code == 404


def test_late_joiners_keep_the_sides_balanced(world):
    assignment = world.assignment  # the one student there argues pro
    assignment.balanced = True
    assignment.save()
    first, second = UserFactory(username="late1"), UserFactory(username="late2")
    services.join(user=first, code=world.room.join_code)
    services.join(user=second, code=world.room.join_code)
    sides = dict(assignment.sides.values_list("student__username", "side"))
    assert sides == {"student": "pro", "late1": "con", "late2": "pro"}


def test_late_joiners_argue_freely_where_sides_are_free(world):
    late = UserFactory(username="late1")
    services.join(user=late, code=world.room.join_code)
    assert world.assignment.sides.get(student=late).side == "free"


def test_balanced_sides_split_the_class_in_half(world):
    room = world.room
    for number in range(5):
        services.join(user=UserFactory(username=f"s{number}"), code=room.join_code)
    services.balance_sides(assignment=world.assignment, rng=random.Random(3))
    sides = list(StudentSide.objects.filter(assignment=world.assignment).values_list("side"))
    assert sorted(s for (s,) in sides).count("pro") == 3
    assert sorted(s for (s,) in sides).count("con") == 3


def test_teacher_sets_a_side_by_hand(client, world):
    student = world.student
    signed_in(client, world.teacher)
    url = reverse("arguments:assignment_sides", args=[world.assignment.pk])
    client.post(url, {f"side-{student.pk}": "con"})
    assert StudentSide.objects.get(assignment=world.assignment, student=student).side == "con"


def test_feedback_is_seen_by_its_student_and_teachers_only(client, world):
    url = world.assignment.get_absolute_url()
    signed_in(client, world.student)
    assert "Secret feedback note." in client.get(url).content.decode()
    classmate = UserFactory(username="classmate")
    services.join(user=classmate, code=world.room.join_code)
    signed_in(client, classmate)
    assert "Secret feedback note." not in client.get(url).content.decode()
    signed_in(client, world.co_teacher)
    report = reverse("arguments:report", args=[world.assignment.pk])
    assert "Secret feedback note." in client.get(report).content.decode()


def test_feedback_too_long_is_refused_and_kept_in_the_form(client, world):
    signed_in(client, world.teacher)
    url = reverse("arguments:feedback", args=[world.assignment.pk, world.approved.pk])
    typed = "Too long. " * 250
    response = client.post(url, {"text": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 2,000 characters" in page and typed.strip() in page
    assert world.approved.feedback.count() == 1


def test_only_teachers_give_feedback(world):
    access = Access.load(world.student, world.debate)
    with pytest.raises(PermissionDenied):
        services.give_feedback(access=access, claim=world.approved, text="Self praise.")


def test_report_counts_each_students_work(client, world):
    rows = _rows(client, world)
    student = rows["student"]
    assert (student.proposed, student.approved, student.rejected, student.pending) == (2, 1, 0, 1)
    assert student.sources == 1
    assert student.deepest == 2
    assert student.last_activity is not None


def _rows(client, world, sort="name"):
    from arguments.classes import selectors as class_selectors

    assignment, access = class_selectors.load_assignment(user=world.teacher, pk=world.assignment.pk)
    return {
        row.student.username: row
        for row in class_selectors.participation(assignment=assignment, access=access, sort=sort)
    }


def test_replies_count_other_peoples_arguments_on_a_students_claims(world):
    teacher_access = Access.load(world.teacher, world.debate)
    propose.propose_claim(
        access=teacher_access, target=world.approved, stance=Stance.ATTACK, text="A reply."
    )
    assert _rows(None, world)["student"].replies == 1


def test_report_sorts_on_the_server(client, world):
    room = world.room
    services.join(user=UserFactory(username="aaron"), code=room.join_code)
    signed_in(client, world.teacher)
    url = reverse("arguments:report", args=[world.assignment.pk])
    by_name = client.get(url, {"sort": "name"}).content.decode()
    assert by_name.index(">aaron<") < by_name.index(">student<")
    by_approved = client.get(url, {"sort": "-approved"}).content.decode()
    assert by_approved.index(">student<") < by_approved.index(">aaron<")
    assert 'aria-sort="descending"' in by_approved


def test_report_chart_is_server_rendered_svg_with_escaped_names(client, world):
    student = world.student
    student.first_name = "<script>x</script>"
    student.save()
    signed_in(client, world.teacher)
    page = client.get(reverse("arguments:report", args=[world.assignment.pk])).content
    page = page.decode()
    assert "<svg" in page and 'class="chart__bar"' in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page


def test_report_csv_opens_in_a_spreadsheet_and_defuses_formulas(client, world):
    student = world.student
    student.first_name, student.last_name = "=HYPERLINK(1)", 'Ünal, "Jo"'
    student.save()
    signed_in(client, world.teacher)
    response = client.get(reverse("arguments:report_csv", args=[world.assignment.pk]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Student"
    row = next(r for r in rows if r[1] == "student")
    assert row[0].startswith("'=HYPERLINK(1)") and 'Ünal, "Jo"' in row[0]
    assert row[3:6] == ["2", "1", "0"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_spreadsheet_cells_starting_like_formulas_get_a_quote(value):
    assert rules.spreadsheet_cell(value) == "'" + value
    assert rules.spreadsheet_cell("plain") == "plain"


def test_moderation_queue_filters_to_a_class(client, world):
    signed_in(client, world.teacher)
    url = reverse("arguments:moderation")
    page = client.get(url, {"classroom": world.room.pk}).content.decode()
    assert "Class secret: pending student claim." in page
    other = services.create_classroom(teacher=world.teacher, name="Another")
    page = client.get(url, {"classroom": other.pk}).content.decode()
    assert "Class secret: pending student claim." not in page


def test_bulk_accounts_get_a_sheet_and_must_set_their_password(client, world):
    signed_in(client, world.teacher)
    url = reverse("arguments:bulk_students", args=[world.room.pk])
    response = client.post(url, {"names": "Ada Lovelace\n\nAda Lovelace\nJosé Núñez\n"})
    assert response["Cache-Control"] == "no-store"
    sheet = response.context["sheet"]
    assert [username for _, username, _ in sheet] == ["ada.lovelace", "ada.lovelace2", "jose.nunez"]
    name, username, password = sheet[0]
    assert Account.objects.get(user__username=username).must_set_password
    assert world.assignment.sides.filter(student__username__startswith="ada").count() == 2
    client.logout()
    assert client.login(username=username, password=password)
    response = client.get(world.room.get_absolute_url())
    assert response.status_code == 302 and reverse("password_change") in response["Location"]
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "my-own-secret-42",
            "new_password2": "my-own-secret-42",
        },
    )
    assert response.status_code == 302
    assert not Account.objects.get(user__username=username).must_set_password
    assert client.get(world.room.get_absolute_url()).status_code == 200


def test_one_time_passwords_use_the_lighter_hasher_and_still_sign_in(client, world, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "arguments.accounts.hashers.OneTimePasswordHasher",
    ]
    sheet = services.create_students(classroom=world.room, names="Grace Hopper")
    _, username, password = sheet[0]
    user = get_user_model().objects.get(username=username)
    assert user.password.startswith("pbkdf2_sha256_onetime$20000$")
    assert client.login(username=username, password=password)


def test_pseudonyms_hide_classmates_names_from_students_not_teachers(client, world):
    services.update_classroom(classroom=world.room, pseudonyms=True)
    classmate = UserFactory(username="classmate")
    services.join(user=classmate, code=world.room.join_code)
    pseudonym = ClassMember.objects.get(classroom=world.room, user=world.student).pseudonym
    signed_in(client, classmate)
    page = client.get(world.room.get_absolute_url()).content.decode()
    assert ">student<" not in page and f">{pseudonym}<" in page
    signed_in(client, world.teacher)
    page = client.get(world.room.get_absolute_url()).content.decode()
    assert f"student · {pseudonym}" in page


def test_pseudonyms_hide_authors_on_the_map_from_classmates(client, world):
    services.update_classroom(classroom=world.room, pseudonyms=True)
    classmate = UserFactory(username="classmate")
    services.join(user=classmate, code=world.room.join_code)
    reason = world.approved
    parent = world.debate.claims.get(text=world.reason.text)
    pseudonym = ClassMember.objects.get(classroom=world.room, user=world.student).pseudonym
    for user, hidden, shown in (
        (classmate, "by student", f"by {pseudonym}"),
        (world.teacher, f"by {pseudonym}", "by student"),
    ):
        signed_in(client, user)
        page = client.get(parent.get_absolute_url()).content.decode()
        assert hidden not in page and shown in page
        history = client.get(reverse("arguments:history", args=[reason.debate.slug, reason.pk]))
        assert ("worded by student" in history.content.decode()) is (user != classmate)


def test_groups_get_their_own_copies_and_only_their_students_write(client, world):
    room = world.room
    for number in range(3):
        services.join(user=UserFactory(username=f"s{number}"), code=room.join_code)
    services.balance_sides(assignment=world.assignment, rng=random.Random(1))
    groups = services.split_into_groups(assignment=world.assignment, count=2, rng=random.Random(1))
    assert len(groups) == 2
    for group in groups:
        members = set(group.sides.values_list("student_id", flat=True))
        for side in StudentSide.objects.filter(assignment=world.assignment):
            access = Access.load(side.student, group.debate)
            # a group's copy is its own students' alone until the teacher shows every map
            assert access.may_read is (side.student_id in members)
            assert access.may_propose is (side.student_id in members)
    original = Access.load(world.student, world.debate)
    assert original.may_read and not original.may_propose
    signed_in(client, world.teacher)
    page = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "Group 1" in page and "Group 2" in page and "Save sides" not in page
    outsider = StudentSide.objects.filter(assignment=world.assignment).exclude(
        student_id__in=groups[0].sides.values("student_id")
    )[0]
    with pytest.raises(ValidationError):
        services.set_sides(assignment=groups[0], sides={outsider.student_id: "pro"})
    report = client.get(reverse("arguments:report", args=[groups[0].pk]))
    listed = {row.student.pk for row in report.context["rows"]}
    assert listed == set(groups[0].sides.values_list("student_id", flat=True))


def test_class_pages_answer_in_bounded_queries(client, world, django_assert_max_num_queries):
    signed_in(client, world.teacher)
    pages = [
        reverse("arguments:classes"),
        world.room.get_absolute_url(),
        world.assignment.get_absolute_url(),
        reverse("arguments:report", args=[world.assignment.pk]),
        reverse("arguments:report_csv", args=[world.assignment.pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url
    signed_in(client, world.student)
    with django_assert_max_num_queries(10):
        assert client.get(world.assignment.get_absolute_url()).status_code == 200


def test_side_is_free_without_a_row(world):
    newcomer = UserFactory(username="late")
    ClassMember.objects.create(classroom=world.room, user=newcomer, role="student")
    access = Access.load(newcomer, world.debate)
    assert (
        class_selectors.refusal_at(access=access, target=world.debate.thesis, stance=Stance.ATTACK)
        == ""
    )
    assert Side.FREE == "free"


def _class_page_counts(client, world, assignment, *, teacher):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    debate = assignment.debate
    student_claim = debate.claims.filter(author=world.student).first()
    urls = {
        "class": world.room.get_absolute_url(),
        "assignment": assignment.get_absolute_url(),
        "claim": student_claim.get_absolute_url(),
        "claim (htmx)": student_claim.get_absolute_url(),
        "propose": reverse("arguments:propose", args=[debate.slug, student_claim.pk]),
    }
    if teacher:
        report = reverse("arguments:report", args=[assignment.pk])
        urls["report"] = report
        urls["report sorted"] = report + "?sort=-approved"
        urls["csv"] = reverse("arguments:report_csv", args=[assignment.pk])
    counts = {}
    for name, url in urls.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **headers).status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("viewer", ["teacher", "student"])
def test_class_query_budgets_do_not_grow_with_the_debate(client, world, viewer):
    from arguments.devtools.generate import generate_debate

    large_source = generate_debate(claims=2000, seed=3)
    teacher, student = world.teacher, world.student
    large = services.copy_debate(classroom=world.room, teacher=teacher, source=large_source)
    assert large.claims.count() > 1500
    now = timezone.now()
    big = services.create_assignment(
        classroom=world.room,
        debate=large,
        title="Big",
        instructions="",
        opens=now - timedelta(hours=1),
        due=now + timedelta(hours=1),
    )
    StudentSide.objects.filter(assignment=big, student=student).update(side=Side.PRO)
    deep = large.claims.order_by("-id").first()
    stance = (
        Stance.SUPPORT
        if class_selectors.debate_positions(large)[deep.pk][1] == "pro"
        else (Stance.ATTACK)
    )
    propose.propose_claim(
        access=Access.load(student, large), target=deep, stance=stance, text="Deep one."
    )
    client.force_login(world.person(viewer))
    teaches = viewer == "teacher"
    small_counts = _class_page_counts(client, world, world.assignment, teacher=teaches)
    large_counts = _class_page_counts(client, world, big, teacher=teaches)
    assert small_counts == large_counts
    # The focus view of a claim pages its pros and cons and finds its siblings around it:
    # two queries more than the other pages (tests/graph/test_browse.py, BUDGETS), and one
    # for the assignment's state above a class map (class_selectors.map_state).
    for name, count in large_counts.items():
        assert count <= {"claim": 13, "claim (htmx)": 11}.get(name, 10), (name, count)


def test_class_page_lists_a_students_own_group_copy_only(client, world):
    for number in range(3):
        services.join(user=UserFactory(username=f"s{number}"), code=world.room.join_code)
    groups = services.split_into_groups(assignment=world.assignment, count=2, rng=random.Random(1))
    mine = next(g for g in groups if g.sides.filter(student=world.student).exists())
    other = next(g for g in groups if g != mine)
    signed_in(client, world.student)
    page = client.get(world.room.get_absolute_url()).content.decode()
    assert mine.debate.title in page and other.debate.title not in page
    parent = client.get(world.assignment.get_absolute_url()).content.decode()
    assert f"You work in {mine.group_name}" in parent
    signed_in(client, world.teacher)
    page = client.get(world.room.get_absolute_url()).content.decode()
    assert mine.debate.title not in page and world.debate.title in page


def test_positions_end_on_cycles_and_take_the_shortest_route():
    # thesis 1 <- pro 2 <- con 3; 3 also supports 1 directly; 2 and 4 attack each other.
    edges = [(2, "support", 1), (3, "attack", 2), (3, "support", 1), (4, "attack", 2)]
    edges += [(2, "attack", 4)]
    placed = rules.positions(edges, 1)
    assert placed == {1: (0, "pro"), 2: (1, "pro"), 3: (1, "pro"), 4: (2, "con")}


def test_subgraph_keeps_undercutters_of_kept_arguments_only():
    from arguments.interchange.graph import Edge, Graph, Node

    nodes = {name: Node(id=name, text=name) for name in "TABCU"}
    edges = [
        Edge("e1", ["A"], "support", "T"),
        Edge("e2", ["B"], "attack", "A"),
        Edge("e3", ["C"], "support", "T"),
        Edge("u1", ["U"], "attack", "e2", target_is_edge=True),
    ]
    part = rules.subgraph(Graph(nodes=nodes, edges=edges, roots=["T"]), "A")
    assert set(part.nodes) == {"A", "B", "U"}
    assert [edge.id for edge in part.edges] == ["e2", "u1"]
    assert part.roots == ["A"]


def test_report_counts_the_impact_votes_a_student_cast(client, world):
    from arguments.models import Argument, Assignment
    from arguments.services.vote import cast_vote

    student, debate = world.student, world.debate
    reasons = Argument.objects.filter(debate=debate, status="approved")[:2]
    for reason in reasons:
        cast_vote(access=Access.load(student, debate), argument=reason, value=3)
    row = _rows(client, world)["student"]
    assert row.votes == 2
    signed_in(client, world.teacher)
    response = client.get(reverse("arguments:report_csv", args=[world.assignment.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][10] == "Votes cast"
    assert next(r for r in rows if r[1] == "student")[10] == "2"
    # After the due date the debate is read-only for students: no more votes either.
    Assignment.objects.filter(pk=world.assignment.pk).update(
        due=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(PermissionDenied):
        cast_vote(access=Access.load(student, debate), argument=reasons[0], value=1)


def test_students_of_another_class_cannot_vote_in_this_one(client, world):
    from arguments.models import Argument

    reason = Argument.objects.filter(debate=world.debate, status="approved").first()
    signed_in(client, world.other_student)
    url = reverse("arguments:vote", args=[world.debate.slug, reason.pk])
    assert client.post(url, {"value": "2"}).status_code == 404


def test_a_student_joining_after_one_left_does_not_take_a_classmates_pseudonym(world):
    room = world.room
    departed = ClassMember.objects.get(classroom=room, user=world.student).pseudonym
    services.join(user=UserFactory(username="second"), code=room.join_code)
    services.remove_student(classroom=room, user_id=world.student.pk)
    for number in range(12):  # enough joiners that a reused number would show
        services.join(user=UserFactory(username=f"late{number}"), code=room.join_code)
    services.create_students(classroom=room, names="Ada Lovelace\nAlan Turing")
    pseudonyms = list(
        ClassMember.objects.filter(classroom=room, role="student").values_list(
            "pseudonym", flat=True
        )
    )
    assert len(pseudonyms) == len(set(pseudonyms)) == 15, pseudonyms
    assert departed not in pseudonyms  # a departed student's number is not given again


def _errors(response, field):
    """The ValidationErrors a form of the page holds for `field` (None: non-field)."""
    form = response.context["form"]
    return form.non_field_errors().as_data() if field is None else form[field].errors.as_data()


def test_refusals_of_the_class_services_are_the_forms_own_errors_shown_once(client, world):
    room = world.room
    signed_in(client, world.student)
    wrong_code = client.post(reverse("arguments:join"), {"code": "ZZZZZZ"})
    [error] = _errors(wrong_code, "code")
    assert error.message == "No class has this code. Check it with your teacher."
    assert wrong_code.text.count("No class has this code.") == 1
    signed_in(client, world.teacher)
    names = "\n".join(f"Student {n}" for n in range(201))
    too_many = client.post(reverse("arguments:bulk_students", args=[room.pk]), {"names": names})
    [error] = _errors(too_many, "names")
    assert error.message == "At most 200 names at a time."
    copy_url = reverse("arguments:new_class_debate", args=[room.pk])
    other = str(world.other_debate.thesis_id)
    elsewhere = client.post(copy_url, {"source": world.public.pk, "root": other})
    [error] = _errors(elsewhere, None)
    assert error.message == "That claim number is not in the chosen debate."
    assert elsewhere.text.count(error.message) == 1
    overlong = client.post(copy_url, {"source": world.public.pk, "root": "9" * 19})
    assert "or type its number" in _errors(overlong, "root")[0].message
    unknown = client.post(reverse("arguments:add_teacher", args=[room.pk]), {"username": "ghost"})
    assert client.get(unknown["Location"]).text.count("No account is called “ghost”.") == 1


def test_feedback_with_a_null_character_is_refused_for_what_it_is(client, world):
    signed_in(client, world.teacher)
    url = reverse("arguments:feedback", args=[world.assignment.pk, world.approved.pk])
    response = client.post(url, {"text": "Good\x00work."})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Null characters are not allowed.") == 1
    assert "at most 2,000 characters" not in page
    empty = client.post(url, {"text": "  "}).content.decode()
    assert empty.count("Write the feedback, in at most 2,000 characters.") == 1
    assert world.approved.feedback.count() == 1
