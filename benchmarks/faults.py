"""The machinery of the fault-injection suite (issue 10): `bench_faults.py` runs it at length,
`tests/test_fault_injection.py` runs a sample of it.

Five operations are killed (SIGKILL) after a random delay: `reader highlight` (a real
process), editing notes through the store (a forked child), `reader export --all DIR` (a real
process, into a folder where the person has edited files), re-anchoring a changed file (a
forked child, as `bench_reanchor_kills.py`) and migrating a store made by an older reader (a
forked child). After every kill the store is reopened and checked: `PRAGMA integrity_check`
is ok, and everything a command reported as saved (an id it printed, a line it wrote after
the store call returned) is there with its exact quote and note text, and nothing known
before has changed or gone. Besides: two to eight writer processes at once, a full disk, and
damaged or foreign stores, whose bytes (with their -wal and -shm) must not change.

Every check returns a list of problems (sentences); an empty list is a pass.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import bench_reanchor_kills  # noqa: E402

from reader.core import library  # noqa: E402
from reader.core.errors import StoreError  # noqa: E402
from reader.core.export.folder import file_name  # noqa: E402
from reader.core.export.formats import to_markdown  # noqa: E402
from reader.core.store.schema import MIGRATIONS  # noqa: E402
from reader.core.store.sqlite import Database  # noqa: E402
from reader.core.store.store import Store  # noqa: E402

OPERATIONS = ("highlight", "note", "export", "re-anchoring", "migration")
"""The operations killed, in the order the rounds take them."""

BOOK = bench_reanchor_kills.BOOK
LINES = 400
"""Sentences in the harbour log, the article `reader highlight` quotes from."""

PAGE = 4096
OLD_SCHEMA_STOP = "enable_search"
"""A store made by an older reader: every migration before this one applied, the rest (the
full-text index over every note, versions, exported files, statuses) still to do."""

DISK_FULL = "no room left on the disk"
"""Words of both full-disk sentences (a write that failed; a store opened only to read)."""

ID = re.compile(r"^[a-z0-9]{10}$")
EXPORTED_LINE = re.compile(r"^exported: .*$", re.MULTILINE)

State = tuple[dict[str, tuple[str, str]], dict[str, str]]
"""A store's person's data: highlights (id -> exact quote, note) and document notes (id ->
text)."""


# Reading a store straight from its file


@contextmanager
def connected(db: Path) -> Iterator[sqlite3.Connection]:
    """A plain SQLite connection to `db`, closed afterwards (it recovers a killed writer's
    log, as the next program to open the store would)."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def integrity(db: Path) -> str:
    """`PRAGMA integrity_check`'s answer, "ok" for a sound file."""
    with connected(db) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def state(db: Path) -> State:
    """Every highlight's quote and note and every document note, straight from the file."""
    with connected(db) as connection:
        highlights = {
            str(id_): (str(exact), str(note))
            for id_, exact, note in connection.execute("SELECT id, exact, note FROM highlights")
        }
        notes = {
            str(id_): str(text)
            for id_, text in connection.execute("SELECT id, text FROM document_notes")
        }
    return highlights, notes


def lost(before: State, after: State) -> list[str]:
    """What `before` had that `after` lacks or holds changed, as sentences."""
    problems = []
    for id_, (exact, note) in before[0].items():
        now = after[0].get(id_)
        if now is None:
            problems.append(f"highlight {id_} ({exact[:30]!r}) is missing")
        elif now != (exact, note):
            problems.append(f"highlight {id_} changed from {(exact, note)!r} to {now!r}")
    for id_, text in before[1].items():
        if after[1].get(id_) != text:
            problems.append(f"document note {id_} ({text[:30]!r}) is missing or changed")
    return problems


def sha256_of(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file in `folder` (a store, its -wal and -shm, and any other)."""
    return {
        child.name: hashlib.sha256(child.read_bytes()).hexdigest()
        for child in sorted(folder.iterdir())
        if child.is_file()
    }


# Processes


def environment(home: Path) -> dict[str, str]:
    """The environment of a `reader` process: caches, logs and data kept under `home`."""
    return {
        **os.environ,
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }


def start_reader(db: Path, home: Path, *args: str) -> subprocess.Popen[str]:
    """Start the real `reader` command on the store `db`."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(home),
    )


