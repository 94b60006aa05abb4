"""The dbt project handle; its manifest is prepared once (make setup / first build), not per run."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration import settings

dbt_project = DbtProject(project_dir=settings.DBT_PROJECT_DIR, profiles_dir=settings.DBT_PROJECT_DIR)


def _sources_newer_than(manifest: Path) -> bool:
    built = manifest.stat().st_mtime
    roots = [settings.DBT_PROJECT_DIR / d for d in ("models", "macros", "tests")]
    roots.append(settings.REPO_ROOT / "seeds" / "reference")
    files = [settings.DBT_PROJECT_DIR / "dbt_project.yml"]
    files += [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
    return any(p.stat().st_mtime > built for p in files)


def ensure_manifest() -> Path:
    """Parse the dbt project when the manifest is missing or older than the project files."""
    manifest = dbt_project.manifest_path
    if manifest.exists() and not _sources_newer_than(manifest):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest.exists() and not _sources_newer_than(manifest):
            return manifest
        executable = Path(sys.executable).with_name("dbt")
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        subprocess.run(
            [
                str(executable) if executable.exists() else "dbt",
                "parse",
                "--quiet",
                "--project-dir",
                str(settings.DBT_PROJECT_DIR),
                "--profiles-dir",
                str(settings.DBT_PROJECT_DIR),
            ],
            check=True,
            env=env,
            cwd=settings.DBT_PROJECT_DIR,
        )
    return manifest
