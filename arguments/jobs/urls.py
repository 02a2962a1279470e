"""/jobs/…: a job's page and file, and asking for a big debate's export."""

from django.urls import path

from arguments.jobs import views

urlpatterns = [
    path("jobs/<uuid:uuid>/", views.job, name="job"),
    path("jobs/<uuid:uuid>/download/", views.download, name="job_download"),
    path("jobs/export/<slug:slug>/<str:suffix>/", views.export, name="export_job"),
]