def run_reader(db: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `reader` command to its end."""
    process = start_reader(db, home, *args)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def stop_process(process: subprocess.Popen[str], delay: float) -> bool:
    """SIGKILL the `reader` process after `delay` seconds unless it ended first; True if the
    kill ended it."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return process.returncode == -signal.SIGKILL


def kill_after(pid: int, delay: float) -> bool:
    """SIGKILL the child `pid` after `delay` seconds (unless it ended); True if the kill
    ended it, False if it had finished by itself. Reaps it either way."""
    deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
        time.sleep(min(0.002, max(0.0, deadline - time.perf_counter())))
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def fork_child(work: Callable[[int], None]) -> tuple[int, int]:
    """Fork a child that runs `work(report_fd)` and exits; its pid and the read end of the
    pipe on which it reports each thing it has saved, one line each."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read)
            work(write)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def reports(read: int) -> list[str]:
    """Every complete line the child wrote on its report pipe (closing it)."""
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    text = b"".join(chunks).decode("utf-8")
    return text.split("\n")[:-1]  # a line cut off by the kill was never reported


def say(write: int, line: str) -> None:
    """Report one saved thing on the pipe (one write, so whole or not at all)."""
    os.write(write, (line.replace("\n", " ") + "\n").encode("utf-8"))


# The texts


def harbour_log(lines: int = LINES) -> str:
    """A plain-text article whose sentences each start with words found nowhere else."""
    paragraphs = [
        f"Line {index} of the harbour log: the tide turned at {index % 12 + 1} o'clock and "
        f"the crews counted {index * 7 % 101} nets on the quay."
        for index in range(lines)
    ]
    return "The harbour log\n\n" + "\n\n".join(paragraphs) + "\n"


def log_quote(index: int) -> str:
    """Words of the harbour log found once: the start of sentence `index`."""
    return f"Line {index} of the harbour log"


def small_article(index: int) -> str:
    """A short plain-text article of its own, for the export folder."""
    body = "\n\n".join(
        f"Paragraph {part} of report {index}: the council met about the bridge, the school "
        f"and the {part + index} new houses."
        for part in range(12)
    )
    return f"Council report {index}\n\n{body}\n"


def book_paragraphs(size: int, rng: random.Random) -> list[str]:
    """Paragraphs for re-anchoring: *War and Peace* when the team's copy is there (`size`
    characters of it), else generated prose."""
    if BOOK.exists():
        text = BOOK.read_text(encoding="utf-8")[:size]
        paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
        return [paragraph for paragraph in paragraphs[1:-1] if len(paragraph) > 60]
    words = ["the", "army", "moved", "at", "dawn", "across", "the", "river", "while", "letters"]
    count = max(size // 400, 40)
    return [
        f"Chapter note {index}: " + " ".join(rng.choice(words) for _ in range(60)) + "."
        for index in range(count)
    ]


# Results


@dataclass
class Tally:
    """One operation's rounds and what they found."""

    rounds: int = 0
    kills: int = 0
    """Rounds whose child the SIGKILL ended (the others had finished first)."""
    saved_unreported: int = 0
    """Kills that fell after the store committed but before the command said so."""
    missing: int = 0
    """Rounds where something reported saved was missing or changed."""
    integrity: int = 0
    """Rounds after which `PRAGMA integrity_check` was not ok."""
    overwritten: int = 0
    """Rounds after which a file of the person's was changed or gone."""
    partial: int = 0
    """Rounds after which a visible file in the export folder was not a whole export."""
    temporaries: int = 0
    """Hidden temporary files left in the export folder by kills (`.name.xxxx.tmp`)."""
    problems: list[str] = field(default_factory=list)

    def add(self, killed: bool, problems: dict[str, list[str]]) -> None:
        """Count one round."""
        self.rounds += 1
        self.kills += killed
        for kind, found in problems.items():
            if found:
                setattr(self, kind, getattr(self, kind) + 1)
                self.problems.extend(f"round {self.rounds}: {kind}: {p}" for p in found[:3])


def round_problems(db: Path, before: State, after: State | None = None) -> dict[str, list[str]]:
    """The checks every round ends with: integrity, and nothing of `before` lost."""
    verdict = integrity(db)
    return {
        "integrity": [] if verdict == "ok" else [verdict],
        "missing": lost(before, after if after is not None else state(db)),
    }


# The lab: the stores and files the rounds share


@dataclass
class Lab:
    """The run's folder, stores and expectations."""

    folder: Path
    rng: random.Random
    db: Path = field(init=False)
    """The main store: the harbour log and the council reports."""
    story: Path = field(init=False)
    vault: Path = field(init=False)
    """The export folder, with the person's edited files."""
    persons: dict[Path, bytes] = field(init=False, default_factory=dict)
    """The person's files in the vault and their bytes, which no export may change."""
    history: dict[str, set[str]] = field(init=False, default_factory=dict)
    """Every whole export each file name has had (hashes of its text but the time line)."""
    reanchor_db: Path = field(init=False)
    reanchor_story: Path = field(init=False)
    paragraphs: list[str] = field(init=False, default_factory=list)
    reanchor_quotes: dict[str, str] = field(init=False, default_factory=dict)
    old_store: Path = field(init=False)
    """A store made by an older reader, copied afresh for each migration round."""
    old_state: State = field(init=False, default=({}, {}))
    """What the older store holds of the person's."""
    old_pending: int = field(init=False, default=0)
    """How many migrations the older store lacks."""
    durations: dict[str, float] = field(init=False, default_factory=dict)
    """How long an uncut run of each operation took (the kill delays are drawn up to it)."""
    tallies: dict[str, Tally] = field(init=False)
    serial: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self.tallies = {operation: Tally() for operation in OPERATIONS}
        self.db = self.folder / "store" / "reader.db"
        self.story = self.folder / "harbour-log.txt"
        self.vault = self.folder / "vault"
        self.reanchor_db = self.folder / "reanchor" / "reader.db"
        self.reanchor_story = self.folder / "reanchor" / "book.txt"
        self.old_store = self.folder / "old" / "template.db"

    def home(self) -> Path:
        """Where `reader` processes keep caches and logs."""
        return self.folder / "home"


