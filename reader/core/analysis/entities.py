"""From the pipeline's named-entity spans to entities a reader recognises.

spaCy's small English model tags each span in isolation. A reader sees one person in "John
Kerry", "Kerry" and "Secretary of State John Kerry", and one kind for a place however a single
sentence confused it. This module defines the raw mention (`RawMention`) and how one is
cleaned and compared, and groups mentions into `Entity` objects: exact spellings first, then short
forms into the full names they stand for. Finding the mentions in the parse, and mending the
model's common slips there, is `mentions.py`'s job.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.core.analysis.gender import is_first_name, name_gender
from reader.core.analysis.lexicon import (
    COMPANY_DESIGNATORS,
    INVERTIBLE_HEADS,
    LEGAL_FORMS,
    NAME_EQUIVALENTS,
    NAME_PARTICLES,
    PERSON_TITLES,
    POLITY_WORDS,
    RANK_TITLES,
)
from reader.core.analysis.model import Entity, EntityKind, Mention
from reader.core.analysis.names import normal_form, strip_title

KIND_OF_LABEL: dict[str, EntityKind] = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANISATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
    "NORP": EntityKind.GROUP,
    "EVENT": EntityKind.EVENT,
    "WORK_OF_ART": EntityKind.OTHER,
    "LAW": EntityKind.OTHER,
    "PRODUCT": EntityKind.OTHER,
    "LANGUAGE": EntityKind.OTHER,
}
"""spaCy's OntoNotes labels that name things; DATE, TIME, MONEY, CARDINAL... are not entities."""


@dataclass(slots=True)
class RawMention:
    """A span the pipeline (or a mend) named, before grouping."""

    start: int
    end: int
    text: str
    label: str
    """spaCy's label, or one set by a mend."""
    weight: float = 1.0
    """How much this mention's label counts in the kind vote (title-case lines count less)."""
    group_hint: str = ""
    """A name to group by instead of `text` (set for well-known equivalents: "ISIS")."""
    title: str = ""
    """The word just before the mention, which may be a title the model left out ("Mr")."""
    common_first: bool = False
    """One word first in its sentence that the tagger reads as a common word ("Gunmen")."""
    known_word: bool = True
    """A word the dictionary holds ("Washington", "Jordan"), or not known to be otherwise."""


def _with_rank(name: str, group: Sequence[RawMention]) -> str:
    """A one-word name with the rank most of its mentions give it: "Mary" written "Princess
    Mary" in most places is called so in the pane, as the text calls her."""
    if len(name.split()) != 1:
        return name
    ranks: Counter[str] = Counter()
    for mention in group:
        words = mention.text.split()
        if len(words) == 2 and words[0].lower() in RANK_TITLES:
            ranks[words[0]] += 1
        elif len(words) == 1 and mention.title.lower() in RANK_TITLES:
            ranks[mention.title] += 1
    if not ranks:
        return name
    rank, count = ranks.most_common(1)[0]
    if count * 2 < len(group) or not rank[:1].isupper():
        return name
    return f"{rank} {name}"


def _group_key(text: str, kind_hint: EntityKind) -> str:
    """Names that are the same word in the singular and plural ("Syrian", "Syrians")."""
    # "TimeWarner" and "Time Warner", "Jazz & Heritage" and "Jazz and Heritage", "U.N." and "UN".
    key = re.sub(r"[\s.\-'’]+", "", normal_form(text).replace("&", "and"))
    if kind_hint is EntityKind.GROUP and len(key) > 4:
        # "Syrians" and "Syrian", "Kurds" and "Kurdish": one people.
        for suffix in ("ish", "s"):
            if key.endswith(suffix):
                return key[: -len(suffix)]
    return key


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _acronym_key(text: str) -> str:
    return text.replace(".", "").replace(" ", "")


