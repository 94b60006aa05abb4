"""Ingest into a real DuckDB file: incremental by content, rejections recorded and cleared."""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestration.ingest import ingest_folder
from orchestration.warehouse import connect, ensure_schema
from tests.conftest import FIXTURES


def _ingest(db: Path, source: Path, run_id: str):
    with connect(db) as con:
        ensure_schema(con)
        report = ingest_folder(con, source, run_id)
        files = con.execute("select source_file, run_id from raw.files order by 1").fetchall()
        rejected = con.execute("select source_file, reason from quality.rejected_files").fetchall()
    return report, files, rejected


def test_same_content_is_parsed_once_whatever_its_name(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", source / "a.txt")
    report, files, _ = _ingest(tmp_path / "w.duckdb", source, "run-1")
    assert report.parsed == ["a.txt"] and report.rows["raw.documents"] == 1
    shutil.copy(FIXTURES / "web_capture.txt", source / "b copy.txt")
    report, files, _ = _ingest(tmp_path / "w.duckdb", source, "run-2")
    assert report.parsed == [] and report.unchanged == ["a.txt", "b copy.txt"]
    assert files == [("a.txt", "run-1")]


def test_a_corrected_file_keeps_both_versions_in_raw(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    target = source / "issue.txt"
    shutil.copy(FIXTURES / "web_capture.txt", target)
    _ingest(tmp_path / "w.duckdb", source, "run-1")
    target.write_text(target.read_text(encoding="utf-8").replace("2021年5月6日", "2021年5月7日"), encoding="utf-8")
    report, files, _ = _ingest(tmp_path / "w.duckdb", source, "run-2")
    assert report.parsed == ["issue.txt"]
    assert files == [("issue.txt", "run-1"), ("issue.txt", "run-2")]


def test_rejection_is_recorded_once_and_cleared_when_the_file_is_fixed(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "broken.txt").write_bytes(b"")
    shutil.copy(FIXTURES / "issue_simplified.txt", source / "good.txt")
    report, files, rejected = _ingest(tmp_path / "w.duckdb", source, "run-1")
    assert report.rejected == {"broken.txt": "empty file (no text)"}
    assert [f for f, _ in files] == ["good.txt"]
    _, _, rejected = _ingest(tmp_path / "w.duckdb", source, "run-2")
    assert rejected == [("broken.txt", "empty file (no text)")]
    shutil.copy(FIXTURES / "web_capture.txt", source / "broken.txt")
    _, files, rejected = _ingest(tmp_path / "w.duckdb", source, "run-3")
    assert rejected == []
    assert [f for f, _ in files] == ["broken.txt", "good.txt"]


def test_symlink_outside_the_folder_is_rejected(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    outside = tmp_path / "secret.txt"
    shutil.copy(FIXTURES / "web_capture.txt", outside)
    (source / "link.txt").symlink_to(outside)
    report, files, _ = _ingest(tmp_path / "w.duckdb", source, "run-1")
    assert "symlink pointing outside" in report.rejected["link.txt"]
    assert files == []


def test_a_large_delivery_is_parsed_in_parallel_and_lands_the_same(tmp_path: Path, monkeypatch) -> None:
    from orchestration import ingest, workers

    source = tmp_path / "in"
    source.mkdir()
    for n, name in enumerate(["issue_simplified.txt", "web_capture.txt", "standalone_traditional.txt"]):
        shutil.copy(FIXTURES / name, source / f"{n}.txt")
    (source / "empty.txt").write_bytes(b"")
    serial = _ingest(tmp_path / "serial.duckdb", source, "run-1")
    monkeypatch.setattr(workers, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 1)  # a chunk per file: four chunks for two workers
    monkeypatch.setenv("GAZETTE_WORKERS", "2")
    parallel = _ingest(tmp_path / "parallel.duckdb", source, "run-1")
    assert parallel[0].parsed == serial[0].parsed == ["0.txt", "1.txt", "2.txt"]
    assert parallel[0].rows == serial[0].rows
    assert parallel[2] == serial[2] == [("empty.txt", "empty file (no text)")]


def _landing(db: Path) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute("select source_file, file_sha256, rejected from raw.landing order by 1").fetchall()


def test_the_landing_listing_follows_the_folder_revert_and_removal_included(tmp_path: Path) -> None:
    """raw.landing holds each file's current content: what the warehouse publishes."""
    source = tmp_path / "in"
    source.mkdir()
    issue = source / "issue.txt"
    shutil.copy(FIXTURES / "web_capture.txt", issue)
    shutil.copy(FIXTURES / "issue_simplified.txt", source / "other.txt")
    db = tmp_path / "w.duckdb"
    _ingest(db, source, "run-1")
    first = dict((name, sha) for name, sha, _ in _landing(db))
    issue.write_text(issue.read_text(encoding="utf-8").replace("2021年5月6日", "2021年5月7日"), encoding="utf-8")
    _ingest(db, source, "run-2")
    assert dict((name, sha) for name, sha, _ in _landing(db))["issue.txt"] != first["issue.txt"]
    shutil.copy(FIXTURES / "web_capture.txt", issue)  # reverted: known content, not parsed again
    (source / "other.txt").unlink()
    report, files, _ = _ingest(db, source, "run-3")
    assert report.unchanged == ["issue.txt"] and report.parsed == []
    assert _landing(db) == [("issue.txt", first["issue.txt"], False)]
    assert len(files) == 3  # raw keeps every version


def test_a_good_file_clears_its_old_rejection_even_when_its_content_is_known(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", source / "a.txt")
    (source / "b.txt").write_bytes(b"\x00\x01 not text")
    (source / "gone.txt").write_bytes(b"")
    db = tmp_path / "w.duckdb"
    _, _, rejected = _ingest(db, source, "run-1")
    assert sorted(name for name, _ in rejected) == ["b.txt", "gone.txt"]
    assert ("b.txt", None, True) not in _landing(db) and _landing(db)[1][2] is True
    shutil.copy(FIXTURES / "web_capture.txt", source / "b.txt")  # fixed, with content already known
    (source / "gone.txt").unlink()
    report, _, rejected = _ingest(db, source, "run-2")
    assert report.unchanged == ["a.txt", "b.txt"]
    assert rejected == []
    assert [(name, is_rejected) for name, _, is_rejected in _landing(db)] == [("a.txt", False), ("b.txt", False)]


def test_subfolders_are_not_read(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "archive").mkdir(parents=True)
    shutil.copy(FIXTURES / "web_capture.txt", source / "archive" / "old.txt")
    shutil.copy(FIXTURES / "web_capture.txt", source / "a.txt")
    report, files, rejected = _ingest(tmp_path / "w.duckdb", source, "run-1")
    assert report.parsed == ["a.txt"] and rejected == [] and [f for f, _ in files] == ["a.txt"]