def build(
    lab: Lab,
    *,
    reports_: int = 10,
    book_size: int = 400_000,
    old_highlights: int = 20_000,
    reanchor_highlights: int = 200,
) -> None:
    """Make the lab's stores and files."""
    for path in (lab.db, lab.reanchor_db, lab.old_store):
        path.parent.mkdir(parents=True, exist_ok=True)
    lab.story.write_text(harbour_log(), encoding="utf-8")
    with Store(lab.db) as store:
        story = library.open_path(store, lab.story).document_id
        text = store.document_text(story) or ""
        for index in range(0, 40, 4):
            start = text.index(log_quote(index))
            store.add_highlight(story, start, start + len(log_quote(index)), note=f"first {index}")
        store.add_document_note(story, "Why the nets were counted twice. #harbour")
        for index in range(reports_):
            path = lab.folder / "reports" / f"report-{index}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(small_article(index), encoding="utf-8")
            record = library.open_path(store, path).document_id
            store.add_highlight(record, 0, 14, note=f"report {index}")
    build_vault(lab)
    build_reanchoring(lab, book_size, reanchor_highlights)
    build_old_store(lab.old_store, old_highlights)
    lab.old_state = state(lab.old_store)
    with connected(lab.old_store) as connection:
        lab.old_pending = len(MIGRATIONS.pending(Database(connection, execute_plugins=False)))


def build_vault(lab: Lab) -> None:
    """Export everything once, then make some files the person's: three edited, one put in
    place of an export (a file reader never wrote)."""
    result = run_reader(lab.db, lab.home(), "export", "--all", str(lab.vault))
    assert result.returncode == 0, result.stderr
    record_references(lab)
    exports = sorted(path for path in lab.vault.iterdir() if path.suffix == ".md")
    for path in exports[:3]:
        path.write_bytes(path.read_bytes() + b"\nMy own thoughts on this, not reader's.\n")
        lab.persons[path] = path.read_bytes()
    own = exports[3]
    own.unlink()
    own.write_text("# My own page\n\nWritten by me, with the same name.\n", encoding="utf-8")
    lab.persons[own] = own.read_bytes()


def record_references(lab: Lab) -> None:
    """Add what a whole export of each document would hold now to `lab.history`."""
    with Store(lab.db) as store:
        for summary in store.documents():
            record = summary.record
            article = store.article(record.id)
            content = to_markdown(
                record,
                store.highlights(record.id),
                store.document_notes(record.id),
                exported="-",
                paragraph_of=article.paragraph_number if article is not None else None,
            )
            lab.history.setdefault(file_name(record), set()).add(_timeless(content))


def _timeless(content: str) -> str:
    return hashlib.sha256(EXPORTED_LINE.sub("", content).encode("utf-8")).hexdigest()


def build_reanchoring(lab: Lab, size: int, highlights: int) -> None:
    """A book with highlights on words found once in it, each with a note."""
    lab.paragraphs = book_paragraphs(size, random.Random(4))
    lab.reanchor_story.write_text("\n\n".join(lab.paragraphs) + "\n", encoding="utf-8")
    with Store(lab.reanchor_db) as store:
        record = library.open_path(store, lab.reanchor_story).document_id
        text = store.document_text(record) or ""
        starts = [0, *(match.end() for match in re.finditer("\n\n", text))]
        made = 0
        for start in random.Random(5).sample(starts, len(starts)):
            end = text.find(" ", start + 24)
            if end < 0 or text.count(text[start:end]) != 1:
                continue
            highlight = store.add_highlight(record, start, end, note=f"why {made} ✓ «here»")
            lab.reanchor_quotes[highlight.id] = highlight.quote.exact
            made += 1
            if made == highlights:
                break


