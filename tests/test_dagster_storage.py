"""The warehouse's Dagster instance: Dagster's SQLite files, written through kept engines
(orchestration/dagster_storage.py), readable by the stock storage and back; its dagster.yaml
kept to the template unless someone made it their own."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration import settings
from orchestration.dagster_storage import KeptEngineEventLogStorage, KeptEngineRunStorage


@dg.asset
def numbers() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"count": 3})


@dg.asset_check(asset=numbers)
def numbers_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _materialise(instance: dg.DagsterInstance) -> str:
    result = dg.materialize([numbers, numbers_positive], instance=instance)
    assert result.success
    return result.run_id


def test_runs_written_with_kept_engines_read_the_same_with_dagster_s_own_storage(tmp_path: Path) -> None:
    home = tmp_path / "instance"
    home.mkdir()
    (home / "dagster.yaml").write_text(settings.instance_config(home))
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.event_log_storage, KeptEngineEventLogStorage)
        assert isinstance(instance.run_storage, KeptEngineRunStorage)
        first = _materialise(instance)
        events = [e.dagster_event.event_type_value for e in instance.all_logs(first) if e.dagster_event]

    stock = tmp_path / "stock"
    stock.mkdir()
    for part in ("history", "schedules"):
        (stock / part).symlink_to(home / part)
    (stock / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")  # Dagster's default storage
    with dg.DagsterInstance.from_config(str(stock)) as instance:
        assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert [r.run_id for r in instance.get_runs()] == [first]
        assert [e.dagster_event.event_type_value for e in instance.all_logs(first) if e.dagster_event] == events
        assert "ASSET_MATERIALIZATION" in events and "ASSET_CHECK_EVALUATION" in events
        latest = instance.get_latest_materialization_event(numbers.key)
        assert latest is not None and latest.run_id == first
        second = _materialise(instance)

    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert {r.run_id for r in instance.get_runs()} == {first, second}
        latest = instance.get_latest_materialization_event(numbers.key)
        assert latest is not None and latest.run_id == second
        evaluation = instance.event_log_storage.get_latest_asset_check_execution_by_key([numbers_positive.check_key])
        assert evaluation[numbers_positive.check_key].run_id == second


def test_the_instance_config_follows_the_template_unless_made_one_s_own(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    warehouse = tmp_path / "wh" / "gazette.duckdb"
    home = settings.dagster_home(warehouse)
    config = home / "dagster.yaml"
    assert home == settings.instance_dir(warehouse).resolve()
    assert config.read_text() == settings.instance_config(home) and str(home) in config.read_text()

    monkeypatch.delenv("DAGSTER_HOME")
    outdated = "# Copied to $DAGSTER_HOME/dagster.yaml by `gazette ui` when none exists.\ntelemetry: {enabled: false}\n"
    config.write_text(outdated)  # as an older version wrote it
    settings.dagster_home(warehouse)
    assert config.read_text() == settings.instance_config(home)

    monkeypatch.delenv("DAGSTER_HOME")
    own = "telemetry:\n  enabled: false\nrun_queue:\n  max_concurrent_runs: 2\n"
    config.write_text(own)
    settings.dagster_home(warehouse)
    assert config.read_text() == own
