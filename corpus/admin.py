from django.contrib import admin

from .models import Actor, Excerpt, Source


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "camp"]
    list_filter = ["kind", "camp"]
    search_fields = ["name", "slug"]


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