def build_old_store(path: Path, highlights: int) -> None:
    """A store as an older reader left it: only the migrations before `OLD_SCHEMA_STOP`,
    one long document with `highlights` highlights (each with a note) and some notes."""
    connection = sqlite3.connect(path)
    db = Database(connection, execute_plugins=False)
    db.enable_wal()
    MIGRATIONS.apply(db, stop_before=OLD_SCHEMA_STOP)
    text = harbour_log(highlights)
    now = "2025-01-01T00:00:00Z"
    with connection:
        connection.execute(
            "INSERT INTO documents (id, title, source, format, metadata, text, length, added, "
            "last_opened) VALUES ('old', 'The harbour log', '/gone.txt', 'text', '{}', ?, ?, ?, ?)",
            [text, len(text), now, now],
        )
        rows = []
        for index in range(highlights):
            quote = log_quote(index)
            start = text.index(quote + ":")
            rows.append(
                (
                    f"h{index:09d}",
                    "old",
                    quote,
                    "",
                    "",
                    start,
                    start + len(quote),
                    "yellow",
                    f"old note {index} about nets",
                    now,
                    now,
                )
            )
        connection.executemany(
            'INSERT INTO highlights (id, document_id, exact, prefix, suffix, start, "end", color, '
            "note, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.executemany(
            "INSERT INTO document_notes VALUES (?, 'old', ?, ?, ?)",
            [(f"n{index}", f"old document note {index}", now, now) for index in range(50)],
        )
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


# The five operations


def highlight_round(lab: Lab, delay: float | None) -> tuple[bool, dict[str, list[str]]]:
    """`reader highlight FILE WORDS --note NOTE`, a real process, killed after `delay`
    (None: left to finish, to time it)."""
    tally = lab.tallies["highlight"]
    index = lab.rng.randrange(LINES)
    quote = log_quote(index)
    note = f'round {lab.serial}: «{index}» "nets" ✓\nand a second line #kill'
    before = state(lab.db)
    began = time.perf_counter()
    process = start_reader(lab.db, lab.home(), "highlight", str(lab.story), quote, "--note", note)
    killed = stop_process(process, delay) if delay is not None else False
    out, _ = process.communicate()
    if delay is None:
        lab.durations["highlight"] = time.perf_counter() - began
    printed = [line for line in out.splitlines() if ID.match(line)]
    after = state(lab.db)
    problems = round_problems(lab.db, before, after)
    new = {id_: value for id_, value in after[0].items() if id_ not in before[0]}
    if printed and new.get(printed[0]) != (quote, note):
        problems["missing"].append(f"reported highlight {printed[0]} is {new.get(printed[0])!r}")
    if any(value != (quote, note) for value in new.values()) or len(new) > 1:
        problems["missing"].append(f"unexpected highlights appeared: {new!r}")
    if not printed and not killed and process.returncode == 0:
        problems["missing"].append("reader highlight ended well but printed no id")
    tally.saved_unreported += bool(new) and not printed
    return killed, problems


def _note_work(db: Path, operations: list[tuple[str, str, str]]) -> Callable[[int], None]:
    def work(write: int) -> None:
        with Store(db) as store:
            for kind, target, text in operations:
                if kind == "highlight":
                    store.set_highlight_note(target, text)
                elif kind == "document":
                    store.update_document_note(target, text)
                else:
                    store.add_document_note(target, text)
                say(write, f"saved {kind} {target}")

    return work


def _apply(start: State, operations: list[tuple[str, str, str]]) -> list[State]:
    """The states after each prefix of the note operations (added notes keyed by text)."""
    highlights, notes = dict(start[0]), dict(start[1])
    states = [(dict(highlights), dict(notes))]
    for kind, target, text in operations:
        if kind == "highlight":
            highlights[target] = (highlights[target][0], text)
        elif kind == "document":
            notes[target] = text
        else:
            notes[f"new:{text}"] = text
        states.append((dict(highlights), dict(notes)))
    return states


def note_round(lab: Lab, delay: float | None) -> tuple[bool, dict[str, list[str]]]:
    """Notes written and rewritten through the store (a note on a highlight, a document note
    changed, a new document note), each reported once saved, in a forked child."""
    tally = lab.tallies["note"]
    before = state(lab.db)
    with connected(lab.db) as connection:
        story_id = connection.execute(
            "SELECT id FROM documents WHERE source = ?", [str(lab.story)]
        ).fetchone()[0]
    highlight_ids, note_ids = sorted(before[0]), sorted(before[1])
    operations = []
    for number in range(30):
        text = f"note {lab.serial}.{number}: 'why' — «{lab.rng.random():.6f}»\n#tag{number}"
        choice = lab.rng.random()
        if choice < 0.6:
            operations.append(("highlight", lab.rng.choice(highlight_ids), text))
        elif choice < 0.85:
            operations.append(("document", lab.rng.choice(note_ids), text))
        else:
            operations.append(("add", story_id, text))
    began = time.perf_counter()
    pid, read = fork_child(_note_work(lab.db, operations))
    killed = kill_after(pid, delay) if delay is not None else False
    said = reports(read)
    if delay is None:
        lab.durations["note"] = time.perf_counter() - began
    after = state(lab.db)
    problems = round_problems(lab.db, ({}, {}), after)  # integrity only; `missing` below
    keyed = (
        after[0],
        {(id_ if id_ in before[1] else f"new:{text}"): text for id_, text in after[1].items()},
    )
    states = _apply(before, operations)
    matches = [p for p in range(len(said), len(states)) if states[p] == keyed]
    if not matches:
        problems["missing"].append(
            f"{len(said)} note changes reported saved, but the store matches none of the "
            f"states after {len(said)} or more of them"
        )
    elif matches[0] > len(said):
        tally.saved_unreported += 1
    if not killed and len(said) != len(operations):
        problems["missing"].append(f"the child finished but reported {len(said)} saves")
    return killed, problems


