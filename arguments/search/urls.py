"""Search across debates; the focus view's "jump to" box is `d/<slug>/jump/` (arguments/urls.py)."""

from django.urls import path

from arguments.search import views

urlpatterns = [
    path("search/", views.search, name="search"),
]
