"""Schemas of the map API (GeoJSON)."""

from typing import Literal

from ninja import Field, Schema


class PointGeometryOut(Schema):
    type: Literal["Point"] = "Point"
    coordinates: list[float]


class StackedEntityOut(Schema):
    id: int
    name: str
    url: str | None = None
    approximate: bool


class MapFeaturePropertiesOut(Schema):
    cluster: bool
    # A single entity
    id: int | None = None
    name: str | None = None
    url: str | None = None
    approximate: bool | None = None
    # A cluster
    count: int | None = None
    bbox: list[float] | None = None
    zoom: int | None = None
    # A cluster that no zoom splits (entities on one spot, or the highest zoom)
    stacked: bool | None = None
    entities: list[StackedEntityOut] | None = None


class MapFeatureOut(Schema):
    type: Literal["Feature"] = "Feature"
    geometry: PointGeometryOut
    properties: MapFeaturePropertiesOut


class MapOut(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[MapFeatureOut]
    count: int
    zoom: int
    source: Literal["aggregate", "points"]


class MapQueryIn(Schema):
    """Query parameters of the map endpoint."""

    bbox: str = Field(
        ..., description="west,south,east,north in degrees (WGS 84); west < east"
    )
    zoom: int = Field(..., description="Map zoom level, 0 to 20")
    legal_form: list[str] = Field(
        default_factory=list, description="Legal form codes (any of them)"
    )
    sector: list[str] = Field(
        default_factory=list, description="Sector codes (any of them)"
    )
    criterion: list[str] = Field(
        default_factory=list, description="SSE criterion codes (all of them met)"
    )
    municipality: list[str] = Field(
        default_factory=list, description="Municipality codes (any of them)"
    )
    label: str = Field("", description="Code of a label the entities hold")
    comarca: list[str] = Field(
        default_factory=list, description="Comarca codes (any of them)"
    )
    q: str = Field("", description="Text searched in names and descriptions")
