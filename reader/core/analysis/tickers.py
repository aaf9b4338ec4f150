"""A listed company's stock ticker is another name for it: "The Boeing Co. (NYSE: BA)".

Financial writing gives a company's ticker in brackets after its first mention and may use
the ticker alone later ("BA rose 2%"). The model tags the ticker as one more organisation;
here each mention of it is grouped with the company it was given for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.core.analysis.entities import RawMention
from reader.core.analysis.lexicon import STOCK_EXCHANGES

_TICKER = re.compile(
    r"\s*\(\s*(?:" + "|".join(sorted(STOCK_EXCHANGES)) + r")\s*:\s*([A-Z][A-Z.\-]{0,6})\s*\)",
    re.IGNORECASE,
)


def with_tickers(mentions: Sequence[RawMention], text: str) -> list[RawMention]:
    """The mentions, each mention of a ticker grouped with the company it was given for."""
    companies: dict[str, str] = {}
    for mention in mentions:
        match = _TICKER.match(text, mention.end)
        if match is not None and match.group(1).upper() != mention.text.upper():
            companies.setdefault(match.group(1).upper(), mention.group_hint or mention.text)
    for mention in mentions:
        company = companies.get(mention.text.upper()) if mention.text.isupper() else None
        if company is not None:
            mention.group_hint = company
            mention.label = "ORG"
    return list(mentions)
