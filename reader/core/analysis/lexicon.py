"""The words the analysis rules know: titles, name heads, reporting verbs and the like.

Plain data, kept apart from the rules that use them so a newcomer tuning a list finds it in one
place, and so adding a word never means reading the code around it. Every word is lower case;
callers compare against `token.lower_` or a folded name. This module imports nothing of the
analysis, so any rule module may use it.
"""

from __future__ import annotations

# -- names -------------------------------------------------------------------------------

PERSON_TITLES = frozenset(
    [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sir",
        "dame", "lord", "lady", "rev", "rev.", "gen", "gen.", "col", "col.", "capt", "capt.",
        "sgt", "sgt.", "lt", "lt.", "sen", "sen.", "rep", "rep.", "gov", "gov.", "president",
        "president-elect", "vice-president", "secretary", "minister", "senator", "judge",
        "justice", "chancellor", "premier", "king", "queen", "prince", "princess", "pope",
        "saint", "st", "st.", "chairman", "chairwoman", "ceo", "chief", "director", "officer",
        "spokesman", "spokeswoman", "spokesperson", "professor", "commissioner", "mayor",
        "ambassador", "general", "colonel", "captain", "sergeant", "lieutenant",
    ]
)  # fmt: skip
"""Titles before a name, not part of it ("President Obama" is "Obama")."""

LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
"""Determiners the model sometimes includes in a name; "the Syrian Observatory" is the same
organisation as "Syrian Observatory"."""

SOCIAL_NETWORKS = frozenset(
    {
        "twitter",
        "facebook",
        "instagram",
        "youtube",
        "tiktok",
        "telegram",
        "whatsapp",
        "reddit",
        "linkedin",
        "snapchat",
        "weibo",
        "wechat",
        "threads",
        "bluesky",
        "mastodon",
        "truth social",
    }
)
"""Platforms the small model often tags as people ("posted on Twitter"): they are companies."""

NAME_EQUIVALENTS: tuple[frozenset[str], ...] = (
    frozenset({"isis", "isil", "islamic state", "daesh", "is"}),
    frozenset({"u.s.", "us", "united states", "u.s", "usa", "united states of america"}),
    frozenset({"u.k.", "uk", "united kingdom", "britain", "great britain"}),
    frozenset({"u.n.", "un", "united nations"}),
    frozenset({"eu", "e.u.", "european union"}),
    frozenset({"nato", "north atlantic treaty organization"}),
    frozenset({"fed", "federal reserve", "federal reserve board", "federal reserve system"}),
)
"""Well-known names news writers use interchangeably; world knowledge the model lacks."""

# -- kinds -------------------------------------------------------------------------------

EVENT_HEADS = frozenset(
    [
        "festival", "fest", "games", "olympics", "championship", "championships", "cup", "war",
        "summit", "conference", "election", "elections", "marathon", "tournament", "open",
        "expo", "fair", "carnival", "parade", "world-cup", "awards", "oscars", "emmys",
        "grammys", "baftas", "globes",
    ]
)  # fmt: skip
"""Last words that make a name an event ("Newport Jazz Festival")."""

PLACE_HEADS = frozenset(
    [
        "street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard",
        "blvd", "lane", "square", "bridge", "park", "airport", "station", "river", "lake",
        "mountain", "mountains", "island", "islands", "valley", "county", "province",
        "district", "city",
    ]
)  # fmt: skip
"""Last words that make a name a place, a facility unless the model said a country or city."""

AWARD_HEADS = frozenset(["prize", "award", "medal", "trophy"])
"""Last words that make a name an award, a named thing ("Nobel Prize", "Presidential Medal of
Freedom"); the ceremonies ("the Oscars", "… Awards") are events."""

CEREMONIES = frozenset(
    ["oscars", "emmys", "grammys", "baftas", "tonys", "golden globes", "brits", "oliviers"]
)
"""Award ceremonies named by their award in the plural: events, not places or companies."""

AWARD_SUFFIXES = frozenset(["winner", "winning", "nominated", "nominee", "winners", "nominees"])
"""What follows an award's name in "Oscar-winner", "Emmy-nominated": the award is an event."""

LAW_HEADS = frozenset(
    ["bill", "act", "treaty", "accord", "accords", "convention", "directive", "amendment"]
)
"""Last words that make a name a law or treaty ("Assisted Dying Bill")."""

