"""The reading process of large imports: the file is read and validated in
a forked child while the parent writes (see `EntityImport._chunks_from_reader`)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .rows import RowValidator

if TYPE_CHECKING:
    from .run import EntityImport

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """Make this forked process end when its parent does, however the parent
    ends. On Linux the kernel sends SIGKILL to it when the parent dies
    (`prctl(PR_SET_PDEATHSIG)`); the parent may have died before that call,
    hence the check of the parent's pid afterwards. Elsewhere the closed pipe
    ends it at its next write (see `_read_in_child`)."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:
        os._exit(0)


def _read_in_child(
    run: EntityImport,
    validator: RowValidator,
    sender,
    receiver=None,
    parent: int | None = None,
) -> None:
    """Body of the reading process (see `EntityImport._chunks_from_reader`).

    The child closes its copy of the receiving end first: then, when the parent
    is gone, nobody reads the pipe any more and a write fails (BrokenPipeError)
    instead of blocking forever on a full pipe; and it asks to be killed with
    its parent, so that it never outlives it while reading a large file."""
    import pickle

    if receiver is not None:
        receiver.close()
    if parent is not None:
        _die_with_parent(parent)
    try:
        for processed, empty, rows in run._chunks(validator):
            sender.send(
                (
                    "chunk",
                    processed,
                    empty,
                    [
                        (
                            r.line,
                            r.key,
                            r.values,
                            r.sectors,
                            r.criteria,
                            r.external,
                            r.errors,
                            r.warnings,
                        )
                        for r in rows
                    ],  # fmt: skip
                )
            )
        sender.send(("end",))
    except (BrokenPipeError, ConnectionResetError):
        pass  # the writing process stopped first
    except Exception as exc:  # raised again in the writing process
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(repr(exc))
        sender.send(("error", exc))
    finally:
        sender.close()
