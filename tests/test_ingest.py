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
    from orchestration import ingest

    source = tmp_path / "in"
    source.mkdir()
    for n, name in enumerate(["issue_simplified.txt", "web_capture.txt", "standalone_traditional.txt"]):
        shutil.copy(FIXTURES / name, source / f"{n}.txt")
    (source / "empty.txt").write_bytes(b"")
    serial = _ingest(tmp_path / "serial.duckdb", source, "run-1")
    monkeypatch.setattr(ingest, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setenv("GAZETTE_WORKERS", "2")
    parallel = _ingest(tmp_path / "parallel.duckdb", source, "run-1")
    assert parallel[0].parsed == serial[0].parsed == ["0.txt", "1.txt", "2.txt"]
    assert parallel[0].rows == serial[0].rows
    assert parallel[2] == serial[2] == [("empty.txt", "empty file (no text)")]
