"""A published warehouse knows whether it already reflects a folder and the current code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestration import fingerprint
from orchestration.ingest import ingest_folder
from orchestration.warehouse import connect, ensure_schema
from tests.conftest import FIXTURES


def _published(source: Path, path: Path, run_id: str = "run-1") -> Path:
    """A warehouse stamped as the publish step stamps it, after a real ingest of `source`."""
    with connect(path) as con:
        ensure_schema(con)
        ingest_folder(con, source, run_id)
        fingerprint.record(con, run_id)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source = tmp_path / "landing"
    source.mkdir()
    for name in ("web_capture.txt", "issue_simplified.txt"):
        shutil.copy(FIXTURES / name, source)
    return source


def test_the_same_files_under_the_same_code_are_unchanged(folder: Path, tmp_path: Path) -> None:
    published = _published(folder, tmp_path / "w.duckdb")
    assert fingerprint.unchanged_since(folder, published) == "run-1"
    (folder / "issue_simplified.txt").touch()  # a new modification time, the same content
    assert fingerprint.unchanged_since(folder, published) == "run-1"


@pytest.mark.parametrize(
    "change",
    [
        lambda f: (f / "issue_simplified.txt").write_text("关于调整的通知\n内容已更正。\n", encoding="utf-8"),
        lambda f: (f / "issue_simplified.txt").unlink(),
        lambda f: shutil.copy(FIXTURES / "tasks_mixed.txt", f),
        lambda f: (f / "issue_simplified.txt").rename(f / "renamed.txt"),
    ],
    ids=["changed", "removed", "added", "renamed"],
)
def test_any_change_to_the_folder_means_a_build(folder: Path, tmp_path: Path, change) -> None:
    published = _published(folder, tmp_path / "w.duckdb")
    change(folder)
    assert fingerprint.unchanged_since(folder, published) is None


def test_the_bytes_a_build_will_parse_are_those_the_warehouse_does_not_hold(folder: Path, tmp_path: Path) -> None:
    """What `gazette build` reads to start its parse workers ahead: new and changed files count,
    a renamed one does not (its content is held), nor does anything without a change."""
    total = sum(path.stat().st_size for path in folder.iterdir())
    assert fingerprint.compare(folder, tmp_path / "missing.duckdb") == fingerprint.Comparison(None, total)
    published = _published(folder, tmp_path / "w.duckdb")
    assert fingerprint.compare(folder, published) == fingerprint.Comparison("run-1", 0)
    shutil.copy(FIXTURES / "tasks_mixed.txt", folder)
    (folder / "issue_simplified.txt").write_text("关于调整的通知\n内容已更正。\n", encoding="utf-8")
    new = (folder / "tasks_mixed.txt").stat().st_size + (folder / "issue_simplified.txt").stat().st_size
    assert fingerprint.compare(folder, published) == fingerprint.Comparison(None, new)
    (folder / "issue_simplified.txt").unlink()
    (folder / "web_capture.txt").rename(folder / "renamed.txt")
    assert fingerprint.compare(folder, published).new_bytes == (folder / "tasks_mixed.txt").stat().st_size
    (folder / "empty.txt").write_bytes(b"")
    (folder / "tasks_mixed.txt").unlink()
    assert fingerprint.compare(folder, published) == fingerprint.Comparison(None, 0)  # an empty file is a change


def test_other_code_or_no_stamp_means_a_build(folder: Path, tmp_path: Path) -> None:
    published = _published(folder, tmp_path / "w.duckdb")
    with connect(published) as con:
        con.execute("update raw.meta set value = 'older-code' where key = ?", [fingerprint.CODE_VERSION_KEY])
    assert fingerprint.unchanged_since(folder, published) is None
    with connect(published) as con:
        con.execute("delete from raw.meta where key = ?", [fingerprint.RUN_KEY])
    assert fingerprint.unchanged_since(folder, published) is None
    assert fingerprint.unchanged_since(folder, tmp_path / "missing.duckdb") is None


def test_a_file_over_the_size_limit_always_builds(folder: Path, tmp_path: Path, monkeypatch) -> None:
    """The build decides what to do with a file it would not read; the shortcut never guesses."""
    monkeypatch.setenv("GAZETTE_MAX_FILE_MB", "0.001")  # issue_simplified.txt is over it
    published = _published(folder, tmp_path / "w.duckdb")
    assert fingerprint.unchanged_since(folder, published) is None


def test_the_code_version_follows_what_decides_rows_and_nothing_else(tmp_path: Path, monkeypatch) -> None:
    """A new model or parser rebuilds the warehouse; a new command-line option or benchmark not."""
    from orchestration import settings

    root = tmp_path / "repo"
    shutil.copytree(settings.REPO_ROOT / "orchestration", root / "orchestration")
    shutil.copytree(settings.DBT_PROJECT_DIR, root / "dbt_project", ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copytree(settings.REPO_ROOT / "seeds" / "reference", root / "seeds" / "reference")
    monkeypatch.setattr(settings, "REPO_ROOT", root)
    monkeypatch.setattr(settings, "DBT_PROJECT_DIR", root / "dbt_project")
    before = fingerprint.code_version()
    for path in (root / "orchestration" / "cli.py", root / "orchestration" / "bench.py"):
        path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert fingerprint.code_version() == before
    for path in (
        root / "dbt_project" / "models" / "marts" / "fct_targets.sql",
        root / "orchestration" / "parsing" / "targets.py",
        root / "seeds" / "reference" / "units.csv",
    ):
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert fingerprint.code_version() != before, path.name
        path.write_bytes(original)
    assert fingerprint.code_version() == before


def test_a_file_the_parser_failed_on_is_tried_again(folder: Path, tmp_path: Path) -> None:
    """A parser error may be passing (memory, a killed worker); the next build retries it."""
    published = _published(folder, tmp_path / "w.duckdb")
    with connect(published) as con:
        con.execute(
            "insert into quality.rejected_files (source_file, reason) values "
            "('issue_simplified.txt', 'parser error (MemoryError: ); the file is kept for re-ingest')"
        )
    assert fingerprint.unchanged_since(folder, published) is None
