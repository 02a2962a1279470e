from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("accounts/", include("arguments.accounts.urls")),
    path("sources/", include("corpus.urls")),
    path("", include("arguments.urls")),
]

handler400 = "arguments.views.errors.bad_request"
handler500 = "arguments.views.errors.server_error"
