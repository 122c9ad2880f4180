"""The installable app (issue 17): the manifest, the service worker at the root and the
offline page are the same for everyone."""

from __future__ import annotations

from tests.security.authz_table import PUBLIC

ROWS = {
    "/manifest.webmanifest": {"GET": PUBLIC},
    "/sw.js": {"GET": PUBLIC},
    "/luring": {"GET": PUBLIC},
}
