"""The project's form base: WTForms' own messages in the page's language.

WTForms ships no Indonesian catalog, so Flask-WTF's i18n would leave "This field is required."
in English on Indonesian pages. `translations/id/LC_MESSAGES/wtforms.po` supplies one; it is
read once per process (no compile step to forget) and picked per request by the locale.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask_wtf import FlaskForm as _FlaskForm
from wtforms import Form

from marketplace.core.formatting import _locale

CATALOGS = Path(__file__).resolve().parents[2] / "translations"


@lru_cache(maxsize=8)
def _catalog(locale: str) -> NullTranslations:
    """WTForms' messages for `locale`; English (the msgids) when there is no catalog."""
    po = CATALOGS / locale / "LC_MESSAGES" / "wtforms.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale, domain="wtforms")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain="wtforms")


class _RequestTranslations:
    """What WTForms calls for its messages: the current locale's catalog, looked up per call."""

    def gettext(self, string: str) -> str:
        """Translate one of WTForms' messages."""
        return _catalog(_locale()).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate one of WTForms' plural messages."""
        return _catalog(_locale()).ungettext(singular, plural, n)


_TRANSLATIONS = _RequestTranslations()


class FlaskForm(_FlaskForm):
    """Flask-WTF's form with WTForms' messages translated to the page's language."""

    class Meta(_FlaskForm.Meta):
        def get_translations(self, form):  # noqa: D102 - WTForms' hook
            return _TRANSLATIONS


class SubForm(Form):
    """A form nested through `FormField` (it has no CSRF token), with translated messages."""

    class Meta:
        def get_translations(self, form):  # noqa: D102 - WTForms' hook
            return _TRANSLATIONS
