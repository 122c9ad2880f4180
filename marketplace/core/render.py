"""Page rendering without per-call lookups: gettext, URLs and translated labels resolved once.

A catalog page calls `_()` a few dozen times, `url_for` a few dozen times and shows a lazy
label (tier, category) on every card; each of those went through Flask-Babel's or Flask's
per-call lookups (current app, request, locale, translations), which cost more than the
page's SQL. Here they are resolved once per render (gettext), once per locale (label
dictionaries) or once per script root (URLs that do not depend on anything else), so a page
shows exactly what the per-call lookups showed. Nothing here caches data from the database.
`scripts/profile_pages.py` measures the effect; docs/benchmarks.md has the numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask import url_for as flask_url_for
from flask_babel import get_locale, get_translations
from jinja2 import FileSystemBytecodeCache, pass_eval_context
from markupsafe import Markup

MAX_CACHED = 4096  # distinct URLs kept per process; far above what the templates build


def _new_gettext(ugettext: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's newstyle `gettext` (jinja2.ext._make_new_gettext) bound to one catalog."""

    @pass_eval_context
    def gettext(eval_ctx: Any, string: str, /, **variables: Any) -> str:
        rv = ugettext(string)
        if not variables and "%" not in rv:  # nothing to format: the same text, sooner
            return Markup(rv) if eval_ctx.autoescape else rv  # noqa: S704 # nosec B704 - as below
        if eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 # nosec B704 - own catalog, as Jinja's gettext
        # Always a format string, as Jinja's own: "%%" means "%" with or without variables.
        return rv % variables

    return gettext


def _new_ngettext(ungettext: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Jinja's newstyle `ngettext` (jinja2.ext._make_new_ngettext) bound to one catalog."""

    @pass_eval_context
    def ngettext(eval_ctx: Any, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        rv = ungettext(singular, plural, num)
        if eval_ctx.autoescape:
            rv = Markup(rv)  # noqa: S704 # nosec B704 - own catalog, as Jinja's
        return rv % variables

    return ngettext


_GETTEXT: dict[int, tuple[object, dict[str, Any]]] = {}


def gettext_callables() -> dict[str, Any]:
    """`_`, `gettext`, `ngettext` for templates, bound to this request's translations.

    Flask-Babel's Jinja callables look the translations up on every call (app, request,
    locale); a render's locale does not change, so the lookup is done once, here, and the
    callables are made once per translations object (Flask-Babel keeps one per locale).
    """
    translations = get_translations()
    entry = _GETTEXT.get(id(translations))
    if entry is None or entry[0] is not translations:
        gettext = _new_gettext(translations.ugettext)
        callables = {"_": gettext, "gettext": gettext}
        callables["ngettext"] = _new_ngettext(translations.ungettext)
        entry = _GETTEXT[id(translations)] = (translations, callables)
    return entry[1]


_LOCALE_NAMES: dict[tuple, str] = {}


def locale_name() -> str:
    """str(get_locale()) ('id', 'en'), '' outside a request; Babel's str() of a Locale is slow.

    Keyed by the locale's parts, not by the object: Flask-Babel parses a new Locale for every
    request, so a key per object grew by one entry per request (a leak of ~1 KB each).
    """
    locale = get_locale()
    if locale is None:
        return ""
    key = (locale.language, locale.territory, locale.script, locale.variant)
    name = _LOCALE_NAMES.get(key)
    if name is None:
        name = _LOCALE_NAMES[key] = str(locale)
    return name


_LABELS: dict[tuple[int, str], dict[str, Markup]] = {}


def translated(labels: Mapping[str, Any]) -> dict[str, Markup]:
    """A dictionary of lazy labels translated into the current locale (made once per locale).

    A lazy string is translated again each time it is shown (a gettext lookup per card for
    the tier badge); the constant label tables are the same for every request of a locale.
    Markup, as a lazy string shows itself in a template (its `__html__`): the same bytes.
    """
    key = (id(labels), locale_name())
    table = _LABELS.get(key)
    if table is None:
        # Trusted: the app's own label constants and their translations.
        table = _LABELS[key] = {k: Markup(str(v)) for k, v in labels.items()}  # noqa: S704 # nosec B704
    return table


def _url_cache() -> dict:
    cache = current_app.extensions.setdefault("render_urls", {})
    if len(cache) > MAX_CACHED:  # only if something builds unbounded URLs through here
        cache.clear()
    return cache


def url_for(endpoint: str, **values: Any) -> str:
    """Flask's url_for for templates; URLs without arguments are built once per script root.

    Such a URL depends only on the URL map and the prefix the app is mounted at (the app
    registers no url_defaults), so the nav's dozen links are looked up, not built, each time.
    """
    if values or endpoint[:1] == "." or not has_request_context():
        return flask_url_for(endpoint, **values)
    cache = _url_cache()
    key = (request.script_root, endpoint)
    url = cache.get(key)
    if url is None:
        url = cache[key] = flask_url_for(endpoint)
    return url


def cached_url(endpoint: str, **values: str) -> str:
    """url_for for a bounded set of arguments (static asset names), built once per script root."""
    if not has_request_context():
        return flask_url_for(endpoint, **values)
    cache = _url_cache()
    key = (request.script_root, endpoint, *values.items())
    url = cache.get(key)
    if url is None:
        url = cache[key] = flask_url_for(endpoint, **values)
    return url


def url_prefix(name: str, build: Callable[[Any], str], sample: str | int) -> str | None:
    """What `build(value)` puts before a URL-safe value, or None if it is not a prefix.

    Built once per script root (under `name`) from a sample value, so a page of 24 cards
    formats its product and photo links instead of building each one through the URL map.
    """
    if not has_request_context():
        return None
    cache = _url_cache()
    key = (request.script_root, name, "prefix")
    if key not in cache:
        url = build(sample)
        tail = str(sample)
        cache[key] = url[: -len(tail)] if url.endswith(tail) else None
    return cache[key]


def init_app(app: Flask) -> None:
    """Install the per-render gettext, the URL memo and (outside debug) a bytecode cache."""
    app.jinja_env.globals["url_for"] = url_for
    app.context_processor(gettext_callables)
    if not app.debug and not app.testing:
        # Compiled templates survive a restart: workers start without compiling every page.
        folder = app.config.get("JINJA_BYTECODE_FOLDER") or f"{app.instance_path}/jinja-cache"
        try:
            os.makedirs(folder, exist_ok=True)
            app.jinja_env.bytecode_cache = FileSystemBytecodeCache(folder)
        except OSError:  # a read-only instance folder: compile in memory as before
            pass
