from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sources/", include("corpus.urls")),
    path("", include("arguments.urls")),
]
