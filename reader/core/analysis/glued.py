"""Names the model glued together, told apart by the names the document uses alone.

The small model often runs one span over two names: a list ("Rostóv and Denísov",
"Dólokhov, Denísov"), a name and its neighbour ("Dólokhov to Denísov"), or a place before a
person ("Moscow Pierre"). Read alone, such a span looks like one more person. Over a whole
document the parts give themselves away: each is a name written alone elsewhere. This step
splits a span into its parts when both are, before mentions are grouped (`entities.py`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from reader.core.analysis.entities import KIND_OF_LABEL, RawMention
from reader.core.analysis.lexicon import SOCIAL_NETWORKS
from reader.core.analysis.model import EntityKind
from reader.core.analysis.names import normal_form

GLUE = re.compile(
    r"(?:,\s*|\s+(?:and|or|to|on|with|from|by|&)\s+|’s and\s+|'s and\s+|(?<=[a-z])-(?=[A-Z])"
    r"|[’']s\s+)"
)
"""What stands between two names run together: a comma, a short linking word, or a
possessive ("Verizon’s Yahoo": both must be names written alone)."""

KNOWN_ALONE = 2
"""How many times a name must be written on its own to count as one when splitting."""


def split_glued(mentions: Sequence[RawMention]) -> list[RawMention]:
    """Every mention, with those that run two names together split into the two."""
    alone = _names_written_alone(mentions)
    result: list[RawMention] = []
    for mention in mentions:
        parts = _parts(mention, alone) if " " in mention.text or "/" in mention.text else None
        result.extend(parts or [mention])
    return result


def _names_written_alone(mentions: Sequence[RawMention]) -> dict[str, tuple[str, EntityKind]]:
    """Each name of one or two words the document writes on its own at least `KNOWN_ALONE`
    times → the label and kind most of those mentions have."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for mention in mentions:
        if len(mention.text.split()) <= 2:
            labels[normal_form(mention.text)][mention.label] += 1
            # How a name is used ("said Natásha") outweighs the model's repeated guess.
            weights[normal_form(mention.text)][mention.label] += mention.weight
    known: dict[str, tuple[str, EntityKind]] = {}
    for name, tally in labels.items():
        if sum(tally.values()) >= KNOWN_ALONE:
            weighed = weights[name]
            label = max(weighed, key=lambda each: weighed[each])
            known[name] = (label, KIND_OF_LABEL[label])
    return known


def _parts(
    mention: RawMention, alone: dict[str, tuple[str, EntityKind]]
) -> list[RawMention] | None:
    """The two names `mention` runs together, or None when it is one name.

    Joined by a comma or a linking word, both parts must be names written alone. Joined by a
    space only, the first must also be a place or organisation and the second a person: "John
    Smith" is one name even where "John" and "Smith" are each written alone.
    """
    text = mention.text
    if "/" in text:
        return _credit_parts(mention)
    if (in_list := _list_parts(mention, alone)) is not None:
        return in_list
    for glue in GLUE.finditer(text):
        left, right = text[: glue.start()], text[glue.end() :]
        left_known, right_known = (_known(part, alone) for part in (left, right))
        listed = glue.group().strip() in {",", "and", "&"} and _capitalised(left, right)
        # "Netanyahu’s Likud", "Tunisia’s Bardo": a person's or a place's own thing.
        owned = (
            glue.group().strip() in {"’s", "'s"}
            and _capitalised(right)
            and alone.get(normal_form(left), ("", EntityKind.OTHER))[1]
            in (EntityKind.PERSON, EntityKind.PLACE)
        )
        if (
            left
            and right
            and ((left_known and right_known) or (listed and (left_known or right_known)) or owned)
        ):
            return [
                _part(mention, 0, len(left), alone.get(normal_form(left), (mention.label,))[0]),
                _part(
                    mention,
                    glue.end(),
                    len(text),
                    alone.get(normal_form(right), (mention.label,))[0],
                ),
            ]
    words = text.split(" ")
    for split in range(1, len(words)):
        left, right = " ".join(words[:split]), " ".join(words[split:])
        known_left, known_right = alone.get(normal_form(left)), alone.get(normal_form(right))
        if (
            known_left is not None
            and known_right is not None
            and known_left[1] in (EntityKind.PLACE, EntityKind.ORGANISATION)
            and known_right[1] is EntityKind.PERSON
        ):
            return [
                _part(mention, 0, len(left), known_left[0]),
                _part(mention, len(left) + 1, len(text), "PERSON"),
            ]
    return None


_LIST_GLUE = re.compile(r",\s+(?:and\s+|&\s+)?|\s+(?:and|&)\s+")


def _list_parts(
    mention: RawMention, alone: dict[str, tuple[str, EntityKind]]
) -> list[RawMention] | None:
    """ "Twitter, Facebook & Google": a list of three or more names, split when one of them is
    known; None when the mention is no such list."""
    text = mention.text
    glues = list(_LIST_GLUE.finditer(text))
    if len(glues) < 2:
        return None
    bounds = [0, *(edge for glue in glues for edge in glue.span()), len(text)]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    names = [text[start:end] for start, end in pieces]
    if not (_capitalised(*names) and any(_known(name, alone) for name in names)):
        return None
    return [
        _part(mention, start, end, alone.get(normal_form(text[start:end]), (mention.label,))[0])
        for start, end in pieces
    ]


def _known(name: str, alone: dict[str, tuple[str, EntityKind]]) -> bool:
    """A name written alone elsewhere, or a platform everyone knows ("Facebook & Google")."""
    return normal_form(name) in alone or normal_form(name) in SOCIAL_NETWORKS


def _capitalised(*parts: str) -> bool:
    """Whether every part is a name of one to three capitalised words."""
    return all(
        0 < len(part.split()) <= 3 and all(word[:1].isupper() for word in part.split())
        for part in parts
    )


def _credit_parts(mention: RawMention) -> list[RawMention] | None:
    """ "Richard Vogel/AP", "Thomas Coex/AFP/Getty Images": a photo credit, a person and the
    agencies, run together by slashes; a slash is never inside a name."""
    parts: list[RawMention] = []
    position = 0
    for index, piece in enumerate(mention.text.split("/")):
        stripped = piece.strip()
        if stripped and stripped[:1].isupper():
            start = position + piece.index(stripped)
            label = _credit_label(stripped, first=index == 0)
            parts.append(_part(mention, start, start + len(stripped), label))
        position += len(piece) + 1
    return parts or None


_AGENCY_WORDS = frozenset(["images", "press", "agency", "news", "photo", "photos", "pictures"])


def _credit_label(part: str, *, first: bool) -> str:
    """A credit names the photographer by their full name, then the agencies ("AP", "Getty
    Images"), each a word or a name ending in what it is."""
    words = part.split()
    if part.isupper() or words[-1].lower() in _AGENCY_WORDS or len(words) < 2:
        return "ORG"  # "AP", "Getty Images", "Bloomberg"
    return "PERSON" if first else "ORG"


def _part(mention: RawMention, start: int, end: int, label: str) -> RawMention:
    return RawMention(
        mention.start + start,
        mention.start + end,
        mention.text[start:end],
        label,
        weight=mention.weight,
        title=mention.title if start == 0 else "",
    )