def export_round(lab: Lab, delay: float | None) -> tuple[bool, dict[str, list[str]]]:
    """`reader export --all VAULT`, a real process, after a change to a random document (so
    there is something to write); now and then the person edits another exported file."""
    with Store(lab.db) as store:
        summaries = store.documents()
        record = lab.rng.choice(summaries).record
        text = store.document_text(record.id) or ""
        start = lab.rng.randrange(len(text) - 20)
        store.add_highlight(record.id, start, start + 15, note=f"export round {lab.serial}")
    record_references(lab)
    if lab.rng.random() < 0.1:
        theirs = [p for p in lab.vault.iterdir() if p.suffix == ".md" and p not in lab.persons]
        if theirs:
            edited = lab.rng.choice(sorted(theirs))
            edited.write_bytes(edited.read_bytes() + b"\n- my later addition\n")
            lab.persons[edited] = edited.read_bytes()
    before = state(lab.db)
    began = time.perf_counter()
    process = start_reader(lab.db, lab.home(), "export", "--all", str(lab.vault))
    killed = stop_process(process, delay) if delay is not None else False
    _, err = process.communicate()
    if delay is None:
        lab.durations["export"] = time.perf_counter() - began
    problems = round_problems(lab.db, before)
    problems["overwritten"] = [
        f"{path.name} was changed or removed"
        for path, data in lab.persons.items()
        if not path.is_file() or path.read_bytes() != data
    ]
    problems["partial"] = []
    for path in sorted(lab.vault.iterdir()):
        if path.name.startswith(".") or path in lab.persons:
            continue
        name = re.sub(r"\.reader(-\d+)?\.md$", ".md", path.name)
        if _timeless(path.read_text(encoding="utf-8", errors="replace")) not in lab.history.get(
            name, set()
        ):
            problems["partial"].append(f"{path.name} is not a whole export")
    if not killed and process.returncode != 0:
        problems["missing"].append(f"export --all failed uncut: {err.strip()}")
    lab.tallies["export"].temporaries = sum(
        1 for path in lab.vault.iterdir() if path.name.startswith(".") and path.suffix == ".tmp"
    )
    return killed, problems


def _open_work(db: Path, story: Path) -> Callable[[int], None]:
    def work(write: int) -> None:
        with Store(db) as store:
            library.open_path(store, story)
        say(write, "opened")

    return work


def reanchor_round(lab: Lab, delay: float | None) -> tuple[bool, dict[str, list[str]]]:
    """The book edited (a sentence added, a sixth of it moved) and opened by path in a forked
    child, which re-anchors its highlights (as `bench_reanchor_kills.py`)."""
    before = state(lab.reanchor_db)
    bench_reanchor_kills.edit(lab.rng, lab.paragraphs, f"Update {lab.serial}: a line added.")
    lab.reanchor_story.write_text("\n\n".join(lab.paragraphs) + "\n", encoding="utf-8")
    began = time.perf_counter()
    pid, read = fork_child(_open_work(lab.reanchor_db, lab.reanchor_story))
    killed = kill_after(pid, delay) if delay is not None else False
    said = reports(read)
    if delay is None:
        lab.durations["re-anchoring"] = time.perf_counter() - began
    problems = round_problems(lab.reanchor_db, before)
    holders, listed, _ = bench_reanchor_kills.state(lab.reanchor_db, lab.reanchor_story)
    if len(holders) != 1 or [holders[0][0]] != listed:
        problems["missing"].append(f"highlights off the listed version: {holders} {listed}")
    if not killed and not said:
        problems["missing"].append("re-anchoring failed uncut")
    return killed, problems


def _migrate_work(db: Path) -> Callable[[int], None]:
    def work(write: int) -> None:
        with Store(db):
            say(write, "migrated")

    return work


