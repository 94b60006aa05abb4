"""Dagster's SQLite instance storage, keeping its database engines instead of making one per statement.

Dagster's SQLite storages create a SQLAlchemy engine, open the file, run one statement and dispose
of the engine for every event and every query: about 4 ms of each 6 ms an event costs, and a
build writes 400-500 events and asks for 100 asset records. These subclasses keep one engine per
database file (a few at most, least recently used dropped), so each statement costs a pooled
connection's checkout. Files, tables, transactions and journal mode are Dagster's own: an
instance written by them reads the same with the stock classes, and back.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.schedules.sqlite.sqlite_schedule_storage import SqliteScheduleStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine

KEPT_ENGINES = 8
"""Engines kept per storage: a build touches two files (its run's events and the index); the UI
reads a few runs at a time."""


class EngineCache:
    """Engines by connection string, made on first use, at most `size` kept (least recently used
    disposed). A forked child starts with an empty cache: pooled connections must not cross
    processes."""

    def __init__(self, size: int = KEPT_ENGINES) -> None:
        self._size = size
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._pid = os.getpid()
        self._lock = threading.Lock()

    def get(self, conn_string: str, on_new: Callable[[Engine], None] | None = None) -> Engine:
        with self._lock:
            if self._pid != os.getpid():
                self._engines.clear()
                self._pid = os.getpid()
            engine = self._engines.get(conn_string)
            if engine is not None:
                self._engines.move_to_end(conn_string)
                return engine
            engine = create_engine(conn_string, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            if on_new is not None:
                on_new(engine)
            self._engines[conn_string] = engine
            while len(self._engines) > self._size:
                self._engines.popitem(last=False)[1].dispose()
            return engine

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


@contextlib.contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


class KeptEngineEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (one file per run plus an index file), engines kept."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines = EngineCache()
        super().__init__(base_dir, inst_data)

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:

            def initialise(engine: Engine) -> None:
                if shard not in self._initialized_dbs:
                    self._initdb(engine)
                    self._initialized_dbs.add(shard)

            with _transaction(self._engines.get(self.conn_string_for_shard(shard), initialise)) as conn:
                yield conn

    def dispose(self) -> None:
        super().dispose()
        self._engines.dispose()


class KeptEngineRunStorage(SqliteRunStorage):
    """Dagster's SQLite run storage (runs.db), its engine kept."""

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines = EngineCache(size=1)
        super().__init__(conn_string, inst_data)

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        with _transaction(self._engines.get(self._conn_string)) as conn:
            yield conn

    def dispose(self) -> None:
        super().dispose()
        self._engines.dispose()


class KeptEngineSqliteStorage(DagsterSqliteStorage):
    """The instance's storage (dagster.yaml `storage: custom:`): Dagster's SQLite layout under
    `base_dir` (history/runs.db, history/runs/, schedules/), runs and events with kept engines."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self.base_dir = base_dir
        self._run_storage = KeptEngineRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = KeptEngineEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value: Any) -> KeptEngineSqliteStorage:  # type: ignore[override]
        return cls.from_local(inst_data=inst_data, **config_value)
