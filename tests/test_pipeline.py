"""End to end: real Dagster materialisations, real dbt, real GX, real DuckDB files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.build import build
from orchestration.settings import build_path, dbt_target_path
from orchestration.warehouse import OLDEST_READER
from tests.conftest import FIXTURES, SEEDS, build_ok, query, read_with

EXPECTED = {
    ("000_6cc01af42b185a46.txt", "浙政发〔2016〕10号", dt.date(2016, 3, 25)),
    ("000_6cc01af42b185a46.txt", "浙政发〔2016〕12号", dt.date(2016, 3, 30)),
    ("000_6cc01af42b185a46.txt", "浙政办发〔2016〕31号", dt.date(2016, 3, 16)),
    ("001_42bf7d8596432405.txt", "浙环发〔2017〕1号", dt.date(2017, 2, 6)),
    ("002_49e0c4cc59d6699c.txt", None, dt.date(2019, 3, 1)),
    ("003_1698baba0b225fb7.txt", None, dt.date(2018, 7, 20)),
    ("004_3bb5b98492d2b976.txt", "绍政发〔2018〕11号", dt.date(2018, 6, 27)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕32号", dt.date(2018, 6, 19)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕33号", dt.date(2018, 6, 20)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕34号", dt.date(2018, 6, 21)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕35号", dt.date(2018, 6, 26)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕36号", dt.date(2018, 6, 27)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕39号", dt.date(2018, 7, 9)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕40号", dt.date(2018, 7, 9)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕41号", dt.date(2018, 7, 9)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕42号", dt.date(2018, 7, 9)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕43号", dt.date(2018, 7, 9)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕44号", dt.date(2018, 7, 16)),
    ("004_3bb5b98492d2b976.txt", "绍政办发〔2018〕45号", dt.date(2018, 7, 17)),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return build_ok(SEEDS, tmp_path_factory.mktemp("seeds") / "gazette.duckdb")


def test_seed_build_publishes_the_nineteen_documents(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    rows = query(warehouse, "select source_file, doc_number, issued_date from marts.dim_documents")
    assert len(rows) == 19
    assert set(rows) == EXPECTED
    titles = dict(query(warehouse, "select doc_number, title from marts.dim_documents where doc_number is not null"))
    assert (
        titles["绍政办发〔2018〕40号"] == "绍兴市人民政府办公室关于印发绍兴市天然气发展三年行动计划(2018-2020年)的通知"
    )
    assert titles["浙政发〔2016〕10号"] == "浙江省人民政府关于促进快递业发展的实施意见"
    regions = {r for (r,) in query(warehouse, "select distinct region from marts.dim_documents")}
    assert regions == {"浙江省", "湖州市", "绍兴市"}


def test_seed_build_layers_and_quality(seed_build: tuple[Path, str]) -> None:
    warehouse, run_id = seed_build
    schemas = {s for (s,) in query(warehouse, "select schema_name from information_schema.schemata")}
    assert {"raw", "staging", "marts", "quality"} <= schemas
    checks = query(
        warehouse,
        "select table_name, check_name, success, blocking from quality.check_results where run_id = ?",
        [run_id],
    )
    assert {t for t, *_ in checks} == {
        "raw.clauses",
        "marts.dim_documents",
        "marts.fct_facility_projects",
        "marts.fct_fundings",
        "marts.fct_table_totals",
        "marts.fct_tasks",
        "marts.dim_agencies",
        "marts.fct_targets",
    }
    assert all(success for _, _, success, blocking in checks if blocking)
    assert {name for _, name, success, _ in checks if not success} == {
        "projects_investment_parts_within_total",  # the gas plan's project 2, a real inconsistency
        "agencies_resolve",  # agencies missing from the reference list, kept and flagged
        "tables_totals_reconcile",  # weight groups whose merged label sits mid-block, see README
        "targets_no_duplicates",  # a goal restated later in the same document
        "tasks_agency_names_well_formed",  # a Shaoxing row whose 时间要求 cell sits in the agency column
    }
    assert query(warehouse, "select count(*) from quality.rejected_files") == [(0,)]
    orphan_docs = query(
        warehouse,
        "select count(*) from marts.dim_documents d where not exists "
        "(select 1 from staging.stg_clauses c where c.document_id = d.document_id)",
    )
    assert orphan_docs == [(0,)]
    assert not build_path(warehouse).with_suffix(".duckdb.wal").exists()


def test_descriptions_reach_bi_tools_as_comments(seed_build: tuple[Path, str]) -> None:
    """dbt persist_docs: the published file carries the YAML descriptions as table and column
    comments, where a BI tool (or duckdb_columns()) finds them."""
    warehouse, _ = seed_build
    (table_comment,) = query(
        warehouse, "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'fct_tasks'"
    )
    assert table_comment[0].startswith("One row per assigned task")
    (column_comment,) = query(
        warehouse,
        "select comment from duckdb_columns() where schema_name = 'marts' and table_name = 'fct_tasks' "
        "and column_name = 'lead_agencies'",
    )
    assert column_comment[0].startswith("Lead agencies")


def test_the_oldest_duckdb_promised_reads_the_published_file(seed_build: tuple[Path, str], oldest_duckdb: Path) -> None:
    """BI drivers carry older DuckDB releases: the published file is written in a storage
    version they read (warehouse.STORAGE_VERSION), comments and views included."""
    warehouse, _ = seed_build
    version, documents, comment, latest = read_with(
        oldest_duckdb,
        warehouse,
        "select count(*) from marts.dim_documents",
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'fct_tasks'",
        "select count(*) > 0 from quality.latest_check_results",
    )
    assert version == OLDEST_READER
    assert documents == "[(19,)]" and "One row per assigned task" in comment and latest == "[(True,)]"


@pytest.mark.slow
def test_gazette_docs_documents_every_mart(seed_build: tuple[Path, str]) -> None:
    """`gazette docs --generate-only`: dbt's documentation site as one file, its catalogue read
    from a copy of the published warehouse."""
    warehouse, _ = seed_build
    gazette = Path(sys.executable).with_name("gazette")
    done = subprocess.run(
        [str(gazette), "docs", "--generate-only", "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    page = Path(done.stdout.strip().splitlines()[-1].removeprefix("documentation: "))
    html = page.read_text(encoding="utf-8")
    assert "fct_tasks" in html and "Lead agencies" in html and "bridge_task_agencies" in html


def test_latest_quality_views_show_the_last_run_only(seed_build: tuple[Path, str], tmp_path: Path) -> None:
    warehouse, run_id = seed_build
    copy = tmp_path / "copy.duckdb"
    shutil.copy(warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        latest = con.execute("select count(*) from quality.latest_check_results").fetchone()
        ours = con.execute("select count(*) from quality.check_results where run_id = ?", [run_id]).fetchone()
        assert latest == ours and latest[0] > 0
        con.execute(
            "insert into quality.check_results (run_id, checked_at, table_name, check_name, success) "
            "values ('older', timestamp '2000-01-01', 'marts.x', 'old_check', false)"
        )
        con.execute("insert into quality.flagged_rows values ('older', 'old_check', 'marts.x', 'k', 'old')")
        assert con.execute("select distinct run_id from quality.latest_check_results").fetchall() == [(run_id,)]
        assert con.execute("select distinct run_id from quality.latest_flagged_rows").fetchall() == [(run_id,)]
        con.execute(
            "insert into quality.check_results (run_id, checked_at, table_name, check_name, success) "
            "values ('newer', now() + interval 1 day, 'marts.x', 'new_check', true)"
        )
        assert con.execute("select run_id, check_name from quality.latest_check_results").fetchall() == [
            ("newer", "new_check")
        ]
    finally:
        con.close()


def test_clauses_keep_outline_and_source_lines(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    (row,) = query(
        warehouse,
        "select c.section_path, c.line_start from staging.stg_clauses c join marts.dim_documents d using (document_id) "
        "where d.doc_number = '浙政发〔2016〕10号' and c.clause_text like '(一)增强快递企业实力%'",
    )
    assert row == ("二/(一)", 50)
    joined = query(
        warehouse,
        "select count(*) from staging.stg_clauses c join marts.dim_documents d using (document_id) "
        "where d.doc_number = '浙政发〔2016〕10号' and c.clause_text like '%推进发展“互联网+”快递%'",
    )
    assert joined == [(1,)]


def test_the_dbt_target_keeps_run_results_and_no_manifest(seed_build: tuple[Path, str]) -> None:
    """dbt's run_results.json stays beside the warehouse for whoever debugs a build; the manifest
    is left out (warm_dbt._without_manifest_json): Dagster reads the project's."""
    warehouse, _ = seed_build
    target = dbt_target_path(warehouse)
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    assert "model.gazette_warehouse.fct_targets" in {result["unique_id"] for result in results["results"]}
    assert not (target / "manifest.json").exists()
    assert (target / "partial_parse.msgpack").exists()


