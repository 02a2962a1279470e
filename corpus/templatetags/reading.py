"""`{% reader_text paragraphs %}`: the source reader's text, marked up in Python.

A long source is thousands of segments; the template language spends tens of microseconds
on each tag, so the reader of a 100,000-word text took a third of a second to render. The
markup is the one the reader's script (static/js/app.js) expects: every piece of text in an
element with its `data-offset`, quoted passages in `<mark>` with their anchors, and under
each paragraph the claims citing the passages that begin in it. Everything is escaped.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from arguments.services.moderate import shortened
from corpus.reader import page_of

register = template.Library()


@register.simple_tag
def reader_text(paragraphs, pages=()):
    """`pages`: where each page of a paged source starts (a quote then says "p. N")."""
    claim_url = _ClaimUrls()
    html = []
    for number, paragraph in enumerate(paragraphs, start=1):
        html.append(f'<div class="passage" id="p-{number}"><p>')
        html.extend(_segment(segment) for segment in paragraph.segments)
        html.append("</p>")
        if paragraph.notes:
            html.append(
                '<div class="cited-by" role="group" aria-label="Claims citing this passage">'
            )
            html.extend(_note(note, claim_url, pages) for note in paragraph.notes)
            html.append("</div>")
        html.append("</div>\n")
    # Safe: every piece of text above went through `escape`; the rest is fixed markup with
    # integers (offsets, ids) and claim URLs reversed from slugs.
    return mark_safe("".join(html))


def _segment(segment):
    text = escape(segment.text, quote=False)
    if not segment.excerpt_ids:
        return f'<span data-offset="{segment.offset}">{text}</span>'
    anchors = "".join(
        f'<span class="anchor" id="excerpt-{pk}"></span>' for pk in segment.starts[1:]
    )
    overlap = " excerpt--overlap" if len(segment.excerpt_ids) > 1 else ""
    anchor = f' id="excerpt-{segment.starts[0]}"' if segment.starts else ""
    return (
        f'{anchors}<mark class="excerpt{overlap}"{anchor} data-offset="{segment.offset}">'
        f"{text}</mark>"
    )


def _note(note, claim_url, pages):
    excerpt = note["excerpt"]
    quote = escape(shortened(excerpt.quote, 90), quote=False)
    page = page_of(pages, excerpt.start)
    where = f" (p. {page})" if page else ""
    items = "".join(
        f'<li><a href="{claim_url(claim)}">{escape(claim.text, quote=False)}</a></li>'
        for claim in note["claims"]
    )
    if note["more"]:
        plural = "s" if note["more"] != 1 else ""
        items += f'<li class="cited-by__more">and {note["more"]} more claim{plural}</li>'
    return (
        f'<div class="cited-by__item" id="cited-{excerpt.pk}">'
        f'<p class="cited-by__quote"><a href="#excerpt-{excerpt.pk}">“{quote}”</a>{where}'
        f" is cited by:</p><ul>{items}</ul></div>"
    )


class _ClaimUrls:
    """A claim's URL, reversed once per debate (a slug is a slug: it needs no escaping)."""

    def __init__(self):
        self.patterns = {}

    def __call__(self, claim):
        slug = claim.debate_slug
        if slug not in self.patterns:
            self.patterns[slug] = reverse("arguments:claim", args=[slug, 1]).rsplit("/1/", 1)
        before, after = self.patterns[slug]
        return f"{before}/{claim.pk}/{after}"
