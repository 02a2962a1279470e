"""The pages that ask before a class's destructive changes, and adding a student back.

The class page's buttons for these are links here (they work without JavaScript); each
page says what will happen and posts the change, marked confirmed, to the view below that
makes it (`classroom_settings`, `remove_student`), which sends a post not marked so to
the page first. After it, the class page's message offers the undo (`flash`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from arguments.classes import rules, selectors
from arguments.classes import services as classes
from arguments.classes.manage import flash, services
from arguments.models import ClassMember
from arguments.views.rendering import refusal, render_page, wants_fragment

TEMPLATE = "classes/confirm.html"


def _teacher(request, pk):
    classroom, access = selectors.load_class(user=request.user, pk=pk)
    if not access.may_teach:
        raise PermissionDenied("Only the class's teachers do this.")
    return classroom, access


def _confirm_page(request, context):
    """The page that asks; to htmx (a link of the class page), only the question itself,
    shown beside the button that asked."""
    context["as_fragment"] = wants_fragment(request)
    return render_page(request, TEMPLATE, context, partial="confirm")


def _change(classroom, action):
    """(heading, what will happen, button) for a change of the class that asks first."""
    if action == "archive":
        return (
            f"Archive “{classroom.name}”?",
            [
                "Students can still open the class and read its debates, but no longer "
                "write, vote or change anything in them.",
                "The join code and link stop admitting students.",
                "You can unarchive the class at any time: everything comes back as it was.",
            ],
            "Archive the class",
        )
    if action == "regenerate":
        return (
            "Make a new join code?",
            [
                f"The current code {classroom.shown_join_code} and its join link stop "
                "working at once: anyone who has not joined yet needs the new one.",
                "Students already in the class stay in it.",
                "This cannot be undone: the old code is not given back.",
            ],
            "Make a new code",
        )
    raise Http404("No such change.")


@login_required
@require_safe
def confirm_change(request, pk, action):
    classroom, _ = _teacher(request, pk)
    heading, effects, button = _change(classroom, action)
    context = {
        "classroom": classroom,
        "heading": heading,
        "effects": effects,
        "button": button,
        "action_url": reverse("arguments:classroom_settings", args=[classroom.pk]),
        "fields": {"action": action, "confirm": "yes"},
    }
    return _confirm_page(request, context)


@login_required
@require_safe
def confirm_remove(request, pk, user_id):
    classroom, _ = _teacher(request, pk)
    member = (
        ClassMember.objects.filter(
            classroom=classroom, user_id=user_id, role=ClassMember.Role.STUDENT
        )
        .select_related("user")
        .first()
    )
    if member is None:
        raise Http404("That person is not a student of this class.")
    name = flash.shown_name(member.user, member)
    context = {
        "classroom": classroom,
        "heading": f"Remove {name} from “{classroom.name}”?",
        "effects": [
            f"{name} can no longer open the class or its debates, from now on.",
            "What they wrote stays in the class's debates, under the same name, and so do "
            "their votes, sides and grades.",
            "You can add them back afterwards: they find everything as they left it.",
        ],
        "button": f"Remove {name}",
        "action_url": reverse("arguments:remove_student", args=[classroom.pk, user_id]),
        "fields": {"confirm": "yes"},
    }
    return _confirm_page(request, context)


@login_required
@require_POST
def add_back(request, pk, user_id):
    classroom, _ = _teacher(request, pk)
    try:
        user = services.add_back(classroom=classroom, user_id=user_id)
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        member = ClassMember.objects.get(classroom=classroom, user=user)
        messages.success(request, f"{flash.shown_name(user, member)} is back in the class.")
    return redirect(classroom.get_absolute_url())


SETTINGS = {
    "open": ("joining_open", True, "The code admits students again."),
    "close": ("joining_open", False, "The code is switched off: nobody can join with it."),
    "archive": ("archived", True, "The class is archived: read-only for students."),
    "unarchive": ("archived", False, "The class is active again."),
    "pseudonyms_on": ("pseudonyms", True, "Students now see each other by pseudonym."),
    "pseudonyms_off": ("pseudonyms", False, "Students now see each other's usernames."),
}


@login_required
@require_POST
def classroom_settings(request, pk):
    classroom, _ = _teacher(request, pk)
    action = request.POST.get("action", "")
    if action in ("archive", "regenerate") and request.POST.get("confirm") != "yes":
        return redirect("arguments:confirm_class_change", classroom.pk, action)  # ask first
    if action == "archive":
        classes.update_classroom(classroom=classroom, archived=True)
        url = reverse("arguments:classroom_settings", args=[classroom.pk])
        text = "The class is archived: read-only for students, and nobody can join it."
        flash.offer_undo(
            request, classroom, text=text, url=url, button="Undo", fields={"action": "unarchive"}
        )
    elif action == "regenerate":
        code = classes.regenerate_code(classroom=classroom)
        messages.success(
            request,
            f"New code: {rules.shown_join_code(code)}. The old code and link no longer work.",
        )
    elif action in SETTINGS:
        name, value, message = SETTINGS[action]
        classes.update_classroom(classroom=classroom, **{name: value})
        messages.success(request, message)
    else:
        messages.error(request, "Unknown change.")
    return redirect(classroom.get_absolute_url())


@login_required
@require_POST
def remove_student(request, pk, user_id):
    classroom, _ = _teacher(request, pk)
    if request.POST.get("confirm") != "yes":
        return redirect("arguments:confirm_remove_student", classroom.pk, user_id)  # ask first
    try:
        member = ClassMember.objects.filter(classroom=classroom, user_id=user_id).first()
        user = services.remove_student(classroom=classroom, user_id=user_id)
    except ValidationError as problem:
        messages.error(request, refusal(problem))
    else:
        name = flash.shown_name(user, member)
        text = (
            f"{name} was removed from the class: they can no longer open it. What they wrote "
            "stays in its debates, and their votes, sides and grades are kept."
        )
        url = reverse("arguments:add_back_student", args=[classroom.pk, user_id])
        flash.offer_undo(request, classroom, text=text, url=url, button="Add them back")
    return redirect(classroom.get_absolute_url())
