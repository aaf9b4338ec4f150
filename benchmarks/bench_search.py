"""How fast `reader search` answers over 100,000 highlights with notes in 100 documents.

Run from the checkout: `python benchmarks/bench_search.py [--highlights N] [--runs N]`.
The store is built in a temporary folder, never in the repository: 100 documents cut from
War and Peace (the team's shared benchmark text, else the sample article repeated), each with
its share of highlights on real passages and a note made of another real sentence. The rows
go in with `executemany` in one transaction (the search index's triggers fire as they would
for the app), not through `Store.add_highlight`'s one commit per call, to build it quickly.

Target (issue 5): `reader search` over 100,000 notes answers in under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, without installing

from reader.core.model.annotations import new_id, quote_at  # noqa: E402
from reader.core.model.document import ArticleBuilder, BlockKind, Metadata  # noqa: E402
from reader.core.store.fulltext import match_expression, search_file  # noqa: E402
from reader.core.store.store import Store  # noqa: E402

BOOK = ROOT.parent / "shared" / "bench" / "war-and-peace.txt"
SEED = ROOT / "seeds" / "syria-ceasefire-2016.txt"
TARGET_MS = 100.0

QUERIES = [
    ("rare word", "Borodino"),
    ("common word", "prince"),
    ("two words", "prince andrew"),
    ("phrase", '"the old prince"'),
    ("prefix (typed so far)", "Bolk"),
    ("accents (typed without)", "Natasha"),
    ("no match", "zeppelin"),
    ("very common word", "the"),
]
"""(label, query): what a person types, from a rare name to the commonest word in English."""


def source_text() -> str:
    if BOOK.exists():
        return BOOK.read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    return "\n\n".join([seed] * 300)


def documents(text: str, count: int) -> list[tuple[str, list[str]]]:
    """`count` (title, paragraphs) parts of about equal length."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    per = max(1, len(paragraphs) // count)
    return [
        (f"War and Peace, part {index + 1}", paragraphs[index * per : (index + 1) * per])
        for index in range(count)
    ]


def build_store(path: Path, parts: list[tuple[str, list[str]]], highlights: int) -> float:
    """Fill a new store at `path`; returns the seconds it took."""
    rng = random.Random(1805)
    began = time.perf_counter()
    sentences: list[str] = []
    with Store(path) as store:
        rows = []
        per_document = highlights // len(parts)
        for title, paragraphs in parts:
            builder = ArticleBuilder()
            builder.add(BlockKind.TITLE, title)
            for paragraph in paragraphs:
                builder.add(BlockKind.PARAGRAPH, paragraph)
            article = builder.build(Metadata(title=title, source=f"/books/{title}.txt"))
            record = store.add_document(article)
            text = article.text
            sentences.extend(s for s in re.split(r"(?<=[.!?”])\s+", text) if 20 < len(s) < 300)
            words = [match.start() for match in re.finditer(r"\b\w", text)]
            for _ in range(per_document):
                first = rng.randrange(len(words) - 40)
                start = words[first]
                end = words[first + rng.randint(3, 35)] - 1
                quote = quote_at(text, start, end)
                rows.append([record.id, start, end, quote.exact, quote.prefix, quote.suffix])
        now = "2026-11-26T20:00:00Z"

        def note() -> str:
            return " ".join(rng.sample(sentences, rng.randint(1, 3)))

        with store.db.atomic():
            store.db.conn.executemany(
                'INSERT INTO highlights (id, document_id, start, "end", exact, prefix, suffix, '
                "color, note, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ([new_id(), *row, "yellow", note(), now, now] for row in rows),
            )
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - began


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, max) wall time of `action` in milliseconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15, help="runs per figure (median)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as folder:
        path = Path(folder) / "reader.db"
        parts = documents(source_text(), options.documents)
        built = build_store(path, parts, options.highlights)
        with Store(path) as store:
            count = store.db.execute("SELECT count(*) FROM highlights").fetchone()[0]
            noted = store.db.execute("SELECT count(*) FROM highlights WHERE note != ''")
            with_notes = noted.fetchone()[0]
            characters = store.db.execute(
                "SELECT sum(length(exact) + length(note)) FROM highlights"
            ).fetchone()[0]
            matches = {
                query: store.db.execute(
                    "SELECT count(*) FROM highlights_fts WHERE highlights_fts MATCH ?",
                    [match_expression(query)],
                ).fetchone()[0]
                for _, query in QUERIES
            }
            in_process = {
                query: median_ms(partial(store.search, query), options.runs) for _, query in QUERIES
            }
        quick = {
            query: median_ms(partial(search_file, path, query), options.runs)
            for _, query in QUERIES
        }
        env = {**os.environ, "READER_DB": str(path)}
        commands = {
            "pass": ["-c", "pass"],
            "import reader.cli": ["-c", "import reader.cli"],
            "import reader.core.store.store": ["-c", "import reader.core.store.store"],
        } | {query: ["-m", "reader", "search", query] for _, query in QUERIES}
        # Round-robin, so a burst of noise on this shared machine hits every command alike.
        wall: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.runs):
            for name, args in commands.items():
                began = time.perf_counter()
                subprocess.run([sys.executable, *args], env=env, capture_output=True, check=False)
                wall[name].append((time.perf_counter() - began) * 1000)
        whole = {name: (statistics.median(times), max(times)) for name, times in wall.items()}
        baseline, imports, store_import = (
            whole["pass"],
            whole["import reader.cli"],
            whole["import reader.core.store.store"],
        )
        size = sum(f.stat().st_size for f in Path(folder).iterdir()) / 1e6

    print(
        f"{count:,} highlights ({with_notes:,} with notes; {characters / 1e6:.1f} M characters "
        f"of passages and notes) in {len(parts)} documents; store {size:.0f} MB; built in "
        f"{built:.1f} s; median of {options.runs} runs; target < {TARGET_MS:.0f} ms"
    )
    print(
        f"baseline `python -c pass` {baseline[0]:.1f} ms; `import reader.cli` "
        f"{imports[0]:.1f} ms; "
        f"`import reader.core.store.store` (sqlite-utils) {store_import[0]:.1f} ms"
    )
    header = (
        f"{'query':<34}{'FTS hits':>9}{'Store.search':>14}{'search_file':>13}"
        f"{'reader search':>15}{'max':>8}{'- baseline':>12}  target"
    )
    print(header)
    for label, query in QUERIES:
        print(
            f"{label + ': ' + query:<34}{matches[query]:>9,}{in_process[query][0]:>11.1f} ms"
            f"{quick[query][0]:>10.1f} ms{whole[query][0]:>12.1f} ms{whole[query][1]:>6.0f} ms"
            f"{whole[query][0] - baseline[0]:>9.1f} ms"
            f"  {'PASS' if whole[query][0] < TARGET_MS else 'FAIL'}"
        )


if __name__ == "__main__":
    main()
