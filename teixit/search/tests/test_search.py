from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from teixit.materials.tests.factories import PublishedMaterialFactory
from teixit.practices import services as practice_services
from teixit.practices.models import Practice
from teixit.practices.tests.factories import (
    PracticeFactory,
    PublishedPracticeFactory,
    ThemeFactory,
)
from teixit.search.documents import SearchDoc
from teixit.search.models import SearchDocument
from teixit.search.selectors import SearchFilters, search_documents
from teixit.search.services import search_document_upsert, search_reindex
from teixit.search.text import fold, query_terms

pytestmark = pytest.mark.django_db


class Anonymous:
    is_authenticated = False
    is_active = False


def _find(q: str, user=None, **filters) -> list[str]:
    return [
        doc.title
        for doc in search_documents(
            user=user or Anonymous(), filters=SearchFilters(q=q, **filters)
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cooperatíva", "cooperativa"),
        ("LLIÇONS apreses", "llicons apreses"),
        ("col·laboració", "collaboracio"),
        ("Col.laboració", "collaboracio"),
        ("Economía Solidaria, Año", "economia solidaria, ano"),
    ],
)
def test_fold_removes_accents_and_joins_geminate_l(text, expected):
    assert fold(text) == expected


def test_query_terms_keep_only_safe_words():
    assert query_terms('"lliçons" OR cooperativa* -x_y NEAR(') == [
        "llicons",
        "or",
        "cooperativa",
        "x",
        "y",
        "near",
    ]


def test_search_matches_without_accents_both_ways():
    PublishedPracticeFactory(
        title="Cooperatíva de consum", lessons="Les llicons apreses del projecte"
    )
    assert _find("cooperativa") == ["Cooperatíva de consum"]
    assert _find("lliçons") == ["Cooperatíva de consum"]
    assert _find("LLICONS") == ["Cooperatíva de consum"]
    assert _find("coop") == ["Cooperatíva de consum"]  # prefix
    assert _find("inexistent") == []


def test_search_every_word_must_match():
    PublishedPracticeFactory(title="Mercat social", summary="Fira anual")
    PublishedPracticeFactory(title="Mercat de treball", summary="Ocupació")
    assert _find("mercat social") == ["Mercat social"]


def test_search_ranks_title_matches_first():
    PublishedPracticeFactory(
        title="Un altre projecte", summary="Parla de l'habitatge de passada"
    )
    PublishedPracticeFactory(
        title="Habitatge cooperatiu en cessió d'ús", summary="Un projecte d'habitatge"
    )
    assert _find("habitatge")[0] == "Habitatge cooperatiu en cessió d'ús"


def test_search_visibility_public_for_anonymous_members_only_for_registered(
    registered_user,
):
    PublishedPracticeFactory(
        title="Fracàs compartit",
        outcome="failure",
        visibility="members",
        lessons="lliçó clau",
    )
    PublishedPracticeFactory(title="Èxit públic", lessons="lliçó clau")
    assert _find("lliço") == ["Èxit públic"]
    assert set(_find("lliço", user=registered_user)) == {
        "Fracàs compartit",
        "Èxit públic",
    }


def test_search_drafts_are_not_indexed_until_published(technician_user):
    practice = PracticeFactory(title="Projecte en esborrany", author=technician_user)
    assert _find("esborrany", user=technician_user) == []
    practice_services.practice_submit(practice=practice)
    assert _find("esborrany", user=technician_user) == []
    practice_services.practice_publish(practice=practice)
    assert _find("esborrany", user=technician_user) == ["Projecte en esborrany"]


def test_search_index_follows_updates_and_deletes():
    practice = PublishedPracticeFactory(title="Títol antic")
    practice.title = "Títol nou"
    practice.save(update_fields=["title"])
    assert _find("antic") == [] and _find("nou") == ["Títol nou"]
    practice.delete()
    assert _find("nou") == [] and not SearchDocument.objects.exists()


def test_search_filters_type_theme_territory_outcome_language(member):
    theme = ThemeFactory(code="mercat-social")
    practice = PublishedPracticeFactory(
        title="Xarxa A", outcome="failure", language="es", member=member
    )
    practice.themes.add(theme)  # m2m change re-indexes
    PublishedPracticeFactory(title="Xarxa B", outcome="success")
    PublishedMaterialFactory(title="Xarxa C")
    assert set(_find("xarxa")) == {"Xarxa A", "Xarxa B", "Xarxa C"}
    assert _find("xarxa", type="material") == ["Xarxa C"]
    assert _find("xarxa", theme="mercat-social") == ["Xarxa A"]
    assert _find("xarxa", territory=member.municipality.code) == ["Xarxa A"]
    assert _find("xarxa", outcome="failure") == ["Xarxa A"]
    assert _find("xarxa", language="es") == ["Xarxa A"]
    # filters alone, without words, list newest first
    assert _find("", outcome="failure") == ["Xarxa A"]


