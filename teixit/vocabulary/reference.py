"""The ESSGlobal vocabularies shipped with Teixit (`teixit/vocabulary/data/`).

`reference_build(source_dir)` reads the ESSGlobal SKOS files with the importer's
reader (`services.read_essglobal_file`) and returns `essglobal.json.gz`: the
schemes and concepts exactly as the importer makes them of the originals (labels
in Spanish and English as published, empty ones kept empty);
`read_essglobal_reference(path)` reads it back for `vocabulary_import`. A test
checks that the shipped file equals a fresh build from ../shared/data.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from teixit.core.reference_files import SOURCES_FILE, file_sha256, json_bytes
from teixit.core.reference_files import read_maybe_gzip as _read

REFERENCE_DIR = Path(__file__).parent / "data"
ESSGLOBAL = "essglobal.json.gz"
FORMAT = "teixit-essglobal"
ORIGINALS = "essglobal/*.skos"

SOURCE = {
    "title": gettext_noop(
        "ESSGlobal vocabularies of the social and solidarity economy (legal forms, "
        "activities, qualifiers, themes, products and services…)"
    ),
    "publisher": "RIPESS – ESSGlobal",
    "dataset": "ESSGlobal standard vocabularies (SKOS)",
    "licence": "CC BY 3.0",
    "licence_url": "https://creativecommons.org/licenses/by/3.0/",
    "url": "http://purl.org/essglobal",
    "attribution": "ESSGlobal (RIPESS), CC BY 3.0",
    "files": [ESSGLOBAL],
}


def reference_build(source_dir: Path) -> dict[str, bytes]:
    """The shipped files ({name: uncompressed content}) built from the SKOS files."""
    from .services import read_essglobal_file

    paths = sorted(Path(source_dir).glob(ORIGINALS))
    if not paths:
        raise ValidationError(
            gettext("%(folder)s: no file matches %(pattern)s.")
            % {"folder": source_dir, "pattern": ORIGINALS},
            code="missing_file",
        )
    schemes = []
    for path in paths:
        scheme = read_essglobal_file(path)
        schemes.append(
            {
                "code": scheme.code,
                "labels": scheme.labels,
                "definitions": scheme.definitions,
                "uri": scheme.uri,
                "source": scheme.source,
                "original": path.name,
                "concepts": [
                    {
                        "code": c.code,
                        "labels": c.labels,
                        "definitions": c.definitions,
                        "uri": c.uri,
                        "essglobal_uri": c.essglobal_uri,
                        "broader": c.broader,
                    }
                    for c in scheme.concepts
                ],
            }
        )
    return {
        ESSGLOBAL: json_bytes({"format": FORMAT, "version": 1, "schemes": schemes}),
        SOURCES_FILE: json_bytes(
            {
                "format": "teixit-reference",
                "version": 1,
                "sources": [
                    {
                        **SOURCE,
                        "key": "essglobal",
                        "version": ", ".join(path.name for path in paths),
                        "originals": {path.name: file_sha256(path) for path in paths},
                    }
                ],
            }
        ),
    }


def read_essglobal_reference(path: Path):
    """The schemes of a shipped `essglobal.json.gz` as `SchemeData`."""
    from .services import ConceptData, SchemeData

    path = Path(path)
    try:
        data = json.loads(_read(path))
    except (OSError, EOFError, ValueError) as exc:
        raise ValidationError(
            gettext("%(file)s: the file cannot be read (%(error)s).")
            % {"file": path.name, "error": exc},
            code="invalid_file",
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            gettext("%(file)s: a file of format %(format)s was expected.")
            % {"file": path.name, "format": FORMAT},
            code="invalid_file",
        )
    return [
        SchemeData(
            code=scheme["code"],
            labels=scheme["labels"],
            definitions=scheme["definitions"],
            uri=scheme["uri"],
            source=scheme["source"],
            path=path,
            concepts=[ConceptData(**concept) for concept in scheme["concepts"]],
        )
        for scheme in data["schemes"]
    ]