ORG_HEADS = frozenset(
    [
        "foundation",
        "society",
        "association",
        "institute",
        "university",
        "college",
        "company",
        "corporation",
        "corp",
        "corp.",
        "inc",
        "inc.",
        "ltd",
        "ltd.",
        "plc",
        "group",
        "agency",
        "council",
        "committee",
        "commission",
        "party",
        "alliance",
        "union",
        "bank",
        "fund",
        "trust",
        "ministry",
        "department",
        "court",
        "church",
        "network",
        "bureau",
        "board",
        "authority",
        "federation",
        "league",
        "club",
        "center",
        "centre",
        "laboratory",
        "laboratories",
        "labs",
        "academy",
        "school",
        "press",
        "llc",
        "srl",
        "gmbh",
        # sports clubs ("Manchester United", "Blackburn Rovers", "Tottenham Hotspur")
        "united",
        "rovers",
        "wanderers",
        "athletic",
        "fc",
        "afc",
        "hotspur",
        "albion",
    ]
)
"""Last words that make a name an organisation. With the three lists above: the last word of a
name says its kind whatever the model guessed: "Newport Jazz Festival" is an event, "N. Rampart
St." a place, "Helis Foundation" an organisation."""

LEGAL_FORMS = frozenset(
    [
        "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "lp", "llp",
        "sa", "ag", "nv", "bv", "gmbh", "srl", "spa", "s.a.", "n.v.",
    ]
)  # fmt: skip
"""A company's legal form ("Inc.", "LLC", "SRL"): it tells two bodies of one name apart."""

COMPANY_DESIGNATORS = LEGAL_FORMS | frozenset(
    [
        # what a company or institution adds to its short name
        "group", "holdings", "company", "corporation", "companies", "international",
        "entertainment", "foods", "market", "markets", "stores", "industries",
        "technologies", "systems", "airlines", "airways", "motors", "pharmaceuticals",
        "communications", "networks", "media", "brands", "enterprises", "partners",
        "capital", "financial", "energy", "resources", "university", "college", "institute",
        "center", "centre", "news",
    ]
)  # fmt: skip
"""Words an organisation's full name adds to the short name it goes by: "WhiteWave" is
"WhiteWave Foods", "Florida State" is "Florida State University", "Smart Projects" is "Smart
Projects SRL"."""

POLITY_WORDS = frozenset(
    [
        "kingdom", "republic", "state", "commonwealth", "principality", "sultanate",
        "emirate", "federation", "grand", "duchy", "islamic", "people's", "democratic",
        "federal", "united", "socialist", "arab", "union",
    ]
)  # fmt: skip
"""Words of a state's formal name before "of": "Kingdom of Cambodia" is Cambodia."""

INVERTIBLE_HEADS = frozenset(
    ["department", "ministry", "office", "bureau", "agency", "board", "commission", "service"]
)
"""Heads an organisation's name puts first or last: "Department of Defense" is the "Defense
Department"."""

APPOSITIVE_KINDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "agency",
            "group",
            "company",
            "firm",
            "newspaper",
            "paper",
            "organisation",
            "organization",
            "network",
            "charity",
            "party",
            "militia",
            "channel",
            "outlet",
            "broadcaster",
            "website",
            "site",
            "magazine",
            "union",
            "bank",
            "startup",
            "manufacturer",
            "maker",
            "brand",
            "publisher",
            "retailer",
            "carrier",
            "airline",
            "insurer",
            "giant",
            "conglomerate",
            "studio",
            "club",
            "team",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        ["city", "town", "village", "province", "region", "country", "state", "capital"], "GPE"
    ),
    **dict.fromkeys(
        [
            "president",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "minister",
            "director",
            "chairman",
            "chairwoman",
            "author",
            "co-author",
            "professor",
            "analyst",
            "official",
            "leader",
            "founder",
            "ceo",
            "secretary",
            "head",
            "member",
            "physicist",
            "scientist",
            "researcher",
            "economist",
            "lawyer",
            "attorney",
            "senator",
            "governor",
            "mayor",
            "executive",
            "manager",
            "chief",
            "coach",
            "player",
            "actor",
            "singer",
            "writer",
            "editor",
            "reporter",
        ],
        "PERSON",
    ),
}
"""Names the model missed, told by the noun set beside them: "Amaq, an ISIS-linked media
agency", "Demetric Mercadel, president of the board"."""

# -- headlines ---------------------------------------------------------------------------

TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "via",
        "with",
        "vs",
    ]
)
"""Short words a Title-Case headline leaves in lower case ("Kerry Meets Lavrov in Geneva")."""

# -- quotes ------------------------------------------------------------------------------

SUBJECT_PRONOUNS = frozenset({"he", "she"})
"""Pronouns resolved to a person named before them who agrees with them."""

PRONOUN_GENDER: dict[str, str] = {
    **dict.fromkeys(["he", "him", "his", "himself"], "m"),
    **dict.fromkeys(["she", "her", "hers", "herself"], "f"),
}
"""Third-person singular pronouns and the gender they refer to."""

