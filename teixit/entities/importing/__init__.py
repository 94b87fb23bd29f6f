"""Import of entity lists: CSV, .xlsx and GeoJSON, streamed and chunked.

The package, one job a module: `files` (reading), `mapping` (fields, presets,
mappings, the source), `lookups` (municipalities and concepts in memory),
`rows` (a row's values and errors, with the rules of `validation.py`),
`preview` (the mapping page's first rows as they will be stored),
`report`, `run` (`EntityImport`), `checks` (permission, duplicates and
changes of each row), `writing` (bulk writes, history, deferred
indexes), `reader` (the reading process of large files), `progress` and
`batch` (the upload page's import batches). The generic bulk-write helpers
are in `teixit.core.bulk`. Everything is importable from the package itself.

One `EntityImport` run reads the file row by row, maps columns to fields with a
mapping (a preset, a saved mapping or a JSON file), validates every row with
the same rules as the forms (tax ID, postcode, municipality, numbers, e-mail,
URL, coordinates) without per-row queries (municipalities and concepts are
pre-loaded; existing entities are looked up once per chunk) and writes chunks
with `bulk_create` plus one batch insert of history rows.

All or nothing: the whole run happens inside one transaction that is rolled
back when any row has an error, unless `valid_only` is chosen (then the valid
rows are written and the report says so). A dry run never writes.

Re-importing the same source (`source` + `source_key`) updates the entities it
created instead of creating them again.

A run on behalf of a person (`user`: the upload page's batches) writes only what
that person could write by hand: every row is checked with the rule of a single
edit (`entities.change_entity`, on the stored entity and on the row's values),
and a row they may not write is a row error. Runs without a user (the
`import_entities` command, run by an operator) are not limited.
"""

# ruff: noqa: F401

from .batch import (
    _import_batch_run,
    import_batch_fail_if_stale,
    import_batch_is_stale,
    import_batch_run,
    import_progress,
)
from .checks import (
    EntityChecks,
)
from .files import (
    _TAIL_LINES,
    ImportFileError,
    TabularFile,
    _cell_text,
    _check_last_record,
    _feature_row,
    _geojson_features,
    _kept,
    _open_tabular,
    detect_delimiter,
    detect_encoding,
    open_tabular,
)
from .lookups import (
    _PAREN,
    _POSTCODE_PREFIX,
    CUT_NAME_LENGTH,
    ConceptIndex,
    MunicipalityIndex,
)
from .mapping import (
    FIELD_KINDS,
    PRESET_DESCRIPTIONS,
    PRESET_SIGNATURES,
    PRESETS,
    TEXT_FIELDS,
    _getter,
    _spec_columns,
    auto_mapping,
    guess_preset,
    import_source,
    mapping_errors,
    resolve_mapping,
)
from .preview import (
    PREVIEW_ROWS,
    MappingPreview,
    PreviewRow,
    mapping_preview,
)
from .progress import (
    _Heartbeat,
    _progress_path,
    _progress_read,
    _progress_remove,
)
from .reader import (
    PR_SET_PDEATHSIG,
    _die_with_parent,
    _read_in_child,
)
from .report import (
    _MAX_REPORT_ROWS,
    ImportReport,
    KeyLines,
    _Refused,
    _Stored,
)
from .rows import (
    _FALSE,
    _THOUSANDS,
    _TRUE,
    PreparedRow,
    RowValidator,
    _field_label,
    _parse_float,
    _parse_int,
)
from .run import (
    IN_FILE_DUPLICATES_MAX_ROWS,
    PARALLEL_MIN_ROWS,
    UPDATE_EXCLUDE,
    EntityImport,
)
from .writing import (
    DEFER_INDEXES_MAX_ROWS,
    DEFER_INDEXES_MIN_ROWS,
    EntityWriting,
)
