"""The dbt project handle; its manifest is prepared once (make setup / first build), not per run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration import settings

dbt_project = DbtProject(project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR)


def ensure_manifest() -> Path:
    """Parse the dbt project if no manifest exists yet, so definitions can load."""
    manifest = dbt_project.manifest_path
    if not manifest.exists():
        executable = Path(sys.executable).with_name("dbt")
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        subprocess.run(
            [str(executable) if executable.exists() else "dbt", "parse", "--quiet",
             "--project-dir", str(settings.DBT_PROJECT_DIR),
             "--profiles-dir", str(settings.DBT_PROJECT_DIR)],
            check=True, env=env, cwd=settings.DBT_PROJECT_DIR,
        )
    return manifest