def test_search_upsert_accepts_any_provider_document():
    search_document_upsert(
        doc=SearchDoc(
            type="training",
            object_id=7,
            title="Formació en cooperativisme",
            body="Sessions a Vic",
            url="/trainings/7/",
            themes=["formacio"],
        )  # fmt: skip
    )
    assert _find("cooperativisme") == ["Formació en cooperativisme"]
    assert _find("vic", type="training", theme="formacio") == [
        "Formació en cooperativisme"
    ]


def test_search_reindex_rebuilds_from_providers():
    PublishedPracticeFactory(title="Pràctica reindexada")
    PublishedMaterialFactory(title="Material reindexat")
    SearchDocument.objects.all().delete()
    counts = search_reindex()
    assert counts["practice"] == 1 and counts["material"] == 1
    assert _find("reindexada") == ["Pràctica reindexada"]
    call_command("search_reindex", "practice")
    assert _find("reindexada") == ["Pràctica reindexada"]
    assert _find("reindexat") == ["Material reindexat"]


# Page and API --------------------------------------------------------------------------


def test_search_page_shows_ranked_results_and_htmx_fragment(client):
    PublishedPracticeFactory(title="Cooperatíva escolar")
    response = client.get(reverse("search:search"), {"q": "cooperativa"})
    assert response.status_code == HTTPStatus.OK
    assert "Cooperatíva escolar" in response.content.decode()
    fragment = client.get(
        reverse("search:search"), {"q": "cooperativa"}, HTTP_HX_REQUEST="true"
    )
    assert (
        "<html" not in fragment.content.decode()
        and "Cooperatíva escolar" in fragment.content.decode()
    )


def test_search_page_empty_form_shows_no_results(client):
    response = client.get(reverse("search:search"))
    assert response.status_code == HTTPStatus.OK
    assert response.context["page_obj"] is None


def test_search_page_query_count_is_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("search:search"), {"q": "xarxa"})
        return len(ctx.captured_queries)

    PublishedPracticeFactory(title="Xarxa 0")
    few = count()
    for n in range(10):
        PublishedPracticeFactory(title=f"Xarxa {n + 1}")
    assert count() == few


def test_search_api_answers_json_with_filters_and_visibility(client, registered_user):
    from teixit.accounts.services import api_token_create

    PublishedPracticeFactory(
        title="Lliçons d'un fracàs", outcome="failure", visibility="members"
    )
    PublishedPracticeFactory(title="Lliçons d'un èxit", outcome="success")
    data = client.get("/api/v1/search/", {"q": "llicons"}).json()
    assert data["count"] == 1 and data["results"][0]["title"] == "Lliçons d'un èxit"
    assert data["results"][0]["type"] == "practice" and data["results"][0][
        "url"
    ].startswith("http")
    _, raw = api_token_create(user=registered_user, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    data = client.get(
        "/api/v1/search/", {"q": "llicons", "outcome": "failure"}, **auth
    ).json()
    assert [r["title"] for r in data["results"]] == ["Lliçons d'un fracàs"]
    assert data["results"][0]["score"] is not None


def test_search_unpublishing_removes_from_index():
    practice = PublishedPracticeFactory(title="Retirada")
    practice.status = Practice.Status.RETURNED
    practice.save(update_fields=["status"])
    assert _find("retirada") == []


def test_search_pages_count_and_scores_like_a_queryset(client):
    for n in range(25):
        PublishedPracticeFactory(title=f"Ateneu cooperatiu {n}")
    results = search_documents(user=Anonymous(), filters=SearchFilters(q="ateneu"))
    assert results.count() == 25 and len(results[20:40]) == 5
    assert all(doc.score is not None for doc in results[:3])
    response = client.get(reverse("search:search"), {"q": "ateneu", "page": 2})
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"].object_list) == 5
    data = client.get("/api/v1/search/", {"q": "ateneu", "offset": 20}).json()
    assert data["count"] == 25 and len(data["results"]) == 5


def test_search_filter_values_are_not_found_as_words():
    theme = ThemeFactory(code="zq-tema")
    practice = PublishedPracticeFactory(title="Mercat", outcome="failure")
    practice.themes.add(theme)
    assert _find("failure") == [] and _find("zq") == [] and _find("ou") == []
    assert _find("mercat", theme="zq-tema", outcome="failure") == ["Mercat"]
    assert _find("mercat", theme="zq") == []


def _ranked_over_every_match(q: str) -> list[int]:
    """The document ids in the order of the search before RESULT_CAP: every
    match ranked (bm25 on SQLite, ts_rank on PostgreSQL)."""
    from django.db import connection

    from teixit.search.selectors import _fts5_match

    terms = query_terms(q)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                " ORDER BY rank, rowid DESC",
                [_fts5_match(terms, user=Anonymous(), filters=SearchFilters(q=q))],
            )
            return [row[0] for row in cursor.fetchall()]
    tsquery = " & ".join(f"{term}:*" for term in terms)
    return list(
        SearchDocument.objects.filter(visibility="public")
        .extra(
            where=["search_searchdocument.fts @@ to_tsquery('simple', %s)"],
            params=[tsquery],
            select={
                "score": "ts_rank(search_searchdocument.fts, to_tsquery('simple', %s))"
            },
            select_params=[tsquery],
            order_by=["-score", "-date", "id"],
        )
        .values_list("id", flat=True)
    )


