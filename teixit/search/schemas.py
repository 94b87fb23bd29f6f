from datetime import date

from ninja import Field, Schema


class SearchResultOut(Schema):
    type: str
    object_id: int
    title: str
    summary: str
    url: str
    visibility: str
    language: str
    themes: list[str]
    territory_code: str
    outcome: str
    date: date | None
    score: float | None = None

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return obj.theme_codes

    @staticmethod
    def resolve_url(obj, context) -> str:
        request = (context or {}).get("request")
        return request.build_absolute_uri(obj.url) if request else obj.url

    @staticmethod
    def resolve_score(obj) -> float | None:
        return getattr(obj, "score", None)


class SearchPageOut(Schema):
    count: int = Field(
        description="How many results; at most 1,000 (see `more`)",
    )
    more: bool = Field(
        False,
        description="True when more documents matched than `count`: the newest "
        "1,001 matches were ranked and the best 1,000 are the results",
    )
    results: list[SearchResultOut]
