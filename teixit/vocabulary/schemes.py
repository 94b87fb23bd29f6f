"""The codes of the concept schemes that the apps use, written once.

The schemes themselves ship in `data/teixit-vocabulary.json` (Teixit's own)
and `data/essglobal.json.gz` (ESSGlobal, whose scheme codes all start with
`ESSGLOBAL_PREFIX`). An app names a scheme by one of these constants, never
by a string of its own: `Concept.objects.in_scheme(THEMES)`,
`limit_choices_to={"scheme__code": THEMES}`.
"""

LEGAL_FORMS = "legal-forms"
SECTORS = "sectors"
THEMES = "themes"
SSE_PRINCIPLES = "sse-principles"
MUNICIPAL_SERVICES = "municipal-services"
SERVICE_MODALITIES = "service-modalities"
MATERIAL_TYPES = "material-types"

ESSGLOBAL_PREFIX = "essglobal-"
