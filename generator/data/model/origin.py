"""Where an entity was written, so that checks and lints can point at `path:line:col`.

Every entity of the model keeps one; it has a module of its own because every
aggregate's module needs it and it needs none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...errors import Diagnostic
from ..loader import Document, JsonPath


@dataclass(frozen=True)
class Origin:
    """Where an entity was written: its file and the JSON path of its mapping."""

    document: Document = field(compare=False, repr=False)
    base: JsonPath = ()

    @property
    def path(self) -> str:
        return self.document.display

    def diagnostic(
        self,
        message: str,
        *sub: str | int,
        key: bool = False,
        severity: Literal["error", "warning", "note"] = "error",
    ) -> Diagnostic:
        return self.document.diagnostic((*self.base, *sub), message, key=key, severity=severity)