@pytest.mark.slow
def test_rebuild_is_incremental_and_stable(seed_build: tuple[Path, str], tmp_path: Path) -> None:
    warehouse, _ = seed_build
    before = query(warehouse, "select document_id from marts.dim_documents order by 1")
    files_before = query(warehouse, "select file_sha256, run_id from raw.files order by 1")
    outcome = build(SEEDS, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert outcome.success, outcome.failures
    assert query(warehouse, "select document_id from marts.dim_documents order by 1") == before
    assert query(warehouse, "select file_sha256, run_id from raw.files order by 1") == files_before
    fresh = tmp_path / "fresh.duckdb"
    assert build(SEEDS, fresh, instance=dg.DagsterInstance.ephemeral()).success
    assert query(fresh, "select document_id from marts.dim_documents order by 1") == before


@pytest.mark.slow
def test_bad_files_are_recorded_and_the_rest_lands(tmp_path: Path) -> None:
    source = tmp_path / "landing folder"
    source.mkdir()
    text = (FIXTURES / "standalone_traditional.txt").read_text(encoding="utf-8")
    (source / "溫州 big5.txt").write_bytes(text.encode("big5"))
    (source / "嘉兴 gb18030.txt").write_bytes((FIXTURES / "issue_simplified.txt").read_text().encode("gb18030"))
    (source / "empty.txt").write_bytes(b"")
    (source / "scan.txt").write_bytes(b"%PDF-1.5\n\x00\x01binary")
    warehouse = tmp_path / "out" / "gazette.duckdb"
    outcome = build(source, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert outcome.success, outcome.failures
    rejected = dict(query(warehouse, "select source_file, reason from quality.rejected_files"))
    assert set(rejected) == {"empty.txt", "scan.txt"}
    assert "empty" in rejected["empty.txt"] and "PDF" in rejected["scan.txt"]
    docs = query(warehouse, "select source_file, doc_number, title from marts.dim_documents order by 1, 2")
    assert [(f, n) for f, n, _ in docs] == [
        ("嘉兴 gb18030.txt", "嘉政办发〔2020〕18号"),
        ("嘉兴 gb18030.txt", "嘉政发〔2020〕5号"),
        ("溫州 big5.txt", "温环发〔2019〕7号"),
    ]
    encodings = dict(query(warehouse, "select source_file, encoding from staging.stg_files"))
    assert encodings == {"嘉兴 gb18030.txt": "gb18030", "溫州 big5.txt": "big5"}
    assert (source / "empty.txt").exists() and (source / "scan.txt").exists()


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One built and published warehouse of one small file, for the fault scenarios to copy."""
    folder = tmp_path_factory.mktemp("small")
    source = folder / "src"
    source.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", source)
    build_ok(source, folder / "gazette.duckdb")
    return folder


def _copy_of(small_build: Path, tmp_path: Path, fault_sql: str) -> tuple[Path, Path, str]:
    """A copy of the small warehouse (folder, build file, published file) with a fault written
    into the build file, as a bug upstream or a hand edit would leave it."""
    folder = tmp_path / "copy"
    shutil.copytree(small_build, folder, symlinks=True)
    warehouse = folder / "gazette.duckdb"
    _write_fault(warehouse, fault_sql)
    return folder / "src", warehouse, _digest(warehouse)


def _write_fault(warehouse: Path, fault_sql: str) -> None:
    con = duckdb.connect(str(build_path(warehouse)))
    con.execute(fault_sql)
    con.close()


@pytest.mark.slow
def test_blocking_check_failure_keeps_the_published_file(small_build: Path, tmp_path: Path) -> None:
    source, warehouse, published = _copy_of(
        small_build,
        tmp_path,
        "insert into raw.clauses (clause_id, document_id, paragraph_no, sentence_no, text) "
        "select document_id || '-bad', document_id, 999, 1, '' from raw.documents limit 1",
    )
    outcome = build(source, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert not outcome.success and not outcome.published
    assert _digest(warehouse) == published
    failed = query(
        build_path(warehouse),
        "select check_name, unexpected_count, failing_keys from quality.check_results where run_id = ? and not success",
        [outcome.run_id],
    )
    assert len(failed) == 1
    name, count, keys = failed[0]
    assert (name, count) == ("clauses_text_present", 1)
    assert keys[0].endswith("-bad")
    (check,) = [c for c in outcome.failed_checks if c.startswith("staging/stg_clauses/clauses_text_present (error)")]
    assert "web_capture.txt line" in check and "an empty clause" in check  # names the file


@pytest.mark.slow
def test_a_failing_dbt_test_shows_as_its_check_and_keeps_the_published_file(small_build: Path, tmp_path: Path) -> None:
    """dbt's events reach Dagster as they come: the models built before the failure are
    recorded with their row counts, the failing test as a failed check, and the step's
    failure names it."""
    source, warehouse, published = _copy_of(
        small_build,
        tmp_path,
        "insert into raw.clauses (clause_id, document_id, paragraph_no, sentence_no, text) "
        "values ('orphan', 'no-such-document', 1, 1, '一个不属于任何文件的条款')",
    )
    instance = dg.DagsterInstance.ephemeral()
    outcome = build(source, warehouse, instance=instance)
    assert not outcome.success and not outcome.published
    assert _digest(warehouse) == published
    failed = [c for c in outcome.failed_checks if c.startswith("staging/stg_clauses/")]
    assert len(failed) == 1 and "relationships" in failed[0] and "(error)" in failed[0]
    assert any("dbt build failed" in f and "relationships_stg_clauses_document_id" in f for f in outcome.failures)
    regions = instance.get_latest_materialization_event(dg.AssetKey(["marts", "dim_regions"]))
    assert regions is not None and regions.run_id == outcome.run_id
    assert regions.asset_materialization.metadata["dagster/row_count"].value > 3000


@pytest.mark.slow
def test_the_published_warehouse_is_the_folder_as_it_is_now(small_build: Path, tmp_path: Path) -> None:
    """Correct one file and add another, then revert the first and remove the second: each
    build publishes exactly the files in the folder at their current content, and a removed
    file's bad row (an empty clause) can no longer block a build."""
    folder = tmp_path / "copy"
    shutil.copytree(small_build, folder, symlinks=True)
    source, warehouse = folder / "src", folder / "gazette.duckdb"
    issue = source / "web_capture.txt"
    original = issue.read_bytes()
    issue.write_text(original.decode("utf-8").replace("2021年5月6日", "2021年5月7日"), encoding="utf-8")
    shutil.copy(FIXTURES / "issue_simplified.txt", source / "嘉兴.txt")
    assert build(source, warehouse, instance=dg.DagsterInstance.ephemeral()).success
    dates = "select source_file, issued_date from marts.dim_documents order by 1, 2"
    assert ("web_capture.txt", dt.date(2021, 5, 7)) in query(warehouse, dates)
    assert {f for f, _ in query(warehouse, dates)} == {"web_capture.txt", "嘉兴.txt"}
    _write_fault(
        warehouse,
        "insert into raw.clauses (clause_id, document_id, paragraph_no, sentence_no, text) "
        "select document_id || '-empty', document_id, 999, 1, '' from raw.documents "
        "where doc_number like '嘉%' limit 1",
    )
    issue.write_bytes(original)
    (source / "嘉兴.txt").unlink()
    outcome = build(source, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert outcome.success, outcome.failures
    assert query(warehouse, dates) == [("web_capture.txt", dt.date(2021, 5, 6))]
    assert query(warehouse, "select count(*) from raw.files") == [(3,)]  # every version kept in raw


@pytest.mark.slow
def test_non_blocking_check_flags_the_row_and_still_publishes(small_build: Path, tmp_path: Path) -> None:
    source, warehouse, _ = _copy_of(
        small_build,
        tmp_path,
        "insert into raw.documents (document_id, file_sha256, doc_index, title) "
        "select 'untitled-doc', file_sha256, 99, null from raw.files",
    )
    outcome = build(source, warehouse, instance=dg.DagsterInstance.ephemeral())
    assert outcome.success, outcome.failures
    flagged = query(
        warehouse, "select check_name, row_key from quality.flagged_rows where run_id = ? order by 1", [outcome.run_id]
    )
    assert flagged == [
        ("dim_documents_have_clauses", "untitled-doc"),
        ("dim_documents_title_present", "untitled-doc"),
    ]


GAS = "2018-2020年绍兴市天然气基础设施项目建设计划表"


def test_gas_table_comes_out_whole(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    rows = query(
        warehouse,
        "select seq, category, name, start_month, end_month, length_km, total_investment_cny, invested_before_cny, "
        "planned_investment_cny, responsible_units from marts.fct_facility_projects where table_title = ? order by seq",
        [GAS],
    )
    assert [r[0] for r in rows] == list(range(1, 54))
    assert rows[0] == (
        1,
        "省长输管道项目",
        "上虞—新昌天然气管道工程",
        dt.date(2017, 4, 1),
        dt.date(2018, 7, 1),
        82.6,
        108000e4,
        15200e4,
        92800e4,
        ["市发改委", "上虞市政府", "嵊州市政府"],
    )
    by_seq = {r[0]: r for r in rows}
    assert by_seq[16][5] == 6.7 and by_seq[16][6] == 1789e4 and by_seq[16][7] is None
    assert by_seq[45][3:5] == (dt.date(2017, 1, 1), dt.date(2018, 11, 1))
    assert by_seq[47][3:5] == (dt.date(2019, 1, 1), dt.date(2020, 12, 1))
    assert by_seq[48][6:9] == (2000e4, 1700e4, 300e4)
    counts = query(
        warehouse,
        "select category, count(*) from marts.fct_facility_projects where table_title = ? group by 1 order by 2, 1",
        [GAS],
    )
    assert counts == [("加气站", 4), ("省长输管道项目", 4), ("应急调峰设施", 9), ("城市配套管网及附属设施", 36)]
    sums = query(
        warehouse,
        "select sum(total_investment_cny), sum(invested_before_cny), sum(planned_investment_cny) "
        "from marts.fct_facility_projects where table_title = ?",
        [GAS],
    )
    assert sums == [(741974e4, 30821e4, 677056e4)]  # the printed 合计 row, in yuan


def test_gas_fundings_and_reconciliation(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    kinds = query(
        warehouse,
        "select f.kind, count(*), sum(f.amount_cny) from marts.fct_fundings f "
        "join marts.fct_facility_projects p using (project_id) where p.table_title = ? group by 1 order by 1",
        [GAS],
    )
    assert kinds == [
        ("invested_to_date", 6, 30821e4),
        ("planned_investment", 53, 677056e4),
        ("total_investment", 53, 741974e4),
    ]
    totals = query(
        warehouse,
        "select row_kind, category, measure, stated_value, reconciles from marts.fct_table_totals "
        "where table_title = ? order by row_kind, category nulls first, measure",
        [GAS],
    )
    assert all(ok for *_, ok in totals)
    assert ("total", None, "项目数", 53.0, True) in totals
    assert ("category", "城市配套管网及附属设施", "项目数", 36.0, True) in totals
    assert ("category", "城市配套管网及附属设施", "总投资", 150648.0, True) in totals


def test_only_the_inconsistent_project_is_flagged(seed_build: tuple[Path, str]) -> None:
    warehouse, run_id = seed_build
    flagged = query(
        warehouse,
        "select f.check_name, p.table_title, p.seq, f.detail from quality.flagged_rows f "
        "join marts.fct_facility_projects p on p.project_id = f.row_key where f.run_id = ?",
        [run_id],
    )
    assert [(c, t, s) for c, t, s, _ in flagged] == [("projects_investment_parts_within_total", GAS, 2)]
    assert "9700" in flagged[0][3] and "128830" in flagged[0][3] and "129800" in flagged[0][3]


def test_other_project_tables_of_the_seeds(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    tables = dict(query(warehouse, "select table_title, count(*) from marts.fct_facility_projects group by 1"))
    assert tables["湖州市生态文明示范创建行动计划重点项目表"] == 28
    assert tables["绍兴市生态文明示范创建行动方案重点项目表"] == 21
    assert tables["全市工业园区整合提升方案"] == 24
    (huzhou,) = query(
        warehouse,
        "select name, category, start_month, end_month, responsible_units from marts.fct_facility_projects "
        "where table_title = '湖州市生态文明示范创建行动计划重点项目表' and seq = 8",
    )
    assert huzhou == (
        "污水处理厂清洁排放项目",
        "五水共治“碧水”行动重点项目",
        dt.date(2018, 1, 1),
        dt.date(2022, 12, 1),
        ["市建设局", "市环保局", "市质量技监局"],
    )
    shaoxing = query(
        warehouse,
        "select start_month, end_month, responsible_units from marts.fct_facility_projects "
        "where table_title = '绍兴市生态文明示范创建行动方案重点项目表' and seq = 1",
    )
    # only a 完成时间 column: an end month, no start month; the note above the table names the
    # responsible units of every row
    assert shaoxing == [(None, dt.date(2020, 12, 1), ["各区、县(市)人民政府", "滨海新城管委会"])]
    parks = query(
        warehouse,
        "select category, count(*) from marts.fct_facility_projects where table_title = '全市工业园区整合提升方案' "
        "group by 1 order by 1",
    )
    assert parks == [("上虞区", 9), ("嵊州市", 2), ("柯桥区", 5), ("诸暨市", 8)]
    assert query(
        warehouse, "select count(*) from marts.fct_table_totals where not reconciles and measure not like '%权重%'"
    ) == [(0,)]


BLUE_SKY = "绍兴市打赢蓝天保卫战行动计划2018年工作任务清单"


def test_tasks_from_responsibility_tables(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    rows = query(
        warehouse,
        "select seq, task_text, lead_agencies, supporting_agencies, weight, deadline from marts.fct_tasks "
        "where heading = ? and seq in (1, 6) order by seq, line_no",
        [BLUE_SKY],
    )
    assert rows[0][0] == 1 and rows[0][1].startswith("2018年9月底前建成上虞-新昌天然气管道工程")
    assert rows[0][2:] == (
        ["市发改委"],
        # the plan's 〔下同〕 units support every later task, the annex's rows included
        ["市建设局", "市公用事业集团", "各区、县〔市〕政府", "滨海新城管委会"],
        2.0,
        dt.date(2018, 9, 30),
    )
    assert [(r[2], r[4]) for r in rows[1:]] == [  # task 6 is four sub-tasks, each with its lead and weight
        (["市经信委"], 0.5),
        (["市市场监督管理局"], 0.5),
        (["市综合执法局"], 0.5),
        (["市公用事业集团"], 0.5),
    ]
    (total,) = query(
        warehouse,
        "select stated_value, computed_value from marts.fct_table_totals where table_title = ? and row_kind = 'total'",
        [BLUE_SKY],
    )
    assert total == (100.0, 100.0)
    huzhou = query(
        warehouse,
        "select seq, lead_agencies, supporting_agencies from marts.fct_tasks "
        "where heading = '湖州市生态文明示范创建行动计划工作任务责任分解表' and seq <= 4 order by seq",
    )
    assert huzhou[0] == (1, ["市环保局"], ["市级有关部门"])
    assert huzhou[2][1] == huzhou[3][1] == ["市环保局"]  # rows 3 and 4 sit in row 2's merged lead cell


def test_tasks_from_inline_clauses(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    (first,) = query(
        warehouse,
        "select t.lead_agencies, t.supporting_agencies from marts.fct_tasks t join marts.dim_documents d "
        "using (document_id) where d.doc_number = '浙政发〔2016〕12号' and t.task_text like '全面整治重污染行业%'",
    )
    assert first[0] == ["省环保厅", "省经信委"]
    assert first[1][:2] == ["省发展改革委", "省国土资源厅"] and "地方各级人民政府" in first[1]
    (later,) = query(
        warehouse,
        "select t.supporting_agencies from marts.fct_tasks t join marts.dim_documents d using (document_id) "
        "where d.doc_number = '浙政发〔2016〕12号' and t.task_text like '集中治理工业集聚区水污染%'",
    )
    assert "地方各级人民政府" in later[0]  # the standing instruction of the clause before
    (gas,) = query(
        warehouse,
        "select t.lead_agencies, t.supporting_agencies from marts.fct_tasks t join marts.dim_documents d "
        "using (document_id) where d.doc_number = '绍政办发〔2018〕40号' and t.source = 'clause' "
        "and t.task_text like '%加强气源保障能力%'",
    )
    assert gas == (["市发改委", "市公用事业集团", "各区、县〔市〕人民政府"], [])  # a bare 责任单位 list: all lead


def test_one_join_answers_what_an_agency_leads(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    led = query(
        warehouse,
        "select b.region, count(*), sum(t.weight) from marts.fct_tasks t join marts.bridge_task_agencies b "
        "using (task_id) where b.short_name = '市环保局' and b.role = 'lead' group by 1 order by 1",
    )
    assert [region for region, *_ in led] == ["湖州市", "绍兴市"]
    assert all(n > 10 for _, n, _ in led)


def test_every_responsibility_table_yields_tasks_with_leads(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    tables = dict(
        query(
            warehouse,
            "select heading, count(*) filter (where n_lead = 0) from marts.fct_tasks where source = 'table' "
            "and heading is not null group by 1",
        )
    )
    assert set(tables) == {
        "绍兴市生态文明示范创建行动方案工作任务责任分解表",
        "绍兴市生态文明示范创建行动方案2018年主要工作任务清单",
        "2018年全市工业园区整合提升工作清单",
        "绍兴市打赢蓝天保卫战行动计划2018年工作任务清单",
        "绍兴市天然气发展三年行动计划2018年重点工作清单",
        "湖州市生态文明示范创建行动计划工作任务责任分解表",
        "2018年湖州市生态文明示范创建实施计划主要工作任务清单",
    }
    assert set(tables.values()) == {0}
    (gas_first,) = query(
        warehouse,
        "select task_text, lead_agencies, section from marts.fct_tasks "
        "where heading = '绍兴市天然气发展三年行动计划2018年重点工作清单' and seq = 1",
    )
    assert gas_first[0].startswith("向上级能源主管部门和上游供应企业争取气源")
    assert gas_first[1:] == (["市发改委"], "优化天然气供应保障体系")


def test_targets_from_the_2017_provincial_goals_and_the_water_plan(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    goals = query(
        warehouse,
        "select t.region, t.metric, t.comparator, t.value, t.unit, t.target_year from marts.fct_targets t "
        "join marts.dim_documents d using (document_id) where d.doc_number = '浙环发〔2017〕1号' "
        "and t.line_no = 21 order by t.metric",
    )
    assert goals == [  # 设区市PM2.5年均浓度 maps to the canonical metric; 全省 is the province
        ("浙江省", "PM2.5年均浓度", "at_most", 43.0, "微克/立方米", 2017),
        ("浙江省", "污染地块安全利用率", "at_least", 90.0, "%", 2017),
        ("浙江省", "空气质量优良天数比例", "at_least", 80.0, "%", 2017),
    ]
    water = query(
        warehouse,
        "select t.value, t.target_year from marts.fct_targets t join marts.dim_documents d using (document_id) "
        "where d.doc_number = '浙政发〔2016〕12号' and t.metric_text like '%地表水考核断面I—III类水质比例' "
        "and t.comparator = 'at_least' order by t.target_year",
    )
    assert water == [(70.0, 2017), (80.0, 2020)]
    (huzhou,) = query(
        warehouse,
        "select t.region, t.comparator, t.value, t.target_year from marts.fct_targets t "
        "join marts.dim_documents d using (document_id) where d.title like '湖州市%' "
        "and t.metric = 'PM2.5年均浓度' and t.value = 35",
    )
    assert huzhou == ("湖州市", "at_most", 35.0, 2020)  # the year heads the paragraph: 2020年,力争…
    metrics = dict(query(warehouse, "select metric, aliases from marts.dim_metrics where in_reference"))
    assert "PM2.5平均浓度" in metrics["PM2.5年均浓度"]


def test_targets_from_the_district_target_table(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    rows = query(
        warehouse,
        "select region, metric, comparator, value, unit, target_year, baseline_year from marts.fct_targets "
        "where source = 'table' and region in ('越城区', '绍兴市') and metric in ('PM2.5年均浓度', '二氧化硫排放量') "
        "order by region desc, metric, target_year nulls last",
    )
    assert rows == [
        ("越城区", "PM2.5年均浓度", "at_most", 41.0, "微克/立方米", 2018, None),
        ("越城区", "PM2.5年均浓度", "at_most", 38.0, "微克/立方米", 2020, None),
        ("越城区", "二氧化硫排放量", "reduce_by", 8.0, "%", 2018, None),
        ("越城区", "二氧化硫排放量", "reduce_by", 23.0, "%", 2020, 2015),
        ("绍兴市", "PM2.5年均浓度", "at_most", 38.0, "微克/立方米", 2018, None),  # 全市平均
        ("绍兴市", "PM2.5年均浓度", "at_most", 36.0, "微克/立方米", 2020, None),
        ("绍兴市", "二氧化硫排放量", "reduce_by", 4.0, "%", 2018, None),
        ("绍兴市", "二氧化硫排放量", "reduce_by", 22.0, "%", 2020, 2015),
    ]
    assert query(
        warehouse,
        "select count(*) from marts.fct_targets where source = 'table' and region = '滨海新城' "
        "and metric = '二氧化硫排放量'",
    ) == [(0,)]  # "/" means no target


def test_money_stated_in_the_prose(seed_build: tuple[Path, str]) -> None:
    warehouse, _ = seed_build
    rows = query(
        warehouse,
        "select f.amount_cny, f.kind from marts.fct_fundings f join marts.dim_documents d using (document_id) "
        "where f.source = 'clause' and d.doc_number = '浙政发〔2016〕10号' order by f.amount_cny",
    )
    # 年业务收入超100亿元的快递总部企业: 100亿 and 200亿 qualify the firms counted; 1000亿 is the goal
    assert rows == [(1e10, "threshold"), (2e10, "threshold"), (1e11, "revenue")]
