from django.urls import path

from .views import accounts, browse, exchange, members, moderation, propose, search

app_name = "arguments"
urlpatterns = [
    path("", browse.home, name="home"),
    path("health/", browse.health, name="health"),
    path("inbox/", accounts.inbox, name="inbox"),
    path("search/", search.search, name="search"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/decide/", moderation.decide_many, name="decide_many"),
    path("moderation/<int:pk>/", moderation.item, name="moderation_item"),
    path("moderation/<int:pk>/decide/", moderation.decide, name="decide"),
    path("debates/new/", exchange.new_debate, name="new_debate"),
    path("d/<slug:slug>/", browse.debate, name="debate"),
    path("d/<slug:slug>/export.<str:suffix>", exchange.export, name="export"),
    path("d/<slug:slug>/import/", exchange.import_into, name="import"),
    path("d/<slug:slug>/print/", exchange.print_map, name="print"),
    path("d/<slug:slug>/outline/", browse.outline, name="outline"),
    path("d/<slug:slug>/jump/", search.jump, name="jump"),
    path("d/<slug:slug>/members/", members.members, name="members"),
    path("d/<slug:slug>/c/<int:claim_id>/", browse.claim, name="claim"),
    path("d/<slug:slug>/c/<int:claim_id>/children/", browse.children, name="children"),
    path("d/<slug:slug>/c/<int:claim_id>/propose/", propose.propose, name="propose"),
    path("d/<slug:slug>/c/<int:claim_id>/similar/", propose.similar, name="similar"),
    path("d/<slug:slug>/c/<int:claim_id>/link/", propose.link, name="link"),
    path("d/<slug:slug>/c/<int:claim_id>/edit/", propose.edit, name="edit"),
    path("d/<slug:slug>/c/<int:claim_id>/flag/", propose.flag, name="flag"),
    path("d/<slug:slug>/c/<int:claim_id>/history/", moderation.history, name="history"),
    path(
        "d/<slug:slug>/c/<int:claim_id>/history/<int:revision_id>/revert/",
        moderation.revert,
        name="revert",
    ),
]
