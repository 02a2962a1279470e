"""The pro/con mark, written once: `{% stance_mark stance %}` and `{{ stance|side }}`.

A stance is "support", "attack" or "undercut" (an attack on a link, which counts as a con).
"""

from django import template

register = template.Library()

SIGNS = {"pro": "+", "con": "−"}
WORDS = {"support": "Pro", "attack": "Con", "undercut": "Undercut"}


@register.filter
def side(stance):
    """The side a stance argues, for class names: "pro" for a support, "con" otherwise."""
    return "pro" if stance == "support" else "con"


@register.inclusion_tag("includes/_stance_mark.html")
def stance_mark(stance, spoken=False, printed=False):
    """The sign of `stance`. The sign is decoration for screen readers, so a mark stands
    next to words that say the stance, or is `spoken`: followed by the word for screen
    readers only. `printed` is the printable map's sign, coloured ink without a disc."""
    return {
        "side": side(stance),
        "sign": SIGNS[side(stance)],
        "word": WORDS.get(stance, "Undercut"),
        "spoken": spoken,
        "printed": printed,
    }
