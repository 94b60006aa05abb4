"""The console logger of `gazette build`: one short, timed line per message of our own steps.

Dagster's own events log at DEBUG, so at INFO a user sees what the steps say (files read,
dbt nodes done, checks, publication) and nothing else.
"""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg


class _Short(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, "dagster_meta", None) or {}
        return f"{time.strftime('%H:%M:%S')} {meta.get('orig_message') or record.getMessage()}"


STAGES = ("ingest:", "dbt:", "checks:", "publish:")


def _ours(record: logging.LogRecord) -> bool:
    """Below DEBUG, the stage lines our steps write and every warning; not the libraries' chatter."""
    meta = getattr(record, "dagster_meta", None) or {}
    message = meta.get("orig_message") or record.getMessage()
    return record.levelno >= logging.WARNING or message.startswith(STAGES)


@dg.logger(
    config_schema={"log_level": dg.Field(str, is_required=False, default_value="INFO")},
    description="Short progress lines on stderr.",
)
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    level = init_context.logger_config["log_level"]
    logger = logging.Logger("gazette", level=level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Short())
    if logging.getLevelName(level) > logging.DEBUG:
        handler.addFilter(_ours)
    logger.addHandler(handler)
    return logger