def merge_equivalents(mentions: list[RawMention]) -> list[RawMention]:
    """Relabel mentions of well-known equivalent names to one spelling's kind.

    The model cannot know that "ISIS" and "Islamic State" are one organisation; once two
    spellings of a `NAME_EQUIVALENTS` set appear, all their mentions take the kind most of them
    were given and group under the most used spelling (`RawMention.group_hint`).
    """
    groups: dict[int, list[RawMention]] = defaultdict(list)
    for mention in mentions:
        key = normal_form(mention.text)
        for index, names in enumerate(NAME_EQUIVALENTS):
            if key in names:
                groups[index].append(mention)
    for group in groups.values():
        if len({normal_form(m.text) for m in group}) < 2:
            continue
        vote = Counter(m.label for m in group)
        label = vote.most_common(1)[0][0]
        canonical = max(
            group, key=lambda m: (sum(1 for n in group if n.text == m.text), len(m.text))
        ).text
        for mention in group:
            mention.label = label
            mention.group_hint = canonical
    return mentions


def group_mentions(
    mentions: Iterable[RawMention], text_length: int, *, title_end: int = 0, text: str = ""
) -> list[Entity]:
    """Group raw mentions into entities, name and classify each, most salient first.

    Mentions are first grouped by their exact (normalised) text and each group's kind is voted;
    then short forms are merged into the full name they stand for, each step seeing the merges
    of the ones before it.

    Args:
        mentions: every raw mention, in any order; overlapping ones are resolved longest first.
        text_length: the article's length, to weigh early mentions more for salience.
        title_end: mentions before this offset are in the headline and count double.
        text: the article's text, to read an acronym defined in brackets after a name.
    """
    kept = _resolve_overlaps(mentions)
    _assign_shared_surnames(kept)
    grouping = _Grouping.of(kept)
    _merge_titled_people(grouping)
    _merge_short_names(grouping)
    _merge_partial_names(grouping)
    organisations = grouping.keys_of(EntityKind.ORGANISATION)
    _merge_organisation_tails(grouping, organisations)
    _merge_other_forms(grouping, kept, text)
    _merge_acronyms(grouping, organisations)
    return _entities(grouping, text_length, title_end)


@dataclass
class _Grouping:
    """An article's mentions in exact groups, and the short forms merged into full names so far.

    The merges are a union-find forest over the group keys: a short form's group points at the
    full name's, and a group's `root` is the entity it ends up in.
    """

    by_key: dict[str, list[RawMention]]
    """Mentions grouped by their squeezed normal form (`_group_key`)."""
    kinds: dict[str, EntityKind]
    """Each exact group's voted kind."""
    words: dict[str, list[str]]
    """Each group's spelled-out name, word by word: the keys are squeezed, so words compare here."""
    keys: list[str]
    """Every group key, the longest names first: the order the merges visit them in."""
    parent: dict[str, str] = field(default_factory=dict)
    """A merged group's key → the key of the group it was put under."""

    @classmethod
    def of(cls, kept: Iterable[RawMention]) -> _Grouping:
        """Group mentions that do not overlap by exact (normalised) text, and vote their kinds."""
        by_key: dict[str, list[RawMention]] = defaultdict(list)
        for mention in kept:
            kind = KIND_OF_LABEL[mention.label]
            by_key[_group_key(mention.group_hint or mention.text, kind)].append(mention)
        words = {key: normal_form(by_key[key][0].text).split() for key in by_key}
        return cls(
            by_key=by_key,
            kinds={key: _vote(group) for key, group in by_key.items()},
            words=words,
            keys=sorted(by_key, key=lambda key: (-len(words[key]), key)),
        )

    def keys_of(self, kind: EntityKind) -> list[str]:
        """The keys of the groups voted `kind`, longest names first."""
        return [key for key in self.keys if self.kinds[key] is kind]

    def is_merged(self, key: str) -> bool:
        """Whether `key`'s group was already put under another."""
        return key in self.parent

    def root(self, key: str) -> str:
        """The key of the group `key`'s group ends up in."""
        while key in self.parent:
            key = self.parent[key]
        return key

    def join(self, short: str, full: str) -> None:
        """Put `short`'s group under `full`'s, never making a cycle."""
        short_root, full_root = self.root(short), self.root(full)
        if short_root != full_root:
            self.parent[short_root] = full_root


