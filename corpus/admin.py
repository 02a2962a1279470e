from django.contrib import admin

from .models import Actor, Camp, Excerpt, Source


@admin.register(Camp)
class CampAdmin(admin.ModelAdmin):
    list_display = ["name", "debate", "order", "style"]
    list_select_related = ["debate"]
    search_fields = ["name", "key", "debate__title"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "debate", "kind", "camp", "status"]
    list_select_related = ["debate", "camp"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "slug", "debate__title"]
    raw_id_fields = ["debate", "camp", "proposed_by"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published", "genre"]
    list_filter = ["genre"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["signatories"]


@admin.register(Excerpt)
class ExcerptAdmin(admin.ModelAdmin):
    list_display = ["quote", "source", "start", "end"]
    list_select_related = ["source"]
    list_filter = ["source"]
    search_fields = ["quote"]
