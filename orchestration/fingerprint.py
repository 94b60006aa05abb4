"""Whether the published warehouse already reflects the landing folder, without building.

A published file is the product of two things: the files in the landing folder (each at its
content) and the code that read them (parsers, dbt project, reference seeds, checks, installed
engines). The build records the latter in raw.meta and the former in raw.landing, and both are
copied into the published file; when the folder and the code are the same now, a build would
produce the same file, so `gazette build` says so and stops in about a second instead of
parsing, modelling, checking and republishing.

The same stamps tell a build what it may skip when something did change: the dbt models built
document by document rebuild in full only under new code (models_built_by), and the
non-blocking checks read only the documents no published build has checked (unpublished_documents).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orchestration import settings

if TYPE_CHECKING:
    import duckdb

CODE_VERSION_KEY, RUN_KEY = "code_version", "published_by_run"
MODELS_KEY = "models_code_version"  # the code the incremental dbt models were last built with
_ENGINES = (
    "duckdb",
    "dbt-core",
    "dbt-duckdb",
    "great-expectations",
    "dagster",
    "dagster-dbt",
    "polars",
    "opencc",  # traditional to simplified
    "charset-normalizer",
)


# What in orchestration/ decides the warehouse's rows: parsers, checks, reference builders, the
# UDFs, how raw is written, and how ingest, dbt and the checks are called. The command line,
# the benchmark, the UI wiring and the writer slot do not, so changing them rebuilds nothing.
DATA_CODE = (
    "parsing",
    "quality",
    "reference",
    "dbt_plugin.py",
    "ingest.py",
    "spool.py",
    "warehouse.py",
    "defs/assets.py",
    "defs/checks.py",
)


def _code_files() -> list[Path]:
    dbt = settings.DBT_PROJECT_DIR
    code = settings.REPO_ROOT / "orchestration"
    roots = [*(code / part for part in DATA_CODE), dbt / "models", dbt / "macros", dbt / "tests"]
    roots.append(settings.REPO_ROOT / "seeds" / "reference")
    files = [dbt / "dbt_project.yml", dbt / "profiles.yml"]
    files += [root for root in roots if root.is_file()]
    files += [p for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file()]
    return sorted(p for p in files if p.exists() and "__pycache__" not in p.parts)


def code_version() -> str:
    """A digest of everything besides the input files that decides the warehouse's rows."""
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(path.relative_to(settings.REPO_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for engine in _ENGINES:
        try:
            digest.update(f"{engine}={importlib.metadata.version(engine)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{engine}=absent".encode())
    digest.update(f"python={sys.version_info[:3]} unicode={unicodedata.unidata_version}".encode())
    digest.update(f"max_file_bytes={settings.max_file_bytes()}".encode())
    return digest.hexdigest()[:16]


def _folder_contents(source: Path) -> dict[str, tuple[str, int]] | None:
    """Each candidate file's sha256 and size by name, or None when a file cannot simply be
    hashed (too large, not a regular file, a link): the build decides those, so they always build."""
    from orchestration.ingest import gazette_files

    contents, limit = {}, settings.max_file_bytes()
    try:
        for path in gazette_files(source):
            if path.is_symlink() or not path.is_file() or path.stat().st_size > limit:
                return None
            data = path.read_bytes()
            contents[path.relative_to(source).as_posix()] = (hashlib.sha256(data).hexdigest(), len(data))
    except OSError:  # unreadable, or gone since listed: the build records why
        return None
    return contents


@dataclass(frozen=True)
class Comparison:
    """The landing folder against the published warehouse: the run that published it when a
    build would change nothing, and how many bytes of the folder's files have a content it does
    not list (about what a build will parse: not a renamed file, nor re-derivation under new
    parsers; 0 when unknown)."""

    unchanged_since: str | None
    new_bytes: int


def compare(source: Path, published: Path) -> Comparison:
    """Hash the folder's files and compare them and the installed code with what published
    `published`."""
    contents = _folder_contents(source)
    new_bytes = sum(size for _, size in contents.values()) if contents else 0
    if not published.exists():
        return Comparison(None, new_bytes)
    import duckdb

    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return Comparison(None, new_bytes)
    try:
        meta = dict(con.execute("select key, value from raw.meta").fetchall())
        landing = con.execute("select source_file, file_sha256 from raw.landing").fetchall()
        ((retry,),) = con.execute(
            "select count(*) from quality.rejected_files where reason like 'parser error%'"
        ).fetchall()
    except duckdb.Error:
        return Comparison(None, new_bytes)
    finally:
        con.close()
    if contents is None:
        return Comparison(None, 0)
    held = {sha for _, sha in landing}
    new_bytes = sum(size for sha, size in contents.values() if sha not in held)
    if RUN_KEY not in meta or meta.get(CODE_VERSION_KEY) != code_version() or retry:
        return Comparison(None, new_bytes)  # (a file the parser failed on is tried again by every build)
    if {name: sha for name, (sha, _) in contents.items()} != dict(landing):
        return Comparison(None, new_bytes)
    return Comparison(meta[RUN_KEY], 0)


def unchanged_since(source: Path, published: Path) -> str | None:
    """The run that published `published` if it was built from exactly the files now in
    `source` by the code now installed, else None."""
    return compare(source, published).unchanged_since


def record(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Stamp the build database, just before it is published, with the code that built it."""
    con.executemany(
        "insert or replace into raw.meta values (?, ?)", [(CODE_VERSION_KEY, code_version()), (RUN_KEY, run_id)]
    )


def record_published_documents(con: duckdb.DuckDBPyConnection, checked: bool) -> None:
    """Remember, just before publishing, the documents published (each under its file's name):
    every check of this run read them, so the next build's non-blocking checks need not, and
    carry this run's flagged rows for them instead. When a check step did not complete
    (`checked` false) nothing is remembered and the next build checks every document."""
    if not checked:
        con.execute("drop table if exists raw.published_documents")
        return
    con.execute(
        "create or replace table raw.published_documents as "
        "select document_id, source_file from intermediate.int_current_documents"
    )


def unpublished_documents(con: duckdb.DuckDBPyConnection) -> str | None:
    """A query of the current documents no published build has checked yet (new, changed,
    renamed), or None when every document must be checked: nothing published from this
    database yet, or published by other code (other checks, other models)."""
    meta = dict(con.execute("select key, value from raw.meta").fetchall())
    ((published,),) = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = 'published_documents'"
    ).fetchall()
    if not published or meta.get(CODE_VERSION_KEY) != code_version():
        return None
    return (
        "select document_id from intermediate.int_current_documents "
        "where (document_id, source_file) not in (select (document_id, source_file) from raw.published_documents)"
    )


def models_built_by(con: duckdb.DuckDBPyConnection) -> str | None:
    """The code version the dbt models in this database were last completely built with."""
    row = con.execute("select value from raw.meta where key = ?", [MODELS_KEY]).fetchone()
    return row[0] if row else None


def stamp_models(con: duckdb.DuckDBPyConnection, version: str | None) -> None:
    """Record (or, before dbt starts, clear) the code the models were built with. Cleared first
    and set only after a successful `dbt build`, so a failed or killed build leaves no stamp and
    the next one rebuilds every model in full rather than trusting half-updated tables."""
    con.execute("delete from raw.meta where key = ?", [MODELS_KEY])
    if version is not None:
        con.execute("insert into raw.meta values (?, ?)", [MODELS_KEY, version])
