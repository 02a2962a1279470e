from django.urls import path

from .views import browse

app_name = "arguments"
urlpatterns = [
    path("", browse.home, name="home"),
    path("d/<slug:slug>/", browse.debate, name="debate"),
    path("d/<slug:slug>/outline/", browse.outline, name="outline"),
    path("d/<slug:slug>/c/<int:claim_id>/", browse.claim, name="claim"),
    path("d/<slug:slug>/c/<int:claim_id>/children/", browse.children, name="children"),
]
