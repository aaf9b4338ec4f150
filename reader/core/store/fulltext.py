"""Full-text search over every highlight and note (SQLite FTS5, bm25 ranking)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from reader.core.store import inspection

HitKind = Literal["highlight", "note"]
"""What a hit is: a highlight (its passage and note) or a note on a whole document."""

SNIPPET_OPEN = "["
"""Put before each matched word in `SearchHit.snippet`."""
SNIPPET_CLOSE = "]"
"""Put after each matched word in `SearchHit.snippet`."""
SNIPPET_ELLIPSIS = "…"
"""Marks text cut from either end of a snippet."""
SNIPPET_TOKENS = 16
"""Words in a snippet (FTS5 allows up to 64)."""
PREFIX_MIN_LENGTH = 3
"""The shortest last word that also matches as a prefix: "t*" would match nearly every word
in the store, and expanding it takes FTS5 most of a second over 100,000 notes."""

_OPEN = "\x02"
_CLOSE = "\x03"
# Sentinels that FTS5 puts around matched words, turned into the plain delimiters and the
# ranges in `marks` afterwards, so a bracket in the text itself is never taken for a match.
_TIMEOUT = 5.0
"""Seconds to wait on a busy file, as the store does (WAL readers rarely wait at all)."""

RANKED = 30_000
"""The most matches of one index scored for a query: a word in nearly every note ("the",
which as the last word is also a prefix) is ranked among its newest `RANKED` matches. Scoring
takes about a microsecond a match, so all 93,559 matches of "the" over 100,000 notes took
181 ms; a person typing it learns nothing from which of them rank first."""

_SOURCES: tuple[tuple[HitKind, str, str, str], ...] = (
    (
        "highlight",
        "SELECT rowid FROM highlights_fts WHERE highlights_fts MATCH :query "
        "ORDER BY rowid DESC LIMIT 1 OFFSET :ranked",
        f"""
        SELECT rowid, bm25(highlights_fts) AS score,
            snippet(highlights_fts, -1, :open, :close, :ellipsis, {SNIPPET_TOKENS})
        FROM highlights_fts WHERE highlights_fts MATCH :query AND rowid > :floor
        ORDER BY score LIMIT :limit
        """,
        """
        SELECT h.rowid, h.id, h.document_id, d.title, h.exact, h.note, h.start, h."end"
        FROM highlights AS h JOIN documents AS d ON d.id = h.document_id
        WHERE h.rowid IN (SELECT value FROM json_each(:rowids))
        """,
    ),
    (
        "note",
        "SELECT rowid FROM document_notes_fts WHERE document_notes_fts MATCH :query "
        "ORDER BY rowid DESC LIMIT 1 OFFSET :ranked",
        f"""
        SELECT rowid, bm25(document_notes_fts) AS score,
            snippet(document_notes_fts, 0, :open, :close, :ellipsis, {SNIPPET_TOKENS})
        FROM document_notes_fts WHERE document_notes_fts MATCH :query AND rowid > :floor
        ORDER BY score LIMIT :limit
        """,
        """
        SELECT n.rowid, n.id, n.document_id, d.title, '', n.text, NULL, NULL
        FROM document_notes AS n JOIN documents AS d ON d.id = n.document_id
        WHERE n.rowid IN (SELECT value FROM json_each(:rowids))
        """,
    ),
)
"""For each kind of hit: the match `RANKED` places from the newest (if there are that many),
its best matches in the index newer than that, then those rows with their titles."""
# Ordering by bm25() with a LIMIT, in a statement of its own, lets SQLite keep only the best
# rows as it goes and make a snippet only for a row that enters them: a few hundred snippets
# for 20,000 matches. Joining the rows in the same statement, or nesting it in a subquery,
# makes SQLite join or snippet every match first, two to ten times slower over 100,000
# notes; FTS5's own "ORDER BY rank" sorts every match and takes up to half as long again.
# The overall best `limit` are among each kind's best `limit`. Scores from the two indexes
# are compared as they are: the same formula, and notes on whole documents are few.


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One highlight or document note that matches a full-text query."""

    document_id: str
    title: str
    """The document's title."""
    kind: HitKind
    id: str
    """The highlight's or note's id."""
    exact: str
    """The highlighted passage, exactly as quoted; "" for a note on the whole document."""
    note: str
    """The note's text; "" for a highlight without a note."""
    snippet: str
    """A few words around the best match, each matched word between `SNIPPET_OPEN` and
    `SNIPPET_CLOSE`, with `SNIPPET_ELLIPSIS` where text was cut. Plain text, no markup."""
    marks: tuple[tuple[int, int], ...]
    """The (start, end) of each matched word inside `snippet`, delimiters excluded: use these
    to style matches, since the text itself may hold the delimiter characters."""
    start: int | None
    """Where the highlight starts in its document's text (to open it there); None for a note."""
    end: int | None
    """Where the highlight ends; None for a note."""
    rank: float
    """The bm25 score as SQLite gives it: lower (more negative) is a better match."""