GENDERED_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "mr",
            "mr.",
            "sir",
            "lord",
            "king",
            "prince",
            "count",
            "duke",
            "baron",
            "monsieur",
            "m.",
            "husband",
            "father",
            "son",
            "brother",
            "uncle",
            "nephew",
            "grandfather",
            "grandson",
            "stepfather",
            "stepson",
            "boyfriend",
            "fiancé",
            "man",
            "boy",
            "dad",
            "spokesman",
            "chairman",
            "businessman",
            "congressman",
            "widower",
            "actor",
        ],
        "m",
    ),
    **dict.fromkeys(
        [
            "mrs",
            "mrs.",
            "ms",
            "ms.",
            "miss",
            "dame",
            "lady",
            "queen",
            "princess",
            "countess",
            "duchess",
            "baroness",
            "madame",
            "mme",
            "mme.",
            "mlle",
            "wife",
            "mother",
            "daughter",
            "sister",
            "aunt",
            "niece",
            "grandmother",
            "granddaughter",
            "stepmother",
            "stepdaughter",
            "girlfriend",
            "fiancée",
            "woman",
            "girl",
            "mum",
            "mom",
            "spokeswoman",
            "chairwoman",
            "businesswoman",
            "congresswoman",
            "widow",
            "actress",
        ],
        "f",
    ),
}
"""Titles and nouns that say a person's gender ("Mrs Smith", "his wife, Mary Smith", "the
actress"): one of the clues, with first names and pronouns, for whom "she said" means."""

PERSON_NOUNS = frozenset(
    [noun for noun, label in APPOSITIVE_KINDS.items() if label == "PERSON"]
    + list(GENDERED_WORDS)
    + [
        "person",
        "official",
        "victim",
        "witness",
        "resident",
        "neighbour",
        "neighbor",
        "officer",
        "owner",
        "teacher",
        "doctor",
        "nurse",
        "student",
        "star",
        "veteran",
        "candidate",
        "judge",
        "prosecutor",
        "detective",
        "pilot",
        "captain",
        "winner",
    ]
)
"""Nouns that describe a person: "the 41-year-old", "the actor" and "his wife" stand for a
person named earlier, as "the company" stands for an organisation."""

ORGANISATION_NOUNS = frozenset(
    [noun for noun, label in APPOSITIVE_KINDS.items() if label == "ORG"]
    + sorted(ORG_HEADS)
    + [
        "government",
        "ministry",
        "department",
        "police",
        "army",
        "military",
        "administration",
        "campaign",
        "school",
        "hospital",
        "business",
        "organisers",
        "organizers",
        "body",
    ]
)
"""Nouns that describe an organisation: "the company said" is the company named earlier."""


NAME_TITLES = frozenset(
    [
        "mr", "mrs", "ms", "miss", "dr", "monsieur", "madame", "mademoiselle", "herr",
        "frau", "señor", "señora", "signor", "signora", "count", "countess", "baron",
        "baroness", "prince", "princess", "tsar", "tsarina", "emperor", "empress",
        "archduke", "marshal", "sir", "dame",
    ]
)  # fmt: skip
"""Titles that only ever stand before a person's name ("Count Bezúkhov", "Mrs Smith"); not
"General" or "Duke", which also begin companies ("General Electric")."""

SECTION_WORDS = frozenset(
    [
        "chapter", "book", "part", "volume", "section", "epilogue", "prologue", "preface",
        "introduction", "contents", "appendix", "canto", "act", "scene", "footnotes",
    ]
)  # fmt: skip
"""Words that divide a book ("CHAPTER I", "BOOK ONE"): a heading made of them names nothing."""

RANK_TITLES = frozenset(
    [
        "prince", "princess", "king", "queen", "emperor", "empress", "tsar", "tsarina",
        "pope", "count", "countess", "duke", "duchess", "baron", "baroness", "archduke",
        "grand", "lord", "lady", "dame", "sir", "saint",
    ]
)  # fmt: skip
"""Titles that are part of how a person is called ("Princess Mary", "Pope Francis"), unlike
"Mr" or "Dr", which are only courtesy."""

ADDRESS_WORDS = frozenset(
    [
        "god", "lord", "mamma", "mama", "mammy", "mummy", "papa", "daddy", "uncle", "auntie",
        "aunt", "nurse", "nanny", "majesty", "excellency", "highness", "honour", "honor",
        "sire", "madam", "madame", "monsieur", "sir", "mister", "master", "mistress", "darling",
        "dear", "heaven", "emoji", "tsar", "tsarina", "emperor", "emperors", "empress",
        "hurrah", "hurray",
    ]
)  # fmt: skip
"""Words of address and kinship a capital makes look like a name ("Mamma", "Your Majesty",
"Uncle"): alone, never a person's name."""

