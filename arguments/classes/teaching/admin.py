"""Teaching requests in the admin: staff approve or refuse them from the list (the same
service as the staff page, so the asker gets the same notice)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from arguments.classes.teaching import services
from arguments.classes.teaching.models import TeachingRequest


@admin.register(TeachingRequest)
class TeachingRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "reason", "created", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "reason"]
    readonly_fields = ["user", "reason", "status", "decided_by", "decided_at", "created"]
    fields = ["user", "reason", "status", "answer", "decided_by", "decided_at", "created"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False  # accounts ask on /classes/teaching/ask/

    @admin.action(description="Approve the selected requests (teaching on, a notice)")
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(
        description="Refuse the selected requests (type the reason in each request's Answer "
        "and save it first; the asker reads it)"
    )
    def refuse(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve):
        done = 0
        for asked in queryset:
            try:
                services.decide(
                    staff=request.user, request_id=asked.pk, approve=approve, answer=asked.answer
                )
            except ValidationError as problem:
                self.message_user(
                    request, f"{asked.user}: {' '.join(problem.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} request(s) decided; each asker got a notice.")
