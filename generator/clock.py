"""The build date: today, or the day SOURCE_DATE_EPOCH names (for reproducible builds).

A leaf, so that a command that only needs the date (`roadmap plan`) does not import the
site build to learn it.
"""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names (for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
