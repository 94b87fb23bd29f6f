"""Where the public reference data (../shared/data) lives, for imports and tests."""

from pathlib import Path

from django.conf import settings


def shared_data_dir() -> Path:
    return Path(settings.TEIXIT_SHARED_DATA)


def shared_data_file(*parts: str) -> Path | None:
    """The path of a file of the shared data folder, or None when it is absent."""
    path = shared_data_dir().joinpath(*parts)
    return path if path.exists() else None
