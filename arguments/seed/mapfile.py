"""Reads a hand-built debate map (TOML) into plain data, checking its references.

The format: a `[debate]` table (slug, title, description, thesis key); `[[claims]]` with
key, text, optional speaker (an Actor slug; none marks an editorial claim), `supports` and
`attacks` (claim keys this claim is a one-premise pro or con of), `quotes`
(`{source, text, note}`, copied verbatim from the source) and `note`, the mapper's note
(which sentence states the claim and why it stands where it does), required on every
sourced claim — one with a speaker or a quote; `[[arguments]]` for co-premise
arguments and for arguments that are undercut: key, premises, stance, and `target` (a claim
key) or `target_argument` (an argument key).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAP = Path(__file__).resolve().parent / "us_china.toml"
STANCES = {"support", "attack"}


class MapError(ValueError):
    """The map file is wrong; the message names the claim or argument."""


@dataclass(frozen=True)
class Quote:
    source: str
    text: str
    note: str = ""


@dataclass
class MapClaim:
    key: str
    text: str
    speaker: str | None
    quotes: list[Quote] = field(default_factory=list)
    note: str = ""


@dataclass
class MapArgument:
    premises: list[str]
    stance: str
    target: str | None = None
    target_argument: str | None = None
    key: str | None = None


@dataclass
class DebateMap:
    slug: str
    title: str
    description: str
    thesis: str
    claims: list[MapClaim]
    arguments: list[MapArgument]


def read_map(path=DEFAULT_MAP):
    with open(path, "rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise MapError(f"{path}: {error}") from error
    return parse_map(data)


def parse_map(data):
    """A `DebateMap` from parsed TOML; raises MapError naming the first bad entry."""
    try:
        head = data["debate"]
        claims, arguments = [], []
        for row in data.get("claims", []):
            key = row["key"]
            quotes = [
                Quote(source=q["source"], text=q["text"], note=q.get("note", ""))
                for q in row.get("quotes", [])
            ]
            speaker, note = row.get("speaker") or None, row.get("note", "").strip()
            if (speaker or quotes) and not note:
                raise MapError(
                    f'claim {key!r} is sourced but has no mapper\'s note: add note = "…" '
                    "saying which sentence states it and why it stands where it does"
                )
            claims.append(MapClaim(key, row["text"], speaker, quotes, note))
            for stance, targets in (("support", "supports"), ("attack", "attacks")):
                for target in row.get(targets, []):
                    arguments.append(MapArgument(premises=[key], stance=stance, target=target))
        for row in data.get("arguments", []):
            arguments.append(
                MapArgument(
                    premises=list(row["premises"]),
                    stance=row["stance"],
                    target=row.get("target"),
                    target_argument=row.get("target_argument"),
                    key=row.get("key"),
                )
            )
        debate_map = DebateMap(
            slug=head["slug"],
            title=head["title"],
            description=head.get("description", ""),
            thesis=head["thesis"],
            claims=claims,
            arguments=arguments,
        )
    except KeyError as error:
        raise MapError(f"missing field {error}") from error
    check_references(debate_map)
    return debate_map


def check_references(debate_map):
    keys = [claim.key for claim in debate_map.claims]
    seen = set()
    for key in keys:
        if key in seen:
            raise MapError(f"claim {key!r} is defined twice")
        seen.add(key)
    if debate_map.thesis not in seen:
        raise MapError(f"the thesis {debate_map.thesis!r} is not a claim")
    argument_keys = {arg.key for arg in debate_map.arguments if arg.key}
    for arg in debate_map.arguments:
        name = arg.key or f"{'+'.join(arg.premises)} -> {arg.target}"
        if arg.stance not in STANCES:
            raise MapError(f"argument {name!r}: stance must be support or attack")
        if (arg.target is None) == (arg.target_argument is None):
            raise MapError(f"argument {name!r}: give exactly one of target, target_argument")
        for key in arg.premises:
            if key not in seen:
                raise MapError(f"argument {name!r}: unknown premise claim {key!r}")
        if arg.target is not None and arg.target not in seen:
            raise MapError(f"argument {name!r}: unknown target claim {arg.target!r}")
        if arg.target_argument is not None and arg.target_argument not in argument_keys:
            raise MapError(f"argument {name!r}: unknown target argument {arg.target_argument!r}")
