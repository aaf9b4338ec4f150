"""How long storing, reading and exporting 10,000 annotated highlights takes.

Run from the checkout: `python benchmarks/bench_export.py [--highlights N] [--runs N]`.
Everything is written to a temporary folder, never into the repository.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, without installing

from reader.core.export.formats import to_json, to_markdown, write_export  # noqa: E402
from reader.core.model.annotations import Highlight  # noqa: E402
from reader.core.model.document import Article, ArticleBuilder, BlockKind, Metadata  # noqa: E402
from reader.core.store.store import Store  # noqa: E402

SEED = ROOT / "seeds" / "syria-ceasefire-2016.txt"
EXPORTED = "2026-11-26T18:04:05Z"


def build_article(size: int) -> Article:
    """The seed article's paragraphs repeated until the text is at least `size` characters."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    builder = ArticleBuilder()
    builder.add(BlockKind.TITLE, paragraphs[0])
    length = 0
    index = 1
    while length < size:
        paragraph = paragraphs[1 + index % (len(paragraphs) - 1)].replace("\n", " ")
        builder.add(BlockKind.PARAGRAPH, paragraph)
        length += len(paragraph) + 2
        index += 1
    return builder.build(Metadata(title=paragraphs[0], source=str(SEED), site="Benchmark"))


def ranges(article: Article, count: int) -> list[tuple[int, int]]:
    """`count` highlight ranges of 20-200 characters spread over the text."""
    rng = random.Random(2016)
    limit = len(article.text) - 200
    return [(start, start + rng.randint(20, 200)) for start in rng.sample(range(limit), count)]


def note(index: int) -> str:
    return f"Note {index}: *why* this matters, see [[Syria]] and `code` <b>html</b>.\n\n- a\n- b"


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=200_000, help="article length in characters")
    options = parser.parse_args()

    article = build_article(options.size)
    spans = ranges(article, options.highlights)
    timings: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as folder:
        highlights: list[Highlight] = []
        for run in range(options.runs):
            with Store(Path(folder) / f"run{run}.db") as store:
                document = store.add_document(article)

                def insert(store: Store = store, document_id: str = document.id) -> None:
                    for index, (start, end) in enumerate(spans):
                        store.add_highlight(document_id, start, end, note=note(index))

                timings.setdefault("insert (1 transaction each)", []).append(timed(insert))
                began = time.perf_counter()
                highlights = store.highlights(document.id)
                notes = store.document_notes(document.id)
                timings.setdefault("read back", []).append(time.perf_counter() - began)
        assert len(highlights) == options.highlights

        markdown = json_text = ""

        def make_markdown() -> None:
            nonlocal markdown
            markdown = to_markdown(
                document,
                highlights,
                notes,
                exported=EXPORTED,
                paragraph_of=article.paragraph_number,
            )

        def make_json() -> None:
            nonlocal json_text
            json_text = to_json(document, highlights, notes, exported=EXPORTED)

        # The whole command as a person runs it, against a bare interpreter start as baseline.
        env = {**os.environ, "READER_DB": str(Path(folder) / "run0.db")}
        command_target = Path(folder) / "command.md"
        for export_format in ("markdown", "json"):
            for _ in range(options.runs):
                timings.setdefault(f"`reader export` ({export_format}), whole command", []).append(
                    timed(
                        lambda export_format=export_format: subprocess.run(
                            [
                                sys.executable,
                                "-m",
                                "reader",
                                "export",
                                document.id[:12],
                                "--format",
                                export_format,
                                "-o",
                                str(command_target),
                                "--force",
                            ],
                            env=env,
                            check=True,
                            capture_output=True,
                        )
                    )
                )
        for _ in range(options.runs):
            timings.setdefault("baseline: `python -c pass`", []).append(
                timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
            )

        target = Path(folder) / "export.md"
        for _ in range(options.runs):
            timings.setdefault("to_markdown", []).append(timed(make_markdown))
            timings.setdefault("to_json", []).append(timed(make_json))
            timings.setdefault("write_export (Markdown)", []).append(
                timed(lambda: write_export(markdown, target, force=True))
            )

    print(
        f"{options.highlights:,} highlights with notes on a {len(article.text):,}-character "
        f"article; median of {options.runs} runs"
    )
    print(f"Markdown {len(markdown.encode()):,} bytes, JSON {len(json_text.encode()):,} bytes")
    print(f"{'step':<46}{'median':>12}{'per highlight':>16}")
    for step, seconds in timings.items():
        median = statistics.median(seconds)
        per = median / options.highlights * 1e6
        print(f"{step:<46}{median * 1000:>10.1f} ms{per:>13.1f} µs")


if __name__ == "__main__":
    main()