def match_expression(query: str) -> str:
    """The FTS5 expression for what a person typed; "" when it has nothing to search for.

    Words must all match (in any order and either field, case and accents ignored); text in
    double quotes must match as a phrase. The last word also matches as a prefix ("agree"
    finds "agreement"), as does the last word of an unclosed phrase, unless the query ends
    with a space (the word is typed in full) or the word is shorter than `PREFIX_MIN_LENGTH`.
    Every term is quoted here, so FTS5 syntax typed by the person (`AND`, `(`, `-`, `*`,
    `:`, `^`, a lone `"`) is searched for as text, never obeyed, and no query can make
    SQLite fail.
    """
    # A NUL ends an FTS5 string early, and a lone surrogate (from undecodable bytes in a
    # command line) cannot be sent to SQLite at all.
    text = query.replace("\0", " ").encode("utf-8", "replace").decode("utf-8")
    pieces = text.split('"')
    closed = len(pieces) % 2 == 1
    terms: list[str] = []
    last_is_prefix = False
    for index, piece in enumerate(pieces):
        if index % 2 == 1:  # between quotes
            phrase = " ".join(piece.split())
            last_is_prefix = (
                index == len(pieces) - 1
                and not closed
                and bool(phrase)
                and _prefix_worthy(phrase.split()[-1])
                and not _ends_in_space(text)
            )
            if _has_token(phrase):
                terms.append(_quoted(phrase))
            continue
        words = piece.split()
        for word in words:
            if _has_token(word):
                terms.append(_quoted(word))
        last_is_prefix = (
            index == len(pieces) - 1
            and bool(words)
            and _prefix_worthy(words[-1])
            and not _ends_in_space(piece)
        )
    if terms and last_is_prefix:
        terms[-1] += "*"
    return " ".join(terms)


def _ends_in_space(text: str) -> bool:
    return bool(text) and text[-1].isspace()


def _is_token_char(char: str) -> bool:
    """Whether FTS5's unicode61 tokenizer counts `char` as part of a word: letters, digits
    and private-use characters; everything else separates words."""
    return char.isalnum() or unicodedata.category(char) == "Co"


def _has_token(text: str) -> bool:
    """Whether the tokenizer finds a word in `text`."""
    return any(_is_token_char(char) for char in text)


def _prefix_worthy(word: str) -> bool:
    """Whether the last token of `word` ("t" in "don't") is long enough to match as a prefix.

    FTS5 applies a prefix to the last token of a quoted string only, so that is the one
    measured against `PREFIX_MIN_LENGTH`.
    """
    stripped = word.rstrip()
    end = len(stripped)
    while end and not _is_token_char(stripped[end - 1]):
        end -= 1
    start = end
    while start and _is_token_char(stripped[start - 1]):
        start -= 1
    return end - start >= PREFIX_MIN_LENGTH


def _quoted(text: str) -> str:
    """An FTS5 string: FTS5 reads everything inside as text to split into words."""
    return '"' + text.replace('"', '""') + '"'