def migration_round(lab: Lab, delay: float | None) -> tuple[bool, dict[str, list[str]]]:
    """A copy of the older reader's store opened (so migrated) in a forked child; after the
    kill it is checked as the file was left, then opened again to finish the migration."""
    db = lab.folder / "old" / "reader.db"
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(lab.old_store, db)
    before = lab.old_state
    began = time.perf_counter()
    pid, read = fork_child(_migrate_work(db))
    killed = kill_after(pid, delay) if delay is not None else False
    said = reports(read)
    if delay is None:
        lab.durations["migration"] = time.perf_counter() - began
    problems = round_problems(db, before)
    with connected(db) as connection:
        done = not MIGRATIONS.pending(Database(connection, execute_plugins=False))
    lab.tallies["migration"].saved_unreported += done and not said
    if not killed and not said:
        problems["missing"].append("the migration failed uncut")
    try:
        with Store(db) as store:
            pending = MIGRATIONS.pending(store.db)
            found = len(store.search("nets", limit=100_000))
    except StoreError as error:
        problems["missing"].append(f"the next opening failed: {error}")
        return killed, problems
    problems["missing"] += lost(before, state(db))
    if pending or found != len(before[0]):
        problems["missing"].append(
            f"after the next opening: {len(pending)} migrations pending, "
            f"search finds {found} of {len(before[0])} notes"
        )
    with connected(db) as connection:
        try:
            connection.execute(
                "INSERT INTO highlights_fts (highlights_fts) VALUES ('integrity-check')"
            )
        except sqlite3.Error as error:
            problems["integrity"].append(f"the notes index: {error}")
    return killed, problems


ROUNDS: dict[str, Callable[[Lab, float | None], tuple[bool, dict[str, list[str]]]]] = {
    "highlight": highlight_round,
    "note": note_round,
    "export": export_round,
    "re-anchoring": reanchor_round,
    "migration": migration_round,
}


