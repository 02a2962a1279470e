"""Rubrics written as text (pure Python): one criterion per line, its levels from the
weakest to the strongest, each with the points it gives.

    Claims: Unclear (0) | Mostly clear (1) | Clear and single (2)
    Use of evidence: None quoted (0) | Quoted, loosely tied (1) | Quoted and tied (2)

A level without "(n)" gives its place in the line (0, 1, 2…). Reading is linear: lines and
levels are split on fixed characters, and the points are one bounded regular expression.
"""

import re
from dataclasses import dataclass

MAX_CRITERIA = 12
MAX_LEVELS = 6
MAX_POINTS = 100  # per level
NAME_LENGTH = 120
LEVEL_LENGTH = 200
POINTS = re.compile(r"\((\d{1,3})\)\s*$")


class RubricError(ValueError):
    """A rubric that cannot be read; the message names the line."""


@dataclass(frozen=True)
class Level:
    label: str
    points: int


@dataclass(frozen=True)
class Criterion:
    name: str
    levels: tuple  # Level, weakest first

    @property
    def most(self):
        return max(level.points for level in self.levels)


# Two rubrics to start from: (name, its lines).
STARTERS = {
    "argument": (
        "Argument quality",
        (
            "Claims: Vague or several in one (0) | Mostly one clear claim (1)"
            " | One clear claim each (2)",
            "Relevance: Off the point (0) | Bears on its parent (1)"
            " | Bears on it directly and says why (2)",
            "Depth: Only first-level reasons (0) | Some replies (1)"
            " | Answers the other side's strongest reasons (2)",
            "Charity: Misstates the other side (0) | Fair to it (1)"
            " | States the other side at its best (2)",
        ),
    ),
    "evidence": (
        "Use of evidence",
        (
            "Quotes: None (0) | Some claims quote a source (1)"
            " | Every factual claim quotes one (2)",
            "Fit: The quotes do not say what the claims say (0) | They loosely fit (1)"
            " | They say exactly it (2)",
            "Range: One source (0) | Two sources (1) | Sources from more than one camp (2)",
        ),
    ),
}


def starter(key):
    """A starter rubric's text, or "" for an unknown key."""
    return "\n".join(STARTERS[key][1]) if key in STARTERS else ""


def parse(text):
    """The criteria of a rubric written as text, or RubricError naming the line."""
    criteria = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, colon, rest = line.partition(":")
        name = name.strip()
        if not colon or not name:
            raise RubricError(
                f"Line {number}: write the criterion's name, a colon, then its levels."
            )
        if len(name) > NAME_LENGTH:
            raise RubricError(
                f"Line {number}: a criterion's name is at most {NAME_LENGTH} characters."
            )
        parts = [part.strip() for part in rest.split("|")]
        if len(parts) < 2 or not all(parts):
            raise RubricError(
                f"Line {number} ({name}): give at least two levels, separated by “|”."
            )
        if len(parts) > MAX_LEVELS:
            raise RubricError(f"Line {number} ({name}): at most {MAX_LEVELS} levels.")
        levels = []
        for place, part in enumerate(parts):
            match = POINTS.search(part)
            label = part[: match.start()].strip() if match else part
            points = int(match.group(1)) if match else place
            if not label:
                raise RubricError(f"Line {number} ({name}): a level needs words, not only points.")
            if len(label) > LEVEL_LENGTH:
                raise RubricError(
                    f"Line {number} ({name}): a level is at most {LEVEL_LENGTH} characters."
                )
            if points > MAX_POINTS:
                raise RubricError(
                    f"Line {number} ({name}): a level gives at most {MAX_POINTS} points."
                )
            levels.append(Level(label, points))
        criteria.append(Criterion(name, tuple(levels)))
        if len(criteria) > MAX_CRITERIA:
            raise RubricError(f"At most {MAX_CRITERIA} criteria.")
    names = [criterion.name.casefold() for criterion in criteria]
    if len(set(names)) != len(names):
        raise RubricError("Two criteria have the same name.")
    return criteria


def written(criteria):
    """The text `parse` reads back as `criteria`."""
    return "\n".join(
        f"{c.name}: " + " | ".join(f"{level.label} ({level.points})" for level in c.levels)
        for c in criteria
    )


def total(criteria, chosen):
    """(points, out of) for the level index chosen per criterion (`chosen`: a list, None
    where no level is chosen yet)."""
    points = sum(
        c.levels[index].points
        for c, index in zip(criteria, chosen, strict=True)
        if index is not None
    )
    return points, sum(c.most for c in criteria)


def stored(criteria):
    """Criteria as JSON data (`Assignment.rubric`)."""
    return [
        {"name": c.name, "levels": [[level.label, level.points] for level in c.levels]}
        for c in criteria
    ]


def loaded(data):
    """Criteria from `stored` data."""
    return [
        Criterion(item["name"], tuple(Level(label, points) for label, points in item["levels"]))
        for item in data
    ]