def test_search_ranks_like_before_under_the_cap_and_says_more_above_it(
    client, monkeypatch
):
    from django.utils import translation

    from teixit.search import selectors

    for n in range(9):
        PublishedPracticeFactory(
            title=f"Viver {n}" if n % 3 else f"Viver per a empreses, viver {n}",
            summary="Un viver cooperatiu" if n % 2 else "Incubadora",
        )
    everything = _ranked_over_every_match("viver")
    assert len(everything) == 9
    results = search_documents(user=Anonymous(), filters=SearchFilters(q="viver"))
    assert [doc.pk for doc in results[0:9]] == everything
    assert results.count() == 9 and not results.more
    paged = search_documents(user=Anonymous(), filters=SearchFilters(q="viver"))
    assert [d.pk for d in paged[0:3] + paged[3:7] + paged[7:20]] == everything

    monkeypatch.setattr(selectors, "RESULT_CAP", 4)
    capped = search_documents(user=Anonymous(), filters=SearchFilters(q="viver"))
    assert capped.count() == 4 and capped.more
    newest = sorted(everything, reverse=True)[:5]  # the newest 5 are ranked
    best = [pk for pk in everything if pk in newest][:4]
    assert [doc.pk for doc in capped[0:20]] == best
    with translation.override("en"):
        response = client.get(reverse("search:search"), {"q": "viver"})
    assert response.context["more"] is True
    assert response.context["page_obj"].paginator.count == 4
    assert "More than 4 results" in response.content.decode()
    data = client.get("/api/v1/search/", {"q": "viver"}).json()
    assert data["count"] == 4 and data["more"] is True
    assert len(data["results"]) == 4
    exact = client.get("/api/v1/search/", {"q": "empreses"}).json()
    assert exact["count"] == 3 and exact["more"] is False


def test_search_territories_are_members_codes_read_without_boundaries(client):
    """The territory select: each member's municipality code, or its own
    official code without a municipality; a thousand members are read as
    values, never with their municipality's boundary, in the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from teixit.network.tests.factories import MemberFactory

    town = MemberFactory(name="Ajuntament de Vic")
    MemberFactory(
        name="Consorci del Lluçanès",
        kind="other_public_body",
        municipality=None,
        comarca=None,
        official_code="C0042",
    )
    MemberFactory(name="Sense codi", municipality=None, comarca=None, official_code="")

    def page() -> tuple[list, int, str]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("search:search"))
        sql = " ".join(query["sql"] for query in ctx.captured_queries)
        choices = list(response.context["form"].fields["territory"].choices)
        return choices, len(ctx.captured_queries), sql

    choices, queries, sql = page()
    assert choices[1:] == [
        (town.municipality.code, "Ajuntament de Vic"),
        ("C0042", "Consorci del Lluçanès"),
    ]
    assert "boundary" not in sql
    for _ in range(5):
        MemberFactory()
    more, more_queries, _sql = page()
    assert len(more) == len(choices) + 5 and more_queries == queries
