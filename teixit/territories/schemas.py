from ninja import Schema


class ProvinceOut(Schema):
    code: str
    name: str


class ComarcaOut(Schema):
    code: str
    name: str
    province: str | None

    @staticmethod
    def resolve_province(obj) -> str | None:
        return obj.province.code if obj.province_id else None


class MunicipalityOut(Schema):
    code: str
    ine_code: str
    name: str
    comarca: str | None
    comarca_name: str | None
    province: str | None
    province_name: str | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None

    @staticmethod
    def resolve_comarca(obj) -> str | None:
        return obj.comarca.code if obj.comarca_id else None

    @staticmethod
    def resolve_comarca_name(obj) -> str | None:
        return obj.comarca.name if obj.comarca_id else None

    @staticmethod
    def resolve_province(obj) -> str | None:
        return obj.province.code if obj.province_id else None

    @staticmethod
    def resolve_province_name(obj) -> str | None:
        return obj.province.name if obj.province_id else None

    @staticmethod
    def resolve_area_km2(obj) -> float | None:
        return float(obj.area_km2) if obj.area_km2 is not None else None


class PopulationOut(Schema):
    year: int
    total: int
    men: int | None
    women: int | None
    source: str


class MunicipalityDetailOut(MunicipalityOut):
    populations: list[PopulationOut]
    boundary: dict | None = None

    @staticmethod
    def resolve_populations(obj) -> list:
        return list(obj.populations.all())

    @staticmethod
    def resolve_boundary(obj) -> dict | None:
        # Boundaries are heavy: only when asked for with ?geometry=1.
        return obj.boundary if getattr(obj, "include_boundary", False) else None
