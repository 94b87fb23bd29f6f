def test_a_concepts_label_from_its_columns_is_its_str_in_every_language():
    """`_concept_str` (selects of concepts read rows) says what `str()` of
    the concept says: the current language's label, else Catalan, Spanish,
    English, else the code; also in a language with no column of its own."""
    import itertools

    from django.utils import translation

    from teixit.vocabulary.models import Concept, _concept_str

    for labels in itertools.product(
        ("", "català"), ("", "castellano"), ("", "English")
    ):
        concept = Concept(
            code="x:code", label_ca=labels[0], label_es=labels[1], label_en=labels[2]
        )
        for language in ("ca", "es", "en", "fr", "es-ar"):
            with translation.override(language):
                assert _concept_str(*labels, "x:code") == str(concept), (
                    labels,
                    language,
                )
