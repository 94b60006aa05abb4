"""The one-shot build: every asset and check, in process, into a chosen warehouse file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from orchestration.definitions import ALL_ASSETS, ALL_CHECKS, build_job
from orchestration.defs.assets import published_warehouse
from orchestration.defs.resources import default_resources


@dataclass
class BuildOutcome:
    success: bool
    published: bool
    run_id: str
    failures: list[str]


def build(
    source: Path, warehouse: Path, instance: dg.DagsterInstance | None = None, log_level: str = "INFO"
) -> BuildOutcome:
    """Materialise every asset and check into `warehouse`; publishes only if all blocking checks pass."""
    definitions = dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[build_job],
        resources=default_resources(published=warehouse, source=source),
        executor=dg.in_process_executor,
    )
    result = definitions.resolve_job_def(build_job.name).execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )
    published = any(
        event.asset_key == published_warehouse.key
        for event in result.get_asset_materialization_events()
        for event in [event.event_specific_data.materialization]
    )
    failures = [
        f"{event.step_key}: {event.event_specific_data.error.message.strip()}"
        for event in result.all_events
        if event.is_step_failure and event.event_specific_data and event.event_specific_data.error
    ]
    return BuildOutcome(result.success and published, published, result.run_id, failures)
