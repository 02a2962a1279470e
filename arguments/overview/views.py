"""The overview of a debate: the sunburst map, who answers whom, and the sources by date."""

from django.http import Http404
from django.views.decorators.http import require_safe

from arguments.models import Stance
from arguments.overview import selectors as overview
from arguments.selectors.focus import get_claim
from arguments.views.caching import for_readers
from arguments.views.rendering import render_page


@require_safe
@for_readers(params=())
def overview_page(request, slug):
    thesis, access = get_claim(slug=slug, user=request.user)
    camp_rows, left_out = overview.camp_table(access=access)
    context = {
        "debate": thesis.debate,
        "thesis": thesis,
        "map": overview.highlight(overview.drawing(access=access, thesis=thesis), claim_id=None),
        "camp_rows": camp_rows,
        "left_out": left_out,
        "may_edit_camps": access.may_moderate,
        "timeline": overview.timeline(access=access),
    }
    return render_page(request, "overview/overview.html", context, partial="overview")


@require_safe
@for_readers(params=("from", "to", "stance"))
def answers(request, slug):
    """The arguments of one cell of the camp table (`from`, `to`, optional `stance`)."""
    thesis, access = get_claim(slug=slug, user=request.user)
    from_camp, to_camp = request.GET.get("from", ""), request.GET.get("to", "")
    stance = request.GET.get("stance", "")
    if stance and stance not in Stance.values:
        raise Http404("No such stance.")
    camp_rows, left_out = overview.camp_table(access=access)
    labels = {row.camp: row.label for row in camp_rows}
    chosen = from_camp in labels and to_camp in labels
    context = {
        "debate": thesis.debate,
        "camp_rows": camp_rows,
        "left_out": left_out,
        "may_edit_camps": access.may_moderate,
        "chosen": chosen,
        "from_camp": from_camp,
        "to_camp": to_camp,
        "from_label": labels.get(from_camp, ""),
        "to_label": labels.get(to_camp, ""),
        "stance": stance,
        "page": overview.answers(
            access=access,
            from_camp=from_camp,
            to_camp=to_camp,
            stance=stance or None,
            page=request.GET.get("page", 1),
        )
        if chosen
        else None,
    }
    return render_page(request, "overview/answers.html", context, partial="answers")
