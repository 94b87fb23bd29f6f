"""Tunables of the entities app, read from settings when needed (never at import)."""

from django.conf import settings


def entities_unverified_days() -> int:
    """Days after which a published entity not verified again is flagged."""
    return int(getattr(settings, "TEIXIT_ENTITIES_UNVERIFIED_DAYS", 365))


def entities_proposal_rate_limit() -> int:
    """Public proposals accepted per IP address per hour."""
    return int(getattr(settings, "TEIXIT_ENTITIES_PROPOSALS_PER_HOUR", 5))


def entities_proposal_min_seconds() -> int:
    """Minimum seconds between showing the proposal form and sending it."""
    return int(getattr(settings, "TEIXIT_ENTITIES_PROPOSAL_MIN_SECONDS", 3))


def entities_import_chunk_size() -> int:
    return int(getattr(settings, "TEIXIT_ENTITIES_IMPORT_CHUNK", 2000))


def entities_import_processes() -> int:
    """Processes a large import may use: 2 reads and validates the file in a
    second process while the first writes; 1 keeps it all in one process."""
    return int(getattr(settings, "TEIXIT_ENTITIES_IMPORT_PROCESSES", 2))


def entities_import_heartbeat_seconds() -> float:
    """How often a running import tells that its worker is alive."""
    return float(getattr(settings, "TEIXIT_ENTITIES_IMPORT_HEARTBEAT", 10))


def entities_import_stale_seconds() -> float:
    """Seconds without a sign of life after which a running import is taken for
    dead (its worker killed or restarted) and marked failed."""
    return float(getattr(settings, "TEIXIT_ENTITIES_IMPORT_STALE_SECONDS", 120))