def _merge_titled_people(grouping: _Grouping) -> None:
    """A person's name with a title is the name without it, when that is another person's
    group: "Secretary of State John Kerry" → "John Kerry"."""
    key_of_name = {" ".join(grouping.words[key]): key for key in grouping.by_key}
    titled_as: dict[str, list[str]] = defaultdict(list)
    for key in grouping.keys_of(EntityKind.PERSON):
        stripped = key_of_name.get(normal_form(strip_title(grouping.by_key[key][0].text)))
        if stripped is not None and stripped != key:
            titled_as[stripped].append(key)
    surnames = Counter(
        grouping.words[key][-1]
        for key in grouping.keys_of(EntityKind.PERSON)
        if len(strip_title(grouping.by_key[key][0].text).split()) > 1
    )
    for stripped, titled in titled_as.items():
        kind = grouping.kinds[stripped]
        shared = len(grouping.words[stripped]) == 1 and surnames[grouping.words[stripped][0]] > 0
        if kind is EntityKind.PERSON:
            for key in titled:
                grouping.join(key, stripped)
        elif (
            len(titled) == 1 and not shared and kind in (EntityKind.ORGANISATION, EntityKind.OTHER)
        ):
            # "Rostopchín" the model called an organisation, beside "Count Rostopchín": the
            # title says who it is (unless a family shares it: "Rostóv" is Nicholas or Ilyá).
            grouping.join(stripped, titled[0])


def _merge_short_names(grouping: _Grouping) -> None:
    """A single word that is the first or last word of exactly one longer person's name is that
    person: a surname or first name ("Kerry" → "John Kerry")."""
    full_names_with: dict[str, set[str]] = defaultdict(set)
    for other in grouping.keys_of(EntityKind.PERSON):
        words = grouping.words[other]
        if len(words) > 1:
            full_names_with[words[0]].add(other)
            full_names_with[_last_name(words[-1])].add(other)
    for key in grouping.keys:
        # "Mrs Thatcher" is the one word "Thatcher" to match: a courtesy title is no name.
        words = normal_form(strip_title(grouping.by_key[key][0].text)).split()
        if grouping.is_merged(key) or len(words) != 1:
            continue
        kind = grouping.kinds[key]
        if kind not in (EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.PLACE):
            continue  # "Dell" the product of one word, "Michael Dell" its founder
        candidates = {grouping.root(other) for other in full_names_with.get(words[0], ())}
        candidates.discard(grouping.root(key))
        if len(candidates) == 1:
            (target,) = candidates
            if kind is EntityKind.PERSON or _mostly_person_context(grouping.by_key[key]):
                grouping.join(key, target)
        elif (
            len(candidates) > 1
            and kind is EntityKind.ORGANISATION
            and _mostly_person_context(grouping.by_key[key])
        ):
            # "Rostóv" beside "Nicholas Rostóv" and "Count Rostóv": a family's surname said
            # alone is one of them, which one the words around it tell; a person all the same.
            grouping.kinds[key] = EntityKind.PERSON


def _merge_partial_names(grouping: _Grouping) -> None:
    """A person's name of several words that is one longer name less its middle ("Te Kaurinui
    Parata" of "Te Kaurinui Robert Parata"), or a surname with its particle ("De Miranda" of
    "Luis de Miranda"), is that person, when only one name fits."""
    people = [key for key in grouping.keys_of(EntityKind.PERSON) if len(grouping.words[key]) > 1]
    for key in people:
        short = grouping.words[key]
        fits = {
            grouping.root(other)
            for other in people
            if len(grouping.words[other]) > len(short)
            and _part_of_name(short, grouping.words[other])
        }
        fits.discard(grouping.root(key))
        if len(fits) == 1 and not grouping.is_merged(key):
            grouping.join(key, next(iter(fits)))


