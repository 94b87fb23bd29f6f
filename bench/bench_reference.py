#!/usr/bin/env python
"""Reference data shipped with Teixit: its size and the time to load it.

What it measures, on a temporary SQLite file under /tmp (never db.sqlite3) and
with no ../shared/data (TEIXIT_SHARED_DATA points nowhere), as on a bare clone:
1. the size in the repository of the shipped reference data
   (`teixit/territories/data/`, `teixit/vocabulary/data/essglobal.json.gz` and
   the `sources.json` files);
2. the time of `import_territories --reference` (947 municipalities of
   Catalonia with boundaries, 43 comarques and 4 provinces with outlines, 8,132
   municipalities of Spain, 10,026 population figures) and of
   `import_vocabulary --default` (352 concepts) on an empty database, then of
   a second `import_territories --reference` (nothing changes).

Baseline, measured in the same run: reading and decompressing the shipped
files into the importer's structures (`reference_read()`, no database); the
load is printed as a ratio of it (the database writes cost that many reads).

Targets (issue 20): under 5 MB in the repository; loading under 10 s on the
project's 2-core machine. Misses are printed and end with exit status 1.

    .venv/bin/python bench/bench_reference.py
"""

from __future__ import annotations

import os
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = Path("/tmp/teixit-bench-reference.sqlite3")
for suffix in ("", "-wal", "-shm"):
    Path(f"{DB}{suffix}").unlink(missing_ok=True)
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ["TEIXIT_SHARED_DATA"] = "/nonexistent"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

MAX_BYTES = 5_000_000
MAX_SECONDS = 10.0


def shipped_files() -> list[Path]:
    territories = sorted((ROOT / "teixit/territories/data").iterdir())
    vocabulary = ROOT / "teixit/vocabulary/data"
    return [p for p in territories if p.name != "README.md"] + [
        vocabulary / "essglobal.json.gz",
        vocabulary / "sources.json",
    ]


def timed(*args) -> float:
    started = time.perf_counter()
    call_command(*args, stdout=StringIO())
    return time.perf_counter() - started


def main() -> int:
    misses = []
    total = 0
    print("Shipped reference data:")
    for path in shipped_files():
        size = path.stat().st_size
        total += size
        print(f"  {path.relative_to(ROOT)}: {size:,} bytes")
    print(f"  total: {total:,} bytes (target < {MAX_BYTES:,})")
    if total >= MAX_BYTES:
        misses.append("size")

    from teixit.territories.reference import reference_read

    started = time.perf_counter()
    reference_read()
    baseline = time.perf_counter() - started
    print(f"Baseline: reading the shipped territories {baseline:.2f} s")

    call_command("migrate", verbosity=0)
    territories = timed("import_territories", "--reference")
    vocabulary = timed("import_vocabulary", "--default")
    again = timed("import_territories", "--reference")
    print(f"Loading on an empty SQLite database: territories {territories:.1f} s, "
          f"vocabulary {vocabulary:.1f} s, together {territories + vocabulary:.1f} s "
          f"(target < {MAX_SECONDS:.0f} s); territories again (no change) {again:.1f} s; "
          f"territories = {territories / baseline:.0f}× the baseline")  # fmt: skip
    if territories + vocabulary >= MAX_SECONDS:
        misses.append("load time")
    for name in misses:
        print(f"MISS: {name}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
