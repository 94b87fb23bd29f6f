"""Reference data shipped with Teixit: deterministic compact files and their sources.

Apps that ship data derived from publishers' files keep it in `<app>/data/`, with
a `sources.json` written by `manage.py build_reference_data` (publisher, dataset,
licence, version and attribution of each source) and a human `README.md` beside
it. The credits page lists every app's `sources.json` (`reference_sources()`),
so core needs no import of the apps that ship data.

The files are written so that building twice from the same originals gives the
same bytes: JSON with sorted keys and no spaces, fixed rounding by the caller,
gzip with no file name and a zero modification time.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

SOURCES_FILE = "sources.json"


def json_bytes(data) -> bytes:
    """JSON text as bytes: sorted keys, no spaces, UTF-8, one final newline."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Gzip `data` with no file name and mtime 0, so the output depends only on it."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0
    ) as stream:
        stream.write(data)
    return buffer.getvalue()


def read_maybe_gzip(path: Path) -> bytes:
    """The content of a file, decompressed when its name ends in `.gz`."""
    data = Path(path).read_bytes()
    return gzip.decompress(data) if Path(path).suffix == ".gz" else data


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `{name: content}` into `folder` (`.gz` names compressed); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in sorted(files.items()):
        path = folder / name
        path.write_bytes(gzip_bytes(content) if name.endswith(".gz") else content)
        written.append(path)
    return written


@dataclass
class ReferenceSource:
    """One publisher's dataset behind shipped files (a row of the credits page)."""

    title: str  # English msgid, translated where it is shown
    publisher: str
    dataset: str
    licence: str
    licence_url: str
    url: str
    attribution: str
    version: str
    files: list[str]


def reference_sources() -> list[ReferenceSource]:
    """The sources of every app's shipped reference data, in app order."""
    from django.apps import apps

    sources = []
    for config in apps.get_app_configs():
        path = Path(config.path) / "data" / SOURCES_FILE
        if not path.is_file():
            continue
        for item in json.loads(path.read_text(encoding="utf-8"))["sources"]:
            sources.append(
                ReferenceSource(
                    **{
                        name: item.get(name, "" if name != "files" else [])
                        for name in ReferenceSource.__dataclass_fields__
                    }
                )
            )
    return sources
