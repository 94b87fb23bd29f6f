"""Loaded by rules' autodiscovery: registers the network's permissions."""

from . import roles  # noqa: F401
