"""/d/<slug>/camps/ (included under the debate's prefix)."""

from django.urls import path

from arguments.camps import views

urlpatterns = [
    path("camps/", views.camps, name="camps"),
]