def _part_of_name(short: list[str], full: list[str]) -> bool:
    if short[0] in NAME_PARTICLES:
        return full[-len(short) :] == short
    if short[0] != full[0] or short[-1] != full[-1]:
        return False
    remaining = iter(full)
    return all(word in remaining for word in short)  # in order, gaps allowed


_PLACE_LABELS = frozenset(["GPE", "LOC", "FAC", "NORP"])
_TITLES = PERSON_TITLES | RANK_TITLES


def _assign_shared_surnames(mentions: Sequence[RawMention]) -> None:
    """A surname two people share ("John Smith" and "Mary Smith") stands, at each mention, for
    the one a title says ("Mrs Smith" is the woman), else the one named last before it (else
    first after): a grouping by spelling alone would make a third person "Smith" of them."""
    full: dict[str, list[RawMention]] = defaultdict(list)
    alone: Counter[str] = Counter()
    for mention in mentions:
        words = strip_title(mention.text).split()
        if mention.label == "PERSON" and len(words) > 1:
            full[normal_form(_last_name(words[-1]))].append(mention)
        elif mention.label == "PERSON" and len(words) == 1:
            alone[normal_form(_last_name(words[-1]))] += 1
    for mention in mentions:
        words = mention.text.split()
        if mention.label in _PLACE_LABELS or len(strip_title(mention.text).split()) != 1:
            continue  # "Washington" the place stays a place whoever shares the name
        surname = normal_form(_last_name(words[-1]))
        owners = full.get(surname, [])
        if mention.label != "PERSON" and (
            alone[surname] or any(o.text.split()[0].lower() in _TITLES for o in owners)
        ):
            continue  # a mistyped "Parata" is shared out only among untitled full names
        if alone[surname] >= DOMINANT_ALONE and alone[surname] >= 10 * len(owners):
            # A novel's "Kutúzov", alone five hundred times: the name a character goes by,
            # not a surname to share out among the few full names that end in it.
            continue
        names = {normal_form(strip_title(owner.text)): owner for owner in owners}
        if len(names) < 2:
            continue
        said = name_gender(mention.text, before=mention.title)
        fitting = [
            owner
            for owner in owners
            if said is None or name_gender(strip_title(owner.text)) in (said, None)
        ] or owners
        before = [owner for owner in fitting if owner.start < mention.start]
        chosen = before[-1] if before else min(fitting, key=lambda owner: owner.start)
        mention.group_hint = strip_title(chosen.text)
        mention.label = "PERSON"  # two people's surname: one of them, whatever the model said


def _merge_organisation_tails(grouping: _Grouping, organisations: Sequence[str]) -> None:
    """A shorter organisation name that ends a longer one ("Jazz & Heritage Foundation" in
    "New Orleans Jazz and Heritage Foundation") is that organisation, if only one fits."""
    long_names = {
        key: [word.replace("&", "and") for word in grouping.words[key]]
        for key in organisations
        if len(grouping.words[key]) > 1
    }
    for key, short in long_names.items():
        fits = {
            grouping.root(other)
            for other, longer in long_names.items()
            if len(longer) > len(short) and longer[-len(short) :] == short
        }
        if len(fits) == 1:
            grouping.join(key, next(iter(fits)))


