from django.urls import path

from . import views

app_name = "corpus"
urlpatterns = [
    path("", views.source_list, name="sources"),
    path("<slug:slug>/", views.source_detail, name="source"),
]
