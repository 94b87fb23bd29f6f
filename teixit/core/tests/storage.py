"""Test helper: a media folder that cannot be written."""

from pathlib import Path


def make_media_unwritable(settings, tmp_path: Path) -> Path:
    """MEDIA_ROOT becomes a path no file can be stored under: a regular file
    stands where the folder should be (permissions would not stop root, which
    runs the tests in some environments). Storing an upload raises OSError, as
    with a read-only or full disk."""
    blocked = tmp_path / "media"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocked)
    return blocked
