"""The one palette camps are drawn from: pairs of a colour and a pattern.

Pure: no Django. Each style is a text colour that keeps WCAG AA contrast (4.5:1) on the
page's white and on its grey wash, and a pattern (the badge's border or fill) that tells
the camps apart without colour; a camp's name is always written beside it. The first four
are the colours the seed's camps have always had. `static/css/app.css` holds one rule per
key (`.camp--<key>`), checked against this list by tests/camps/test_palette.py.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    key: str
    colour: str  # #rrggbb
    pattern: str  # how the badge is drawn besides its colour

    @property
    def label(self):
        return f"{self.colour_name}, {self.pattern}"

    @property
    def colour_name(self):
        return COLOUR_NAMES[self.key]


COLOUR_NAMES = {
    "green": "Green",
    "blue": "Blue",
    "red": "Red",
    "ochre": "Ochre",
    "purple": "Purple",
    "teal": "Teal",
    "brown": "Brown",
    "slate": "Slate",
}

STYLES = (
    Style("green", "#00664d", "solid border"),
    Style("blue", "#23408e", "dashed border"),
    Style("red", "#8a1c1c", "dotted border"),
    Style("ochre", "#5b4b00", "double border"),
    Style("purple", "#5e2a84", "striped"),
    Style("teal", "#00596b", "thick left bar"),
    Style("brown", "#6b3a1e", "square corners"),
    Style("slate", "#3d4a5c", "underlined"),
)
BY_KEY = {style.key: style for style in STYLES}
CHOICES = [(style.key, style.label) for style in STYLES]
BACKGROUNDS = ("#ffffff", "#f5f6f8")  # the page's paper and wash (app.css --paper, --wash)


def style(key):
    """The style of `key`, or the first one for a key the palette no longer has."""
    return BY_KEY.get(key, STYLES[0])


def next_free(used):
    """The first style not in `used`, or the palette's first when all are taken."""
    return next((s.key for s in STYLES if s.key not in set(used)), STYLES[0].key)


def _luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(foreground, background):
    """The WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