def _merge_other_forms(grouping: _Grouping, kept: Sequence[RawMention], text: str) -> None:
    """Forms of one name that differ by more than a title or a surname: an acronym defined in
    brackets, a company's short name, a state's formal name, a head put first or last, and a
    plural."""
    if text:
        _merge_defined_acronyms(grouping, kept, text)
    key_of_words = {" ".join(grouping.words[key]): key for key in grouping.keys}
    for key in grouping.keys:
        if grouping.is_merged(key):
            continue
        kind = grouping.kinds[key]
        words = grouping.words[key]
        target = _same_name_otherwise(words, key_of_words, kind is EntityKind.PERSON)
        # Never one person into another ("Williams" is not "William"); a family's plural
        # the model took for an organisation is the family ("the Rostóvs", "Rostóv").
        persons = (kind, grouping.kinds[target] if target else None).count(EntityKind.PERSON)
        if target is not None and target != key and persons < 2:
            grouping.join(key, target)
    _merge_company_short_names(grouping)


def _same_name_otherwise(
    words: Sequence[str], key_of_words: dict[str, str], person: bool
) -> str | None:
    """The key of another spelling of the same name, if the article uses one: "Kingdom of
    Cambodia" → "Cambodia", "Department of Defense" → "Defense Department", "Macs" → "Mac"
    (a plural the model took for a person's name too)."""
    if "of" in words and not person:
        split = words.index("of")
        before, after = words[:split], list(words[split + 1 :])
        if after and after[0] == "the":
            after = after[1:]
        if after and before and all(word in POLITY_WORDS for word in before):
            return key_of_words.get(" ".join(after))
        if after and len(before) == 1 and before[0] in INVERTIBLE_HEADS:
            return key_of_words.get(" ".join([*after, before[0]]))
    last = words[-1] if words else ""
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        return key_of_words.get(" ".join([*words[:-1], last[:-1]]))
    return None


def _merge_company_short_names(grouping: _Grouping) -> None:
    """An organisation's short name is its full name when the rest of the full name only says
    what sort of company or institution it is: "WhiteWave" is "WhiteWave Foods", "Whole Foods"
    is "Whole Foods Market", "Florida State" is "Florida State University". The full name
    comes first, as writers introduce a company; a short name used before it may be another
    body of the same name ("Arduino" before "Arduino SRL" and "Arduino LLC")."""
    organisations = grouping.keys_of(EntityKind.ORGANISATION)
    first = {key: min(mention.start for mention in group) for key, group in grouping.by_key.items()}
    for key in grouping.keys:
        if grouping.is_merged(key) or grouping.kinds[key] not in (
            EntityKind.ORGANISATION,
            EntityKind.PERSON,
            EntityKind.OTHER,
        ):
            continue
        short = grouping.words[key]
        fits = {
            grouping.root(other)
            for other in organisations
            if other != key
            and len(grouping.words[other]) > len(short)
            and grouping.words[other][: len(short)] == short
            and (first[other] < first[key] or grouping.words[other][-1] not in LEGAL_FORMS)
            and all(word in COMPANY_DESIGNATORS for word in grouping.words[other][len(short) :])
        }
        if len(fits) == 1:
            (target,) = fits
            for mention in grouping.by_key[key]:
                mention.label = "ORG"  # the designator says what it is, whatever the model did
            grouping.kinds[key] = EntityKind.ORGANISATION
            grouping.join(key, target)


_ACRONYM = re.compile(r"[A-Z][A-Za-z&]{1,7}")


def _merge_defined_acronyms(grouping: _Grouping, kept: Sequence[RawMention], text: str) -> None:
    """An acronym in brackets straight after a name stands for that name, whatever its
    letters spell: "the Democratic Union Party (PYD)", "Kurdish Workers' Party (PKK)"."""
    key_of: dict[int, str] = {}
    for key, group in grouping.by_key.items():
        for mention in group:
            key_of[id(mention)] = key
    by_end = {mention.end: mention for mention in kept}
    for mention in kept:
        if not (
            _ACRONYM.fullmatch(mention.text)
            and sum(char.isupper() for char in mention.text) >= 2
            and text[mention.end : mention.end + 1] == ")"
        ):
            continue
        opening = text.rfind("(", max(0, mention.start - 3), mention.start)
        if opening < 0 or text[opening + 1 : mention.start].strip():
            continue
        named = by_end.get(len(text[:opening].rstrip()))
        if named is None or KIND_OF_LABEL[named.label] is EntityKind.PERSON:
            continue
        short, full = key_of[id(mention)], key_of[id(named)]
        if short != full and not grouping.is_merged(short):
            grouping.join(short, full)


