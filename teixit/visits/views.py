import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import selectors


@login_required
def stats(request):
    """Visits to the public site per month and per section, for a year."""
    if not request.user.has_perm("visits.view_stats"):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError as error:
        raise Http404 from error
    if not 2000 <= year <= today.year + 1:
        raise Http404
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = [
        (dt.date(year, month, 1), n)
        for month, n in selectors.visits_by_month(year=year)
    ]
    return render(
        request,
        "visits/stats.html",
        {
            "year": year,
            "years": sorted(set(selectors.visit_years()) | {today.year}, reverse=True),
            "total": selectors.visits_between(start=start, end=end),
            "months": months,
            "sections": selectors.visits_by_section(start=start, end=end),
        },
    )
