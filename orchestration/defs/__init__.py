"""Dagster wiring only: assets, checks and resources call into the modules above.

dagster-dbt is imported here first, with dbt-core out of its sight. When dagster-dbt finds
dbt-core installed it imports half of it (1.1 s of every command that loads this code location:
`gazette build`, a run worker, the code server) to type dbt's objects and to evaluate dbt
selections in this process. This code location runs dbt in a process of its own (`gazette-dbt`,
which imports dbt-core there) and selects every node, which dagster-dbt reads straight from the
manifest when dbt-core is absent, the mode it keeps for dbt Fusion; the dbt resource names the
installed dbt-core's version itself (defs/resources.py). The asset graph is the same either way
(tests/test_definitions.py), and dbt-core is visible again to whatever imports it afterwards.
In that mode dagster-dbt evaluates a selection other than every node through the dbt command
line, which it allows only for dbt Fusion: a `select=`/`exclude=` on `@dbt_assets` would fail to
load here (tests/test_definitions.py would say so).
"""

from __future__ import annotations

import contextlib
import sys


def _import_dagster_dbt_without_dbt_core() -> None:
    if "dagster_dbt" in sys.modules or "dbt.version" in sys.modules:
        return  # already imported, or dbt-core already loaded here: nothing left to save
    sys.modules["dbt.version"] = None  # type: ignore[assignment]  # an import of it now fails
    try:
        import dagster_dbt  # noqa: F401
    finally:
        del sys.modules["dbt.version"]
    _register_dbt_core()


def _register_dbt_core() -> None:
    """The library versions Dagster shows: dbt-core's, where dagster-dbt, not seeing it, named
    dbt Fusion."""
    import importlib.metadata

    from dagster_shared.libraries import DagsterLibraryRegistry

    libraries = DagsterLibraryRegistry._libraries
    libraries.pop("dbt-fusion", None)
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        DagsterLibraryRegistry.register("dbt-core", importlib.metadata.version("dbt-core"), is_dagster_package=False)


_import_dagster_dbt_without_dbt_core()