def _merge_acronyms(grouping: _Grouping, organisations: Sequence[str]) -> None:
    """An acronym is the one organisation whose initials it spells ("UN" ↔ "United Nations")."""
    acronyms: dict[str, list[str]] = defaultdict(list)
    for key in organisations:
        name_words = grouping.by_key[key][0].text.split()
        # "International Business Machines Corp.": its initials leave out the designator.
        while len(name_words) > 2 and name_words[-1].lower().strip(",") in COMPANY_DESIGNATORS:
            name_words = name_words[:-1]
        # "US Securities Exchange Commission (SEC)": the acronym may skip a leading word.
        for first in range(len(name_words) - 1):
            acronyms[_initials(" ".join(name_words[first:])).casefold()].append(key)
    for key in grouping.keys:
        if grouping.is_merged(key):
            continue
        text = grouping.by_key[key][0].text
        if text.replace(".", "").isupper() and len(_acronym_key(text)) >= 2:
            targets = list(dict.fromkeys(acronyms.get(_acronym_key(text).casefold(), [])))
            if len(targets) == 1:
                grouping.join(key, targets[0])


def _entities(grouping: _Grouping, text_length: int, title_end: int) -> list[Entity]:
    """One entity per merged group, most salient first, with unique ids."""
    groups: dict[str, list[RawMention]] = defaultdict(list)
    for key, group in grouping.by_key.items():
        groups[grouping.root(key)].extend(group)
    # A group led by a person's full name is a person, whatever its short forms were tagged.
    entities = [
        _entity(
            group,
            text_length,
            title_end,
            EntityKind.PERSON if grouping.kinds[key] is EntityKind.PERSON else None,
        )
        for key, group in groups.items()
    ]
    entities.sort(key=lambda entity: (-entity.salience, entity.name))
    return _unique_ids(entities)


KIND_PREFERENCE = (
    EntityKind.PERSON,
    EntityKind.PLACE,
    EntityKind.ORGANISATION,
    EntityKind.GROUP,
    EntityKind.EVENT,
    EntityKind.OTHER,
)
"""On a tied vote, the kinds the small model confuses least win: a name tagged a person as
often as an organisation is more often a person."""


USE_WEIGHT = 3.0
"""The weight of a mention whose kind its use told (`mentions._label_by_use`); two or more such
mentions decide a name's kind."""

DECISIVE_WEIGHT = 50.0
"""The weight of a mention whose use settles its kind outright ("Qualcomm (NASDAQ: QCOM)" is
a company however often the model called it a person)."""

DOMINANT_ALONE = 20
"""A name used alone at least this often, and ten times as often as the full names ending in
it, is a name someone goes by, not a surname shared among those full names."""

RARE_FORM_SHARE = 20
"""A form used fewer than 1 in this many times as the commonest is not chosen as the name."""


def _vote(group: Sequence[RawMention]) -> EntityKind:
    """The kind most of a group's mentions were given, weighted (a place labelled an
    organisation in one sentence and a place in three is a place)."""
    tally: dict[EntityKind, float] = defaultdict(float)
    # How a name is used ("said Natásha", "in Bangalore") tells its kind better than the
    # model's tags, which repeat one guess at every mention: a few uses settle the vote.
    used = [mention for mention in group if mention.weight >= USE_WEIGHT]
    for mention in used if len(used) >= 2 else group:
        tally[KIND_OF_LABEL[mention.label]] += mention.weight
    return max(tally, key=lambda kind: (tally[kind], -KIND_PREFERENCE.index(kind)))