def search_connection(
    connection: sqlite3.Connection, query: str, *, limit: int = 50
) -> list[SearchHit]:
    """The best `limit` highlights and document notes matching `query`, best first.

    Args:
        connection: an open reader store (its `enable_search` migration applied).
        query: what the person typed; see `match_expression`.
        limit: the most hits to return.

    Raises:
        ValueError: `limit` is not positive.
        sqlite3.Error: the database cannot be read.
    """
    if limit < 1:
        raise ValueError(f"A search returns at least one hit (limit {limit}).")
    expression = match_expression(query)
    if not expression:
        return []
    parameters: dict[str, str | int] = {
        "query": expression,
        "limit": limit,
        "open": _OPEN,
        "close": _CLOSE,
        "ellipsis": SNIPPET_ELLIPSIS,
        "ranked": RANKED,
    }
    hits: list[SearchHit] = []
    with _snapshot(connection):
        for kind, floor_sql, best_sql, rows_sql in _SOURCES:
            # Walking matches newest first without scoring them is cheap (16 ms for the
            # 30,000th of "the"); only a query with more matches than that is bounded.
            floor = connection.execute(floor_sql, parameters).fetchone()
            parameters["floor"] = floor[0] if floor is not None else -(2**63)
            best = connection.execute(best_sql, parameters).fetchall()
            if not best:
                continue
            rowids = json.dumps([rowid for rowid, _, _ in best])
            rows = {row[0]: row for row in connection.execute(rows_sql, {"rowids": rowids})}
            hits.extend(
                _hit(kind, rows[rowid], score, snippet)
                for rowid, score, snippet in best
                if rowid in rows  # an index entry whose row is gone matches nothing
            )
    hits.sort(key=lambda hit: (hit.rank, hit.title, hit.document_id, hit.kind, hit.start or 0))
    return hits[:limit]


@contextmanager
def _snapshot(connection: sqlite3.Connection) -> Iterator[None]:
    """Read in one transaction, so the index and the rows it points at agree."""
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")  # nothing was written


def search_file(
    path: str | os.PathLike[str],
    query: str,
    *,
    limit: int = 50,
    check_cache: Path | None = None,
) -> list[SearchHit] | None:
    """Search the store file at `path` without opening it as a `Store`; None if that fails.

    This is the quick way for `reader search`: it needs only the standard library and never
    writes. It reads only a writable store that passed the store's check unchanged since
    (see `inspection`; `check_cache` is the file remembering them, as given to `Store`).
    None means the file is missing, not known to have passed, cannot be written, cannot be
    read, or has no search index yet (an older store); the caller then opens a `Store`,
    which checks and upgrades the file, or explains in one sentence what is wrong with it or
    that changes cannot be saved.

    Raises:
        ValueError: `limit` is not positive.
    """
    if limit < 1:
        raise ValueError(f"A search returns at least one hit (limit {limit}).")
    try:
        resolved = Path(path).expanduser().resolve()
        migrations = inspection.passed(resolved, check_cache)
        if migrations is None or inspection.unwritable(resolved, str(resolved)) is not None:
            return None  # the store says what is wrong, or that changes cannot be saved
        # Read-only in the strictest sense: a store changed since its check (a newer reader
        # may have upgraded it, its commit still in the -wal) is left byte for byte as it is.
        handle = inspection.open_read_only(resolved, _TIMEOUT)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        connection = handle.connection
        if len(inspection.applied_migrations(connection)) != migrations:
            return None
        found = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
            "AND name IN ('highlights_fts', 'document_notes_fts')"
        ).fetchone()
        if found[0] != 2:
            return None
        return search_connection(connection, query, limit=limit)
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        handle.close()


def _hit(kind: HitKind, row: tuple[Any, ...], score: float, raw_snippet: str | None) -> SearchHit:
    _, hit_id, document_id, title, exact, note, start, end = row
    snippet, marks = _marked(raw_snippet or "")
    return SearchHit(
        document_id=document_id,
        title=title,
        kind=kind,
        id=hit_id,
        exact=exact,
        note=note,
        snippet=snippet,
        marks=marks,
        start=start,
        end=end,
        rank=float(score),
    )


def _marked(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """FTS5's snippet with sentinels -> the snippet with plain delimiters, and match ranges."""
    parts: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    opened: int | None = None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", raw):
        if piece == _OPEN:
            parts.append(SNIPPET_OPEN)
            length += len(SNIPPET_OPEN)
            opened = length
        elif piece == _CLOSE:
            if opened is not None:
                marks.append((opened, length))
                opened = None
            parts.append(SNIPPET_CLOSE)
            length += len(SNIPPET_CLOSE)
        elif piece:
            parts.append(piece)
            length += len(piece)
    return "".join(parts), tuple(marks)
