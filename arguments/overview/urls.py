"""/d/<slug>/overview/ and /d/<slug>/answers/ (included under the debate's prefix)."""

from django.urls import path

from arguments.overview import views

urlpatterns = [
    path("overview/", views.overview_page, name="overview"),
    path("answers/", views.answers, name="answers"),
]
