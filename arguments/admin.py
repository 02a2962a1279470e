from django.contrib import admin

from arguments.accounts.forms import ThrottledAdminAuthenticationForm
from arguments.classes.teaching import admin as teaching_admin  # noqa: F401 (registers it)
from arguments.models import (
    Account,
    Argument,
    Citation,
    Claim,
    ClassMember,
    Classroom,
    Debate,
    Job,
    Premise,
)
from arguments.services.evaluate import reevaluate


@admin.register(Debate)
class DebateAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "visibility", "featured", "created"]
    raw_id_fields = ["thesis", "owner"]


class CitationInline(admin.TabularInline):
    model = Citation
    raw_id_fields = ["excerpt"]
    extra = 0


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["text", "debate", "speaker", "status"]
    list_filter = ["status", "debate"]
    search_fields = ["text", "key"]
    raw_id_fields = ["speaker", "author"]
    inlines = [CitationInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "base_score" in form.changed_data:  # the one evaluation input set here
            reevaluate(debate_id=obj.debate_id, claim_ids={obj.pk})


class PremiseInline(admin.TabularInline):
    model = Premise
    raw_id_fields = ["claim"]
    extra = 0


@admin.register(Argument)
class ArgumentAdmin(admin.ModelAdmin):
    # Arguments are made through the service, which checks cycles and duplicates.
    list_display = ["__str__", "debate", "stance", "status", "created"]
    list_filter = ["stance", "status"]
    raw_id_fields = ["target_claim", "target_argument", "author"]
    readonly_fields = ["signature"]
    inlines = [PremiseInline]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    # Staff grant teaching here (users can also switch it on themselves on /classes/).
    list_display = ["user", "is_teacher", "must_set_password"]
    list_filter = ["is_teacher", "must_set_password"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


class ClassMemberInline(admin.TabularInline):
    model = ClassMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "join_code", "joining_open", "pseudonyms", "archived", "created"]
    list_filter = ["archived"]
    search_fields = ["name", "join_code"]
    inlines = [ClassMemberInline]


# The admin's sign-in page counts failures and honours lockouts like /accounts/login/.
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background jobs: a job left "running" by a killed worker is marked failed here."""

    list_display = ["label", "kind", "state", "owner", "created", "finished"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["owner", "debate"]
    readonly_fields = ["uuid", "params", "report", "created", "started", "finished"]
