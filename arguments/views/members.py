"""The members page: the owner adds and removes members, sets roles, restricts writing."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from arguments.models import Membership, Role
from arguments.permissions import Access
from arguments.selectors.paths import as_id
from arguments.views import paging


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    access = Access.required(
        request.user, slug, may="may_manage", refusal="Only the debate's owner manages its members."
    )
    debate = access.debate
    error = None
    if request.method == "POST":
        error = _apply(request, debate)
        if error is None:
            return redirect(reverse("arguments:members", args=[slug]))
    context = {
        "debate": debate,
        "memberships": paging.paginate(
            request,
            debate.members.select_related("user").order_by("user__username", "id"),
            per_page=paging.MEMBERS,
        ),
        "roles": Role.choices,
        "error": error,
        "typed": request.POST.get("username", ""),
    }
    return render(request, "arguments/members.html", context)


def _apply(request, debate):
    """Carry out one change from the members page; the error message, or None."""
    action = request.POST.get("action")
    if action == "restrict":
        debate.writers_restricted = request.POST.get("restricted") == "on"
        debate.save(update_fields=["writers_restricted", "updated"])
        messages.success(request, "Who may write was updated.")
        return None
    role = request.POST.get("role")
    if action in ("add", "set") and role not in Role.values:
        return "Choose a role."
    if action == "add":
        username = request.POST.get("username", "").strip()
        users = get_user_model().objects.filter(username__iexact=username)
        user = None if "\x00" in username else users.first()  # PostgreSQL refuses NUL
        if user is None:
            return f"There is no user called “{username}”."
        Membership.objects.update_or_create(debate=debate, user=user, defaults={"role": role})
        messages.success(request, f"{user.get_username()} is now {role} of this debate.")
        return None
    membership = debate.members.filter(pk=as_id(request.POST.get("membership"))).first()
    if membership is None:
        return "That member is no longer listed."
    if action == "set":
        membership.role = role
        membership.save(update_fields=["role"])
        messages.success(request, f"{membership.user.get_username()} is now {role}.")
        return None
    if action == "remove":
        membership.delete()
        messages.success(request, f"{membership.user.get_username()} was removed.")
        return None
    return "Unknown action."
