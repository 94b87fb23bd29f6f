"""Storage: uploaded files that only permission-checked views serve, and the
production static files (StaticFilesStorage, below).

Private files live under MEDIA_ROOT/private/ and are read through views that check
who may see them (a members-only material, a diagnosis document, the evidence
of a members-only work plan). The web server must not publish
MEDIA_ROOT/private/ directly (docs/deploy.md).
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private, following MEDIA_ROOT when settings change (tests)."""

    @property
    def base_location(self):
        return str(Path(settings.MEDIA_ROOT) / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_private = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _private


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Production static files: whitenoise's compressed, hashed copies.

    A vendored library may end with a ``sourceMappingURL`` comment naming a map
    that is not shipped (Leaflet's ``leaflet.js`` names ``leaflet.js.map``). A
    source map only helps a browser's developer tools, so a missing one leaves
    the comment as it is instead of stopping ``collectstatic``; every other
    missing reference (a CSS ``url()``, an ``@import``) still stops it.

    Pages name only the hashed copies (``{% static %}``), so only those are
    compressed: whitenoise would also compress every unhashed original, which
    doubled the time of ``collectstatic`` (Brotli on the API documentation's
    bundles is most of it).
    """

    def url(self, name, force=False):
        """The hashed copy's URL, worked out once per name (every page names the
        same five files: each `{% static %}` took a dozen URL parsings and
        joins); forgotten when the manifest changes (`post_process`)."""
        if force or settings.DEBUG:
            return super().url(name, force)
        memo = self.__dict__.get("_url_memo")
        files = self.hashed_files
        if memo is None or memo[0] is not files or memo[1] != len(files):
            memo = self._url_memo = (files, len(files), {})
        urls = memo[2]
        url = urls.get(name)
        if url is None:
            url = super().url(name)
            if len(urls) < 4096:
                urls[name] = url
        return url

    def compress_files(self, paths):
        hashed = set(self.hashed_files.values())
        return super().compress_files([path for path in paths if path in hashed])

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                if "sourceMappingURL" in matchobj["matched"]:
                    return matchobj["matched"]
                raise

        return converter
