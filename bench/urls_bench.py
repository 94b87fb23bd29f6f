"""The site's URLs plus two baselines every page is compared with:
/bench/bare/, a view that does nothing (the whole middleware stack, no
template), and /bench/frame/, an empty page in the site's frame (base.html:
header, menu, language switcher, bell, messages, footer; no content)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config import urls as site_urls


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


_FRAME = None


def frame(request):
    global _FRAME
    if _FRAME is None:
        _FRAME = engines["django"].from_string('{% extends "base.html" %}')
    return HttpResponse(_FRAME.render({}, request))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/frame/", frame),
    *site_urls.urlpatterns,
]

handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