def kill_rounds(lab: Lab, kills: int, *, attempts: int = 4) -> None:
    """Kill each operation until `kills` kills in all (spread evenly), each at a random
    moment of a run (up to the length of an uncut one); one round in five is left to finish,
    which keeps that length up to date."""
    wanted = {operation: kills // len(OPERATIONS) for operation in OPERATIONS}
    for operation in OPERATIONS[: kills % len(OPERATIONS)]:
        wanted[operation] += 1
    for operation in OPERATIONS:
        lab.serial += 1
        lab.tallies[operation].add(*ROUNDS[operation](lab, None))
    for _ in range(attempts * kills):
        waiting = [op for op in OPERATIONS if lab.tallies[op].kills < wanted[op]]
        if not waiting:
            return
        operation = lab.rng.choice(waiting)
        lab.serial += 1
        uncut = lab.rng.random() < 0.2
        delay = None if uncut else lab.rng.uniform(0, lab.durations[operation])
        killed, problems = ROUNDS[operation](lab, delay)
        lab.tallies[operation].add(killed, problems)


def placements(lab: Lab) -> Counter[str]:
    """After the kills, the book opened once more uncut: how each highlight is placed
    (right: on its very words; wrong: on other words; needless orphan: not placed, though
    its words are in the text once)."""
    with Store(lab.reanchor_db) as store:
        opened = library.open_path(store, lab.reanchor_story)
        text = opened.article.text
        found = store.highlights(opened.document_id)
    counts: Counter[str] = Counter()
    for highlight in found:
        exact = lab.reanchor_quotes.get(highlight.id, highlight.quote.exact)
        if not highlight.placed:
            counts["needless orphan" if text.count(exact) == 1 else "orphan"] += 1
        elif text[highlight.start : highlight.end] == exact and text.count(exact) == 1:
            counts["right"] += 1
        else:
            counts["wrong"] += 1
    counts["lost"] = len(lab.reanchor_quotes) - len(found)
    return counts


# Concurrent writers


@dataclass
class WritersResult:
    """One run of several writers at once."""

    writers: int
    reported: int = 0
    """Annotations the writers reported saved."""
    present: int = 0
    """Of those, found afterwards with their exact quote and note."""
    refused: int = 0
    """Writes refused as busy ("locked by another program"): not saved, and said so."""
    refused_otherwise: list[str] = field(default_factory=list)
    """Writes refused with another sentence: not saved, and said so, but wrongly worded."""
    killed: int = 0
    problems: list[str] = field(default_factory=list)


def _writer(db: Path, go: int, writer: int, count: int, seed: int) -> Callable[[int], None]:
    def work(write: int) -> None:
        os.read(go, 1)  # everyone starts together
        rng = random.Random(seed)
        for number in range(count):
            index = rng.randrange(LINES)
            note = f"writer {writer} #{number}: «{index}»"
            try:
                # A new opening each time, as a person running `reader highlight` would.
                with Store(db) as store:
                    story = store.documents()[0].record.id
                    if number % 4 == 3:
                        made = store.add_document_note(story, note)
                        say(write, f"note {made.id} {note}")
                    else:
                        text = store.document_text(story) or ""
                        start = text.index(log_quote(index) + ":")
                        highlight = store.add_highlight(
                            story, start, start + len(log_quote(index)), note=note
                        )
                        say(write, f"highlight {highlight.id} {index} {note}")
            except StoreError as error:
                say(write, f"refused {error}")

    return work


def writers_run(
    folder: Path, writers: int, count: int, rng: random.Random, *, kill_one: bool = True
) -> WritersResult:
    """`writers` processes at once, each adding `count` highlights and notes to one new store
    (one of them SIGKILLed part-way when `kill_one`); then every reported one is checked."""
    folder.mkdir(parents=True)
    db, story = folder / "reader.db", folder / "harbour-log.txt"
    story.write_text(harbour_log(), encoding="utf-8")
    with Store(db) as store:
        library.open_path(store, story)
    result = WritersResult(writers)
    go_read, go_write = os.pipe()
    children = [
        fork_child(_writer(db, go_read, number, count, rng.randrange(2**32)))
        for number in range(writers)
    ]
    os.close(go_read)
    os.write(go_write, b"g" * writers)  # the start signal: one byte for each
    os.close(go_write)
    victim = rng.randrange(writers) if kill_one else -1
    lines: list[str] = []
    for number, (pid, read) in enumerate(children):
        if number == victim:
            result.killed += kill_after(pid, rng.uniform(0, 0.002 * count))
        else:
            os.waitpid(pid, 0)
        lines += reports(read)
    highlights, notes = state(db)
    text = harbour_log()
    for line in lines:
        kind, rest = line.split(" ", 1)
        if kind == "refused":
            if "locked" in rest:
                result.refused += 1
            else:
                result.refused_otherwise.append(rest)
            continue
        result.reported += 1
        if kind == "highlight":
            id_, index, note = rest.split(" ", 2)
            ok = (
                highlights.get(id_) == (log_quote(int(index)), note)
                and log_quote(int(index)) in text
            )
        else:
            id_, note = rest.split(" ", 1)
            ok = notes.get(id_) == note
        result.present += ok
        if not ok:
            result.problems.append(f"reported {kind} {id_} is missing or changed")
    verdict = integrity(db)
    if verdict != "ok":
        result.problems.append(f"integrity: {verdict}")
    return result


# A full disk


@dataclass
class DiskResult:
    """Writing to a store as its disk fills up."""

    saved: int = 0
    """Highlights saved (each with a 2 KB note) before the disk was full."""
    refusals: list[str] = field(default_factory=list)
    """The sentences the writes that failed were refused with."""
    problems: list[str] = field(default_factory=list)


def full_disk_run(disk: Path, home: Path, fill: Callable[[], None]) -> DiskResult:
    """A store on the small disk `disk`: a few highlights, then the disk filled (`fill`)
    while the store is open, and highlights added until the writes fail. Then: the failure
    said the disk is full, every saved highlight is there, the store reads (`reader list`,
    `reader search`, `reader export`) and integrity is ok; `reader highlight` is refused with
    the same words."""
    result = DiskResult()
    db, story = disk / "reader.db", home / "harbour-log.txt"
    story.write_text(harbour_log(), encoding="utf-8")
    saved: dict[str, tuple[str, str]] = {}
    with Store(db) as store:
        record = library.open_path(store, story).document_id
        text = store.document_text(record) or ""
        fill()
        release(disk / "filler", 160 * 1024)
        for number in range(2000):
            index = number % LINES
            note = f"full disk note {number} " + "x" * 2000
            start = text.index(log_quote(index) + ":")
            try:
                made = store.add_highlight(record, start, start + len(log_quote(index)), note=note)
            except StoreError as error:
                result.refusals.append(str(error))
                if len(result.refusals) == 3:
                    break
                continue
            saved[made.id] = (made.quote.exact, note)
    result.saved = len(saved)
    if not result.refusals:
        result.problems.append("the disk never filled up")
    result.problems += [s for s in result.refusals if DISK_FULL not in s]
    refused = run_reader(db, home, "highlight", str(story), log_quote(1))
    if refused.returncode != 1 or DISK_FULL not in refused.stderr:
        result.problems.append(f"reader highlight on a full disk: {refused.stderr.strip()}")
    for args in (("list",), ("search", "full disk note"), ("export", str(story))):
        read = run_reader(db, home, *args)
        if read.returncode != 0 or "Traceback" in read.stderr:
            result.problems.append(f"reader {args[0]} on a full disk: {read.stderr.strip()}")
    exported = run_reader(db, home, "export", str(story)).stdout
    result.problems += [f"{id_} not in the export" for id_ in saved if id_ not in exported]
    uri = f"{db.resolve().as_uri()}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        rows = dict(
            (str(i), (str(e), str(n)))
            for i, e, n in connection.execute("SELECT id, exact, note FROM highlights")
        )
    finally:
        connection.close()
    if verdict != "ok":
        result.problems.append(f"integrity: {verdict}")
    result.problems += [f"saved highlight {i} is missing" for i in saved if rows.get(i) != saved[i]]
    return result


def release(filler: Path, room: int) -> None:
    """Give back `room` bytes of a full disk by shortening its filler file."""
    with filler.open("r+b") as handle:
        handle.truncate(max(0, filler.stat().st_size - room))


