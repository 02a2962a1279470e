"""Sign up, sign-in with throttling, and the inbox; the rest is Django's own auth views."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from arguments.accounts import zones
from arguments.accounts.forms import AccountSettingsForm, SignUpForm, ThrottledAuthenticationForm
from arguments.accounts.middleware import clear_one_time_password
from arguments.limits.counters import check
from arguments.limits.guard import refuse_form, with_retry
from arguments.models import Account, Notification, Proposal
from arguments.views import paging
from arguments.views.rendering import local_path


def _next_url(request):
    """Where to go after signing up: a page of this site, else the home page."""
    return local_path(request, request.POST.get("next") or request.GET.get("next") or "/", "/")


def signup(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignUpForm(request.POST or None)
    too_many = check(request, "signup") if request.method == "POST" else None
    if too_many is not None:
        refuse_form(form, too_many)
    elif request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    response = render(request, "accounts/signup.html", context)
    return with_retry(response, too_many) if too_many else response


sign_in = auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm)


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    """/accounts/settings/: the user's time zone (and a link to change the password)."""
    current = timezone.get_current_timezone_name()
    form = AccountSettingsForm(request.POST or None, initial={"time_zone": current})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["time_zone"]
        Account.objects.update_or_create(user=request.user, defaults={"time_zone": name})
        zones.remember_zone(request, name)
        messages.success(request, f"Time zone saved: dates are now shown in {name}.")
        return redirect("account_settings")
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_safe
def inbox(request):
    """Decisions on the user's proposals, newest first, and the proposals themselves, each
    a page at a time (`?page=`, `?proposals=`); the decisions shown are marked read."""
    notifications = paging.paginate(
        request, request.user.notifications.all(), per_page=paging.INBOX
    )
    unread = [n.pk for n in notifications if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    proposals = paging.paginate(
        request,
        Proposal.objects.filter(author=request.user)
        .select_related("debate__classroom", "claim", "decided_by", "argument__target_claim")
        .prefetch_related("argument__premises")  # a flagged link is named by its claims
        .order_by("-created", "-id"),
        per_page=paging.INBOX,
        param="proposals",
    )
    context = {"notifications": notifications, "unread": set(unread), "proposals": proposals}
    return render(request, "accounts/inbox.html", context)


class _PasswordChange(auth_views.PasswordChangeView):
    """Django's change-password page; it also ends a class account's one-time password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_one_time_password(self.request)
        return response


password_change = _PasswordChange.as_view()


class _PasswordReset(auth_views.PasswordResetView):
    """Django's reset page, limited per address and per e-mail address asked for (so that no
    one's mailbox fills with reset mail); a refusal keeps what was typed."""

    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        too_many = check(self.request, "password_reset", f"email:{email}")
        if too_many is not None:
            refuse_form(form, too_many)
            return with_retry(self.form_invalid(form), too_many)
        return super().form_valid(form)


password_reset = _PasswordReset.as_view()
