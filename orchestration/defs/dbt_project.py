"""The dbt project handle; its manifest is prepared once (make setup / first build), not per run."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration import settings

dbt_project = DbtProject(
    project_dir=settings.DBT_PROJECT_DIR,
    target_path=settings.DBT_PROJECT_TARGET,
    profiles_dir=settings.DBT_PROJECT_DIR,
)


def _sources_newer_than(manifest: Path) -> bool:
    built = manifest.stat().st_mtime
    roots = [settings.DBT_PROJECT_DIR / d for d in ("models", "macros", "tests")]
    roots.append(settings.REPO_ROOT / "seeds" / "reference")
    files = [settings.DBT_PROJECT_DIR / "dbt_project.yml", settings.DBT_PROJECT_DIR / "profiles.yml"]
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


def seed_parse_state(target: Path) -> None:
    """Give a new warehouse's dbt target the project's saved parse state, prepared with the
    manifest under the same profile (the build file is not part of it): dbt checks it against
    every project file and parses again whatever changed, so it can only spare the full parse a
    new warehouse would start with (about 1.5 s of the seeds' build)."""
    saved, state = dbt_project.manifest_path.parent / settings.PARSE_STATE, target / settings.PARSE_STATE
    if saved.exists() and not state.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(saved, state)
