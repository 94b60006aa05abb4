"""The warehouse resource: the one setting (GAZETTE_WAREHOUSE) and the paths derived from it."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import sys
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version
from pydantic import PrivateAttr

from orchestration import settings, warm_dbt
from orchestration.defs.dbt_project import dbt_project


class WarehouseResource(dg.ConfigurableResource):
    """The landing folder and the published DuckDB file; builds happen in the sibling build
    file. The ingest and the sensor both read the folder from here, so they always agree."""

    path: str = str(settings.DEFAULT_WAREHOUSE)
    source: str = str(settings.DEFAULT_LANDING)
    allow_empty: bool = False

    @property
    def published(self) -> Path:
        return Path(self.path).resolve()

    @property
    def build(self) -> Path:
        return settings.build_path(self.published)

    @property
    def dbt_target(self) -> Path:
        return settings.dbt_target_path(self.published)

    @property
    def source_dir(self) -> Path:
        return Path(self.source).resolve()


class GazetteDbtResource(DbtCliResource):
    """dagster-dbt's resource without three start-up costs. It asks the dbt executable for its
    version (`dbt --version`, a 4 s process) and opens an in-process dbt adapter (another 4 s
    of imports and connection) only to fetch column metadata and row counts, which the
    row-count macro gives us instead; dbt-core is installed in this environment, so its version
    is read from the package metadata. And its dbt process imports for two seconds before it
    reads the project: when a run starts, a dbt process is started ahead (warm_dbt.py) unless
    `gazette build` started one already, and the executable, `gazette-dbt`, hands it the command."""

    _warm: contextlib.ExitStack = PrivateAttr(default_factory=contextlib.ExitStack)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        super().setup_for_execution(context)
        if Path(self.dbt_executable) == warm_dbt.CLIENT:
            self._warm.enter_context(warm_dbt.waiting())

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._warm.close()

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> Any:
        return None


def dbt_resource(warehouse: WarehouseResource) -> DbtCliResource:
    """dbt beside this interpreter (a console script may run without an activated venv), through
    `gazette-dbt` where it is installed. dbt's own debug log file is off: Dagster records every
    event dbt prints, and writing the file (megabytes per build) took a third of dbt's time."""
    os.environ["GAZETTE_BUILD_DB"] = str(warehouse.build)
    executables = [warm_dbt.CLIENT, Path(sys.executable).with_name("dbt")]
    executable = next((path for path in executables if path.exists()), None)
    return GazetteDbtResource(
        project_dir=dbt_project,
        dbt_executable=str(executable) if executable else "dbt",
        global_config_flags=["--no-use-colors", "--log-level-file", "none"],
    )


def default_resources(published: Path | None = None, source: Path | None = None, allow_empty: bool = False) -> dict:
    """The code location's resources: the landing folder (GAZETTE_SOURCE, default `landing/`)
    and the published file (GAZETTE_WAREHOUSE), unless a one-shot build names others."""
    warehouse = WarehouseResource(
        path=str(published or settings.warehouse_path()),
        source=str(source or settings.landing_dir()),
        allow_empty=allow_empty or settings.allow_empty(),
    )
    return {"warehouse": warehouse, "dbt": dbt_resource(warehouse)}
