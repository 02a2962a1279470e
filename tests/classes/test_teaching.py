"""Who may teach: TEACHING=anyone lets an account switch teaching on; TEACHING=approved has
it ask, and staff approve or refuse (a staff page and the admin), with a notice."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.urls import reverse

from arguments.classes import services as classes
from arguments.classes.teaching import services
from arguments.models import Notification, TeachingRequest
from config.settings import env_choice
from tests import classworld
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(settings):
    settings.TEACHING = "approved"


@pytest.fixture
def staff():
    return UserFactory(username="staffer", is_staff=True)


def test_anyone_switches_teaching_on_by_default(client):
    user = UserFactory(username="newbie")
    client.force_login(user)
    client.post(reverse("arguments:classes"), {"action": "teach"})
    assert classes.is_teacher(user)


def test_in_approved_mode_a_student_cannot_switch_teaching_on(client, approved):
    world = classworld.build()
    client.force_login(world.student)
    page = client.post(reverse("arguments:classes"), {"action": "teach"}, follow=True)
    assert not classes.is_teacher(world.student)
    text = page.content.decode()
    assert "staff approve who teaches" in text
    assert 'value="teach"' not in text and reverse("arguments:ask_to_teach") in text
    with pytest.raises(PermissionDenied):
        services.switch_on(user=world.student)


def test_asking_keeps_what_was_typed_when_refused(client, approved):
    user = UserFactory(username="asker")
    client.force_login(user)
    url = reverse("arguments:ask_to_teach")
    long = "I run the debate club. " * 20
    page = client.post(url, {"reason": long})
    assert "at most 300 characters" in page.content.decode()
    assert "I run the debate club." in page.content.decode()
    assert "Say in a sentence" in client.post(url, {"reason": "  "}).content.decode()
    assert not TeachingRequest.objects.exists()


def test_ask_approve_and_notice(client, approved, staff):
    user = UserFactory(username="asker")
    client.force_login(user)
    client.post(reverse("arguments:ask_to_teach"), {"reason": "I teach civics at a school."})
    asked = TeachingRequest.objects.get(user=user)
    assert asked.status == "pending"
    again = client.post(reverse("arguments:ask_to_teach"), {"reason": "Again."})
    assert "You asked" in again.content.decode()
    assert TeachingRequest.objects.filter(user=user).count() == 1
    # The staff page lists it; a non-staff account may not open it.
    assert client.get(reverse("arguments:teaching_requests")).status_code == 403
    client.force_login(staff)
    page = client.get(reverse("arguments:teaching_requests")).content.decode()
    assert "I teach civics at a school." in page and "asker" in page
    client.post(reverse("arguments:decide_teaching", args=[asked.pk]), {"action": "approve"})
    assert classes.is_teacher(user)
    notice = Notification.objects.get(user=user)
    assert "approved" in notice.message and notice.url == "/classes/"
    client.force_login(user)
    inbox = client.get(reverse("arguments:inbox")).content.decode()
    assert "Your request to teach was approved" in inbox


def test_a_refusal_needs_a_reason_and_keeps_it_when_sent_back(client, approved, staff):
    user = UserFactory(username="asker")
    asked = services.ask(user=user, reason="Let me in.")
    client.force_login(staff)
    url = reverse("arguments:decide_teaching", args=[asked.pk])
    page = client.post(url, {"action": "refuse", "answer": ""})
    assert "Give a reason for the refusal" in page.content.decode()
    client.post(url, {"action": "refuse", "answer": "Use your school address."})
    asked.refresh_from_db()
    assert asked.status == "refused" and not classes.is_teacher(user)
    assert "Use your school address." in Notification.objects.get(user=user).message
    # Decided once: a second decision is refused.
    with pytest.raises(ValidationError, match="Already refused by staffer"):
        services.decide(staff=staff, request_id=asked.pk, approve=True)
    client.force_login(user)
    classes_page = client.get(reverse("arguments:classes")).content.decode()
    assert "Use your school address." in classes_page and "Ask to teach" in classes_page


def test_the_admin_action_decides_through_the_service(client, approved):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username="asker")
    asked = services.ask(user=user, reason="Civics teacher.")
    client.force_login(admin)
    changelist = reverse("admin:arguments_teachingrequest_changelist")
    assert "Civics teacher." in client.get(changelist).content.decode()
    client.post(changelist, {"action": "approve", "_selected_action": [asked.pk]})
    assert classes.is_teacher(user)
    assert Notification.objects.filter(user=user, message__contains="approved").exists()


def test_in_anyone_mode_the_ask_page_sends_to_the_classes_page(client):
    client.force_login(UserFactory(username="asker"))
    response = client.get(reverse("arguments:ask_to_teach"))
    assert response.status_code == 302 and response["Location"] == reverse("arguments:classes")


def test_the_setting_is_read_strictly(monkeypatch):
    monkeypatch.setenv("TEACHING", "Approved")
    assert env_choice("TEACHING", "anyone", ("anyone", "approved")) == "approved"
    monkeypatch.setenv("TEACHING", "teachers")
    with pytest.raises(ImproperlyConfigured, match="TEACHING='teachers'"):
        env_choice("TEACHING", "anyone", ("anyone", "approved"))
    monkeypatch.delenv("TEACHING")
    assert env_choice("TEACHING", "anyone", ("anyone", "approved")) == "anyone"


def test_staff_find_the_requests_from_the_classes_page(client, approved, staff):
    client.force_login(staff)
    page = client.get(reverse("arguments:classes")).content.decode()
    assert reverse("arguments:teaching_requests") in page