ADDRESS_MODIFIERS = frozenset(
    ["your", "his", "her", "their", "serene", "imperial", "royal", "most", "gracious", "holy"]
)
"""Words before a word of address in a longer form of it ("Your Serene Highness")."""

GROUP_NOUNS = frozenset(
    [
        "frenchman", "frenchmen", "englishman", "englishmen", "dutchman", "dutchmen",
        "irishman", "irishmen", "scotsman", "scotsmen", "welshman", "welshmen", "cossack",
        "cossacks",
    ]
)  # fmt: skip
"""A member of a people named by one word: a group, not a person or an organisation."""

PLACE_OF_NOUNS = frozenset(
    [
        "battle", "battlefield", "field", "siege", "outskirts", "streets", "suburbs",
        "city", "town", "village", "province", "region", "residents", "inhabitants",
        "environs", "neighbourhood", "neighborhood", "countryside",
    ]
)  # fmt: skip
"""Nouns whose "of" names a place ("the battle of Borodinó", "the outskirts of Kalúga"),
whatever kind the model gave the name."""

BATTLE_NOUNS = frozenset(["battle", "victory", "defeat", "fighting", "clashes", "massacre"])
"""Nouns whose "at" names a place ("the victory at Austerlitz"); "at" alone also names
employers ("an analyst at Barclays")."""

PLACE_MODIFIED_NOUNS = frozenset(
    [
        "road", "roads", "highway", "province", "provinces", "region", "district", "gate",
        "gates", "frontier", "countryside", "coast", "hills", "valley", "suburbs",
    ]
)  # fmt: skip
"""Nouns a place's name modifies ("the Kalúga road", "Kalúga province"): the name is a
place."""

ARCHAIC_PRONOUNS = frozenset(["thy", "thee", "thou", "thine", "thyself"])
"""Pronouns capitalised when God is addressed ("Thy kingdom"): never the start of a name."""

PERSON_PARTS = frozenset(
    [
        "face", "eyes", "eye", "hand", "hands", "voice", "lips", "smile", "arm", "arms", "hair",
        "cheeks", "shoulders", "mother", "father", "wife", "husband", "sister", "brother",
        "son", "daughter", "uncle", "aunt", "cousin", "fiancé", "fiancée", "friend", "heart",
    ]
)  # fmt: skip
"""What only a person has: "Natásha's face", "Borís's mother" are a person's."""

COMPANY_PARTS = frozenset(
    [
        "shares", "stock", "stocks", "revenue", "revenues", "profit", "profits", "earnings",
        "sales", "ceo", "shareholders", "investors", "customers", "subscribers", "products",
        "stores", "subsidiary", "subsidiaries", "headquarters", "employees", "app", "brand",
        "platform", "website", "dividend", "valuation", "market", "quarterly", "ipo",
    ]
)  # fmt: skip
"""What only a company has: "Qualcomm's shares" are a company's, whatever the model said."""

STOCK_EXCHANGES = frozenset(
    ["NASDAQ", "NYSE", "NYSEMKT", "AMEX", "LSE", "LON", "TSX", "ASX", "OTC", "NASDAQGS",
     "HKEX", "SEHK", "TSE", "FTSE", "EURONEXT", "XETRA", "SIX", "BSE", "NSE", "TICKER"]
)  # fmt: skip
"""Exchanges named in a listed company's ticker, "(NASDAQ: QCOM)"."""

PLACE_PREPOSITIONS = frozenset(["in", "at", "near", "across", "throughout", "outside"])
"""Prepositions whose object, a name the model called a person, is a place ("in Bangalore")."""

NAME_PARTICLES = frozenset(
    ["de", "du", "da", "di", "von", "van", "der", "den", "la", "le", "bin", "ibn", "al", "el",
     "y", "dos", "das", "del", "ter"]
)  # fmt: skip
"""Lower-case words inside a person's name ("Ludwig van Beethoven")."""

PRODUCT_SUFFIXES = frozenset(
    ["Pro", "Max", "Plus", "Mini", "Ultra", "Lite", "Edition", "Console", "Phone", "Tablet"]
)
"""Last words of a model's name ("iPad Pro", "PS4 Pro"), as written: no person's name ends so."""

OFFICE_TITLES = frozenset(
    ["president", "president-elect", "senator", "sen", "rep", "gov", "governor", "mayor",
     "chancellor", "premier", "ambassador", "commissioner", "professor", "prof", "rev",
     "congressman", "congresswoman", "councillor", "councilman", "councilwoman"]
)  # fmt: skip
"""Offices that stand before a person's name only ("President Trump", "Mayor Bloomberg"),
whatever the name also means; unlike "General" or "Captain", which begin other names."""
