"""Read models of the public map, derived from the register (teixit.entities).

Both tables are caches: `services.map_cells_rebuild()` recomputes them from the
published entities, and the signal receivers in `handlers.py` keep them up to
date when single entities change. Nothing else writes them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MapPoint(models.Model):
    """One published entity where the map shows it.

    The position is the entity's coordinates or, without them, its
    municipality's centroid (then `approximate`). `gx`/`gy` place it on the fine
    Web-Mercator grid of `geo.BASE_LEVEL`; their index answers viewport queries.
    Ids of other apps' rows are plain integers (no foreign keys): the table is
    a cache rebuilt from the register.
    """

    entity_id = models.BigIntegerField(_("entity"), primary_key=True)
    name = models.CharField(_("name"), max_length=300)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    gx = models.IntegerField(_("grid x"))
    gy = models.IntegerField(_("grid y"))
    approximate = models.BooleanField(_("approximate location"), default=False)
    legal_form_id = models.BigIntegerField(_("legal form"), null=True, blank=True)
    municipality_id = models.BigIntegerField(_("municipality"), db_index=True)
    comarca_id = models.BigIntegerField(
        _("comarca"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("map point")
        verbose_name_plural = _("map points")
        indexes = [
            models.Index(fields=["gy", "gx"], name="maps_point_grid"),
            # Columns of the grid: the left and right edges of a view
            # (selectors._count_in_box_from_aggregate).
            models.Index(fields=["gx", "gy"], name="maps_point_grid_x"),
        ]

    def __str__(self) -> str:
        return self.name


class MapCell(models.Model):
    """How many published entities fall in one grid cell, for one filter value.

    `dimension` says which filter the row counts (`all` has value 0); the
    sums give the mean position of the cell's entities, and `sum_id` is the
    entity's id when `count` is 1 (a cell with one entity is drawn as that
    entity). Count-only dimensions (criteria, comarca, municipality) are kept at
    the coarsest level only, for the counts shown next to each filter option.
    """

    class Dimension(models.IntegerChoices):
        ALL = 0, _("all")
        SECTOR = 1, _("sector")
        LEGAL_FORM = 2, _("legal form")
        CRITERION = 3, _("criterion")
        COMARCA = 4, _("comarca")
        MUNICIPALITY = 5, _("municipality")

    dimension = models.PositiveSmallIntegerField(
        _("dimension"), choices=Dimension.choices
    )
    value = models.BigIntegerField(_("value"), default=0)
    level = models.PositiveSmallIntegerField(_("level"))
    cy = models.IntegerField(_("cell y"))
    cx = models.IntegerField(_("cell x"))
    count = models.IntegerField(_("count"), default=0)
    sum_lat = models.FloatField(_("sum of latitudes"), default=0)
    sum_lon = models.FloatField(_("sum of longitudes"), default=0)
    sum_id = models.BigIntegerField(_("sum of entity ids"), default=0)

    class Meta:
        verbose_name = _("map cell")
        verbose_name_plural = _("map cells")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "dimension", "value", "cy", "cx"],
                name="maps_cell_unique_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.value} L{self.level} ({self.cx}, {self.cy}): {self.count}"