def _last_name(last: str) -> str:
    # Arabic and Dutch-style particles: "al-Assad" is also "Assad".
    for particle in ("al-", "el-", "ad-", "as-", "ash-", "bin-"):
        if last.startswith(particle):
            return last[len(particle) :]
    return last


def _mostly_person_context(group: Sequence[RawMention]) -> bool:
    """A one-word name the model tagged an organisation can still be a surname ("Wein" after
    "George Wein"); one it tagged a place or a group is not ("Washington"), unless that was one
    slip among many mentions (a tenth at most: a novel's "Denísov" tagged a city once); nor is
    one whose use showed it is no person ("Apple (NASDAQ: AAPL)"). A surname the model took
    for a place the dictionary does not know ("Cuartielles") is a surname all the same."""
    if any(m.weight >= USE_WEIGHT and m.label != "PERSON" for m in group):
        return False
    places = sum(1 for mention in group if mention.label in {"GPE", "LOC", "NORP"})
    if places and not any(mention.known_word for mention in group):
        return True  # "Cuartielles" tagged a city: no place the dictionary knows
    return places == 0 or (len(group) >= 10 and places * 10 <= len(group))


def _resolve_overlaps(mentions: Iterable[RawMention]) -> list[RawMention]:
    """Keep the longest of overlapping mentions, in reading order."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[RawMention] = []
    for mention in ordered:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _entity(
    group: list[RawMention], text_length: int, title_end: int, kind: EntityKind | None = None
) -> Entity:
    group.sort(key=lambda mention: mention.start)
    kind = kind or _vote(group)
    forms = Counter(mention.text for mention in group)
    if kind is EntityKind.PERSON:
        candidates = [strip_title(form) for form in forms]
        counts = Counter({strip_title(form): 0 for form in forms})
        for form, count in forms.items():
            counts[strip_title(form)] += count
    else:
        candidates = list(forms)
        counts = forms
    # In a book, a form used once among hundreds of mentions is more often a slip of the
    # model's ("Kiev Pierre") than the fullest name: the name is chosen among common forms,
    # and full names that open with a given name ("Edward Norton Lorenz", introduced once).
    top = max(counts.values())
    common = [
        form
        for form in candidates
        if counts[form] * RARE_FORM_SHARE >= top
        or (kind is EntityKind.PERSON and " " in form and is_first_name(form.split()[0]))
    ]
    # The fullest form: most words, then most used, then not in capitals (a photo credit's
    # "REUTERS" is "Reuters"), then first seen.
    name = max(
        common or candidates,
        key=lambda form: (
            len(form.split()),
            counts[form],
            not form.isupper() or len(form) <= 5,
            -candidates.index(form),
        ),
    )
    if kind is EntityKind.PERSON:
        name = _with_rank(name, group)
    aliases = tuple(form for form, _ in forms.most_common() if form != name)
    salience = 0.0
    for mention in group:
        early = 1.0 - mention.start / max(text_length, 1)
        salience += (2.0 if mention.start < title_end else 1.0) + 0.5 * early
    mentions = tuple(Mention(m.start, m.end, m.text) for m in group)
    return Entity(
        id=_slug(f"{kind.value}-{name}"),
        name=name,
        kind=kind,
        aliases=aliases,
        mentions=mentions,
        salience=salience,
    )


def _slug(text: str) -> str:
    folded = normal_form(text)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "entity"


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    seen: Counter[str] = Counter()
    unique: list[Entity] = []
    for entity in entities:
        seen[entity.id] += 1
        if seen[entity.id] > 1:
            entity = Entity(
                id=f"{entity.id}-{seen[entity.id]}",
                name=entity.name,
                kind=entity.kind,
                aliases=entity.aliases,
                mentions=entity.mentions,
                salience=entity.salience,
            )
        unique.append(entity)
    return unique
