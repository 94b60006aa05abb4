"""The checks' preload imports GX in a thread while the build goes on in the main thread. It must
not import into a package the build has loaded and is using: a module being imported is visible to
every thread, and a half-imported sqlalchemy.orm failed a Dagster query in CI (validate.py,
EXTENDED_BY_GX). Without that list this test names the ORM's modules, among others."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, reported_by_fresh_process

# A real build in a fresh process. A finder that finds nothing notes each module the preload
# thread imports and which packages were loaded when it imported its first; a profile of the main
# thread notes, per package, how many of those imports had begun at the first call into it.
SCRIPT = """
import importlib.abc, json, sys, threading
from pathlib import Path
import dagster as dg
from orchestration.build import build
from orchestration.quality import validate

imported, loaded, first_call = [], set(), {}

class Recorder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if threading.current_thread().name == validate.PRELOAD_THREAD:
            if not imported:
                loaded.update(module.split(".")[0] for module in list(sys.modules))
            imported.append(name)
        return None

def profile(frame, event, arg):
    if event == "call" and imported:
        first_call.setdefault(frame.f_globals.get("__name__", "").split(".")[0], len(imported))

sys.meta_path.insert(0, Recorder())
sys.setprofile(profile)
outcome = build(Path(sys.argv[1]), Path(sys.argv[2]), instance=dg.DagsterInstance.ephemeral())
sys.setprofile(None)
used = {package for package, seen in first_call.items() if seen < len(imported)}
print(json.dumps({
    "success": outcome.success,
    "imported": len(imported),
    "used": sorted(used),
    "extended": sorted({
        name for name in imported
        if name in sys.modules and name.split(".")[0] in loaded and name.split(".")[0] in used
    }),
}))
"""


def test_the_preload_imports_nothing_into_packages_the_build_has_loaded(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(FIXTURES / "web_capture.txt", landing / "台州.txt")
    report = reported_by_fresh_process(SCRIPT, str(landing), str(tmp_path / "wh" / "gazette.duckdb"))
    assert report["success"]
    assert report["imported"] > 100  # the recorder saw GX's import (pandas, great_expectations, ...)
    assert "dagster" in report["used"]  # the build went on while the preload imported
    assert report["extended"] == []