def mounted_disk(path: Path, size: str = "2m") -> str | None:
    """Mount a tmpfs of `size` at `path`; None when done, else why it cannot be."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return None if done.returncode == 0 else (done.stderr.strip() or "mount is not allowed")


def fill_disk(path: Path) -> None:
    """Write a filler file into `path` until the disk has no room left."""
    with (path / "filler").open("wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass


# Damaged and foreign stores


@dataclass
class RefusedResult:
    """Every command run on stores reader must not write."""

    commands: int = 0
    refused: int = 0
    """Commands that stopped with one sentence (exit status 1, no traceback)."""
    changed: int = 0
    """Commands after which a byte of the store, its -wal or -shm (or the folder) changed."""
    problems: list[str] = field(default_factory=list)


def make_damaged(folder: Path, rng: random.Random) -> Path:
    """A store with a long document and 1,500 highlights, twenty pages in its middle
    overwritten with noise."""
    db = folder / "reader.db"
    story = folder.parent / f"{folder.name}-story.txt"
    story.write_text(harbour_log(1500), encoding="utf-8")
    with Store(db) as store:
        record = library.open_path(store, story).document_id
        text = store.document_text(record) or ""
        for index in range(1500):
            start = text.index(log_quote(index) + ":")
            store.add_highlight(record, start, start + len(log_quote(index)), note=f"n {index}")
    with db.open("r+b") as handle:
        handle.seek(db.stat().st_size // PAGE // 2 * PAGE)
        handle.write(bytes(rng.getrandbits(8) for _ in range(20 * PAGE)))
    return db


def make_foreign(folder: Path, rng: random.Random) -> Path:
    """Another program's SQLite database, with a table of its own."""
    db = folder / "reader.db"
    with connected(db) as connection:
        connection.execute("CREATE TABLE expenses (day TEXT, amount REAL)")
        connection.executemany("INSERT INTO expenses VALUES (?, ?)", [("mon", 3.5)] * 100)
        connection.execute("PRAGMA user_version = 42")
        connection.commit()
    return db


def make_empty(folder: Path, rng: random.Random) -> Path:
    """A zero-length file."""
    db = folder / "reader.db"
    db.write_bytes(b"")
    return db


def _newer_commit(db: Path) -> None:
    def work(write: int) -> None:
        connection = sqlite3.connect(db)
        connection.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('reader', 'from_a_newer_reader', '2030-01-01')"
        )
        connection.commit()
        os._exit(0)  # killed, in effect: the commit stays in the -wal

    pid, read = fork_child(work)
    os.waitpid(pid, 0)
    reports(read)


def make_newer(folder: Path, rng: random.Random) -> Path:
    """A store from a newer reader whose last commit is only in its pending -wal."""
    db = folder / "reader.db"
    story = folder.parent / f"{folder.name}-story.txt"
    story.write_text(harbour_log(50), encoding="utf-8")
    with Store(db) as store:
        record = library.open_path(store, story).document_id
        store.add_highlight(record, 0, 10, note="kept")
    _newer_commit(db)
    return db


REFUSED_KINDS: dict[str, Callable[[Path, random.Random], Path]] = {
    "damaged": make_damaged,
    "foreign": make_foreign,
    "empty": make_empty,
    "newer": make_newer,
}


def refused_run(folder: Path, rng: random.Random) -> dict[str, RefusedResult]:
    """Each kind of store reader must refuse, under every command and the store API: one
    sentence, and not one byte changed (the SHA-256 of every file in its folder)."""
    results = {}
    story = folder / "harbour-log.txt"
    folder.mkdir(parents=True, exist_ok=True)
    story.write_text(harbour_log(), encoding="utf-8")
    for kind, make in REFUSED_KINDS.items():
        where = folder / kind
        where.mkdir()
        db = make(where, rng)
        home = folder / f"home-{kind}"
        result = RefusedResult()
        commands = [
            ("list",),
            ("search", "nets"),
            ("export", str(story)),
            ("export", "--all", str(folder / f"vault-{kind}")),
            ("highlight", str(story), log_quote(3), "--note", "refused"),
            ("open", str(story)),
        ]
        before = sha256_of(where)
        for command in commands:
            done = run_reader(db, home, *command)
            result.commands += 1
            lines = done.stderr.strip().splitlines()
            if done.returncode == 1 and len(lines) == 1 and "Traceback" not in done.stderr:
                result.refused += 1
            else:
                result.problems.append(f"{kind}: reader {command[0]}: {done.stderr.strip()!r}")
            if sha256_of(where) != before:
                result.changed += 1
                result.problems.append(f"{kind}: reader {command[0]} changed the store's bytes")
        result.commands += 1
        try:
            Store(db).close()
            result.problems.append(f"{kind}: the store API opened it")
        except StoreError:
            result.refused += 1
        if sha256_of(where) != before:
            result.changed += 1
            result.problems.append(f"{kind}: opening it through the API changed its bytes")
        results[kind] = result
    return results
