"""The report of an import run, and the small structures the run keeps
(keys seen, stored values)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

_MAX_REPORT_ROWS = 5000


# The run ------------------------------------------------------------------------


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    valid_only: bool
    counts: dict = field(
        default_factory=lambda: {
            "rows": 0,
            "created": 0,
            "updated": 0,
            "skipped": 0,
            "errors": 0,
        }
    )
    rows: list = field(default_factory=list)
    rows_not_shown: int = 0
    refused: bool = False
    message: str = ""
    file: dict = field(default_factory=dict)
    origin: str = ""  # which source and preset, and how they were chosen

    def add(
        self,
        line: int,
        action: str,
        *,
        key: str = "",
        name: str = "",
        messages: list | None = None,
        entity: int | None = None,
    ):
        if (
            len(self.rows) < _MAX_REPORT_ROWS
            or action == "error"
            and len(self.rows) < 4 * _MAX_REPORT_ROWS
        ):
            self.rows.append(
                {
                    "line": line,
                    "action": action,
                    "key": key,
                    "name": name,
                    "messages": messages or [],
                    "entity": entity,
                }
            )
        else:
            self.rows_not_shown += 1

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "valid_only": self.valid_only,
            "counts": self.counts,
            "refused": self.refused,
            "message": self.message,
            "file": self.file,
            "origin": self.origin,
            "rows": self.rows,
            "rows_not_shown": self.rows_not_shown,
        }


class _Refused(Exception):
    pass


class _Stored:
    """Attribute access to a dict of stored values, so that `_apply` compares a
    row with an entity without building a model instance."""

    __slots__ = ("_values",)

    def __init__(self, values: dict) -> None:
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str):
        if name == "pk":
            name = "id"
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value) -> None:
        self._values[name] = value


class KeyLines:
    """The line where each key of a file was first seen, in two flat arrays
    (open addressing on the key's 64-bit hash): 12 bytes a key instead of about
    a hundred in a dict of ints, so that a million keys fit in 24 MB. Two keys
    with the same hash count as the same key (about one chance in 10^7 for a
    million keys)."""

    def __init__(self, expected: int = 0) -> None:
        size = 1 << 10
        while size < 2 * expected:
            size <<= 1
        self._allocate(size)

    def _allocate(self, size: int) -> None:
        self._hashes = array("q", bytes(8 * size))  # 0: an empty slot
        self._lines = array("i", bytes(4 * size))
        self._mask = size - 1
        self._free = size // 2  # keys that fit before growing

    def first_line(self, key: str, line: int) -> int | None:
        """The line of `key`'s first row, or None when this is the first (then
        `line` is recorded for it)."""
        digest = hash(key) or 1
        hashes = self._hashes
        mask = self._mask
        slot = digest & mask
        while True:
            found = hashes[slot]
            if found == digest:
                return self._lines[slot]
            if not found:
                break
            slot = (slot + 1) & mask
        hashes[slot] = digest
        self._lines[slot] = line
        self._free -= 1
        if not self._free:
            self._grow()
        return None

    def _grow(self) -> None:
        old = [(h, n) for h, n in zip(self._hashes, self._lines, strict=True) if h]
        self._allocate(2 * (self._mask + 1))
        hashes, lines, mask = self._hashes, self._lines, self._mask
        self._free -= len(old)
        for digest, line in old:
            slot = digest & mask
            while hashes[slot]:
                slot = (slot + 1) & mask
            hashes[slot] = digest
            lines[slot] = line
