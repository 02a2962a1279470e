"""The source library and the reader with highlighted, anchored excerpts."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from arguments.selectors import excerpt_claims, quoted_passage_count

from .models import Source
from .reader import paragraphs


@require_safe
def source_list(request):
    sources = (
        Source.objects.defer("text", "raw")
        .annotate(excerpt_count=quoted_passage_count(request.user))
        .prefetch_related("signatories")
        .order_by("published", "slug")
    )
    return render(request, "corpus/source_list.html", {"sources": sources})


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.prefetch_related("signatories"), slug=slug)
    claims_by_excerpt = excerpt_claims(source=source, user=request.user)
    excerpts = {
        excerpt.pk: excerpt for excerpt in source.excerpts.all() if excerpt.pk in claims_by_excerpt
    }
    blocks = paragraphs(
        source.text, [(pk, excerpt.start, excerpt.end) for pk, excerpt in excerpts.items()]
    )
    for block in blocks:
        block.notes = [
            {"excerpt": excerpts[pk], "claims": claims_by_excerpt[pk]}
            for pk in block.starting_excerpts
        ]
    return render(request, "corpus/source_detail.html", {"source": source, "paragraphs": blocks})
