"""Schemas of the map API (GeoJSON)."""

from typing import Literal

from ninja import Schema


class PointGeometryOut(Schema):
    type: Literal["Point"] = "Point"
    coordinates: list[float]


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
