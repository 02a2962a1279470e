"""The app's URLs, grouped by prefix; features with a folder of their own bring their list.

Every name is in the "arguments" namespace (`{% url 'arguments:claim' … %}`).
"""

from django.urls import include, path

from arguments.accounts import views as accounts
from arguments.live import views as live
from arguments.search import views as search
from arguments.views import browse, exchange, members, moderation, propose, weigh
from corpus import views as corpus
from corpus.adding import views as adding

app_name = "arguments"

# /moderation/
moderation_urls = [
    path("", moderation.queue, name="moderation"),
    path("decide/", moderation.decide_many, name="decide_many"),
    path("live/", live.queue, name="moderation_live"),
    path("<int:pk>/", moderation.item, name="moderation_item"),
    path("<int:pk>/decide/", moderation.decide, name="decide"),
]

# /d/<slug>/c/<claim_id>/
claim_urls = [
    path("", browse.claim, name="claim"),
    path("children/", browse.children, name="children"),
    path("propose/", propose.propose, name="propose"),
    path("similar/", propose.similar, name="similar"),
    path("link/", propose.link, name="link"),
    path("edit/", propose.edit, name="edit"),
    path("flag/", propose.flag, name="flag"),
    path("history/", moderation.history, name="history"),
    path("history/<int:revision_id>/revert/", moderation.revert, name="revert"),
    path("what-if/", weigh.what_if, name="what_if"),
]

# /d/<slug>/
debate_urls = [
    path("", browse.debate, name="debate"),
    path("outline/", browse.outline, name="outline"),
    path("live/", live.debate_room, name="debate_live"),
    path("", include("arguments.overview.urls")),
    path("", include("arguments.camps.urls")),
    path("jump/", search.jump, name="jump"),
    path("members/", members.members, name="members"),
    path("export.<str:suffix>", exchange.export, name="export"),
    path("import/", exchange.import_into, name="import"),
    path("print/", exchange.print_map, name="print"),
    path("sources/", corpus.debate_sources, name="debate_sources"),
    path("sources/new/", adding.source_new, name="source_new"),
    path("sources/<slug:source_slug>/ledger/", corpus.source_ledger, name="source_ledger"),
    path("c/<int:claim_id>/", include(claim_urls)),
    path("a/<int:argument_id>/vote/", weigh.vote, name="vote"),
]

urlpatterns = [
    path("", browse.home, name="home"),
    path("health/", browse.health, name="health"),
    path("inbox/", accounts.inbox, name="inbox"),
    path("inbox/live/", live.inbox, name="inbox_live"),
    path("", include("arguments.search.urls")),
    path("", include("arguments.classes.urls")),
    path("", include("arguments.jobs.urls")),
    path("moderation/", include(moderation_urls)),
    path("debates/new/", exchange.new_debate, name="new_debate"),
    # After the library's /sources/<slug>/ (config/urls.py), which this never matches.
    path("sources/<slug:slug>/edit/", adding.source_edit, name="source_edit"),
    path("d/<slug:slug>/", include(debate_urls)),
]
