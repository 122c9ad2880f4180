"""One language at a time: every page every kind of user may see, in English and in Indonesian.

The crawl reuses the authorization matrix (`authz_table.py`, `world.py`): for each kind of user
it opens every GET page the table says that user may see, once with the interface in English
and once in Indonesian, keeps the answers that are 200 HTML pages, and reads their visible text
(text nodes and the `title`/`alt`/`placeholder`/`aria-label` a reader meets; never scripts,
styles, or the `name`/`value` of form fields). It fails on

(a) an Indonesian msgid on an English page: every msgid of the English catalog whose
    translation differs, cut at its placeholders into fragments of two words or more that are
    not also English text somewhere in the catalog;
(b) a raw code shown as text: order, payment and ledger codes and audit actions (taken from the
    code's state tables where there is one). On Indonesian pages every code counts; on English
    pages only the unmistakable ones (`awaiting_payment`, `group.verify`, `user #`), since
    `completed` or `pending` are also plain English words there;
(c) an English WTForms message on an Indonesian page; `test_wtforms_messages_*` also post
    invalid input to a few forms in each language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from wtforms.i18n import messages_path

from marketplace.catalog.constants import GROUP_STATUSES
from marketplace.catalog.groups import STATUS_ACTIONS
from marketplace.core import audit
from marketplace.investors.models import DOCUMENT_KINDS
from marketplace.investors.pitch_models import INTEREST_STATUSES, PITCH_STATUSES
from marketplace.orders import states
from marketplace.payments import models as payment_models
from marketplace.payments import statuses as payment_statuses
from marketplace.payments.models import LEDGER_EARNING, LEDGER_FEE, LEDGER_PAYOUT, LedgerEntry
from tests.security.authz_table import TABLE
from tests.security.world import USERS, url_for_rule

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "id")
PLAIN_LABELS = (payment_statuses.LABELS,)
SKIP_RULES = {"/bahasa/<code>"}  # switches the language: the crawl sets it itself
VISIBLE_ATTRS = {"title", "alt", "placeholder", "aria-label"}

METHOD_CODES = ("midtrans", "cod")
# Audit actions: the group status actions come from their table, the rest are written inline.
AUDIT_CODES = (
    *(f"group.{action}" for action in STATUS_ACTIONS),
    "group.promote",
    "group.demote",
    "group.vet",
    "group.vet_revoke",
    "investor.approve",
    "investor.reject",
    "pitch.publish",
    "pitch.return",
    "ledger.payout",
    "certificate.verify",
    "certificate.reject",
)

# Findings known and accepted, keyed (URL rule, "msgid" | "code" | "wtforms", the text found).
ALLOW: set[tuple[str, str, str]] = set()  # findings known and accepted: none


class _Text(HTMLParser):
    """Visible text of a page: text nodes and the attributes a reader meets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRS and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's visible text, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _fragments(msgid: str) -> list[str]:
    """The literal pieces of a msgid between its placeholders, trimmed of punctuation."""
    out = []
    for piece in re.split(r"%\(\w+\)[sd]|%[sd]|\n", msgid):
        piece = " ".join(piece.split()).strip(" .,:;()·—–-\"'“”")
        if len(piece.split()) >= 2 and len(piece) >= 8:
            out.append(piece)
    return out


@lru_cache(maxsize=1)
def untranslated_pattern() -> re.Pattern:
    """One regex for every Indonesian msgid fragment that must not show on an English page."""
    with (ROOT / "translations/en/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="en")
    pairs = []
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id[0] if isinstance(m.id, tuple) else m.id
        english = m.string[0] if isinstance(m.string, tuple) else m.string
        if english and english != msgid:
            pairs.append((msgid, english))
    english_text = "\n".join(e for _, e in pairs)
    pieces = {f for msgid, _ in pairs for f in _fragments(msgid) if f not in english_text}
    # Label tables of plain strings never reach the catalog; their texts are Indonesian too.
    pieces.update(
        f for table in PLAIN_LABELS for v in table.values() if isinstance(v, str)
        for f in _fragments(v)
    )  # fmt: skip
    alternation = "|".join(re.escape(p) for p in sorted(pieces, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _code_pattern(codes, subjects) -> re.Pattern:
    """Whole-word codes, and `<subject type> #` (an audit subject shown raw, `user #12`)."""
    alternation = "|".join(re.escape(c) for c in sorted(set(codes), key=len, reverse=True))
    subject = "|".join(subjects)
    return re.compile(rf"(?<![\w.#-])(?:{alternation})(?![\w-])|(?<!\w)(?:{subject}) #")


ALL_CODES = (
    *states.STATUSES,
    *payment_statuses.LABELS,
    *PITCH_STATUSES,
    *INTEREST_STATUSES,
    *GROUP_STATUSES,
    *(k for k in DOCUMENT_KINDS if "_" in k),
    *METHOD_CODES,
    *AUDIT_CODES,
    *(v for k, v in vars(payment_models).items() if k.startswith("LEDGER_") and isinstance(v, str)),
)
SUBJECTS = ("user", "group", "order", "pitch", "product", "checkout", "interest")
CODES = {
    "id": _code_pattern(ALL_CODES, SUBJECTS),
    "en": _code_pattern([c for c in ALL_CODES if "_" in c or "." in c], ("user",)),
}


@lru_cache(maxsize=1)
def wtforms_english() -> re.Pattern:
    """WTForms' own English messages (their fixed text before any placeholder)."""
    with (Path(messages_path()) / "wtforms.pot").open("rb") as fh:
        catalog = read_po(fh)
    pieces = set()
    for m in catalog:
        if m.id:
            msgid = m.id[0] if isinstance(m.id, tuple) else m.id
            pieces.update(_fragments(msgid))
    return re.compile("|".join(re.escape(p) for p in sorted(pieces, key=len, reverse=True)))


def findings(text: str, lang: str) -> list[tuple[str, str]]:
    """(check, text) for every mixed-language or raw-code finding on a page's visible text."""
    found = [("code", m.group(0)) for m in CODES[lang].finditer(text)]
    if lang == "en":
        found += [("msgid", m.group(0)) for m in untranslated_pattern().finditer(text)]
    else:
        found += [("wtforms", m.group(0)) for m in wtforms_english().finditer(text)]
    return found


def set_language(client, lang: str) -> None:
    with client.session_transaction() as sess:
        sess["lang"] = lang


def crawl(app, db_session, world, clients) -> tuple[dict, int]:
    """{(rule, check, text): [(user, lang)]} over every visible page, and the pages read."""
    connection = db_session.bind
    rules = sorted(
        r.rule
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and r.rule in TABLE and r.rule not in SKIP_RULES
    )
    # Filled in before any savepoint: a lazy load in the test's session opens its own.
    urls = {rule: url_for_rule(rule, world) for rule in rules}
    out: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    pages = 0
    for kind in USERS:
        client = clients[kind]
        for lang in LANGS:
            set_language(client, lang)
            for rule in rules:
                if TABLE[rule]["GET"][kind] != "ok":
                    continue
                savepoint = connection.begin_nested()
                try:
                    response = client.get(urls[rule])
                    body = response.get_data()
                    response.close()  # the request's session ends inside the savepoint
                finally:
                    savepoint.rollback()
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                pages += 1
                text = visible_text(body.decode())
                for check, found in findings(text, lang):
                    out.setdefault((rule, check, found), []).append((kind, lang))
    return out, pages


@pytest.fixture
def language_world(db_session, security_world):
    """The matrix's world plus what only some pages show: audit entries and a group ledger."""
    world, clients = security_world
    officer, group = world.users["officer"], world.ids["group_a"]
    for action in ("group.verify", "group.promote"):
        audit.record(
            db_session,
            actor_id=officer.id,
            action=action,
            subject_type="group",
            subject_id=group.id,
            reason="Lengkap",
        )
    order = world.ids["completed_order"]
    db_session.add_all(
        [
            LedgerEntry(group_id=group.id, kind=LEDGER_EARNING, amount=30_000, order_id=order.id),
            LedgerEntry(group_id=group.id, kind=LEDGER_FEE, amount=-600, order_id=order.id),
            LedgerEntry(group_id=group.id, kind=LEDGER_PAYOUT, amount=-9_000, reference="TRF-1"),
        ]
    )
    db_session.commit()
    return world, clients


def test_every_page_in_one_language(app, db_session, language_world):
    world, clients = language_world
    found, pages = crawl(app, db_session, world, clients)
    assert pages > 100  # the crawl did reach the site
    unexpected = {k: v for k, v in found.items() if k not in ALLOW}
    assert not unexpected, "\n".join(
        f"{rule} [{check}] {text!r} seen by {sorted(set(who))}"
        for (rule, check, text), who in sorted(unexpected.items())
    )


def test_the_checks_see_mixed_language():
    """The detectors themselves: an Indonesian msgid, raw codes, WTForms' English."""
    assert findings("Hello · awaiting_payment · user #3", "en") == [
        ("code", "awaiting_payment"),
        ("code", "user #"),
    ]
    assert ("code", "completed") in findings("Status: completed", "id")
    assert not findings("Completed orders: 3", "en")
    assert findings("Cart · Keranjang Anda kosong.", "en")  # a catalog msgid
    assert findings("Nama: This field is required.", "id") == [
        ("wtforms", "This field is required")
    ]


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("id", "Isian maksimal 120 karakter.", "Field cannot be longer than"),
        ("en", "Field cannot be longer than 120 characters.", "Isian maksimal"),
    ],
)
def test_wtforms_messages_in_the_page_language(client, lang, expected, absent):
    set_language(client, lang)
    response = client.post(
        "/akun/daftar",
        data={
            "name": "x" * 130,
            "email": "a@example.com",
            "phone": "081234567890",
            "password": "rahasia123",
            "confirm": "rahasia123",
        },
    )
    html = response.get_data(as_text=True)
    assert expected in html
    assert absent not in html


NOT_A_NUMBER = {
    # A product's stock, and the jobs a pitch promises (money fields have their own
    # message: tests/core/test_money.py).
    "/kelompok/saya/produk/baru": {"name": "Keripik", "price": "1000", "stock": "banyak"},
    "/produsen/investasi/proposal/baru": {
        "title": "Tambah oven",
        "amount": "5000000",
        "timeline": "Tiga bulan",
        "new_jobs": "banyak",
        "lines-0-description": "Oven",
        "lines-0-amount": "5000000",
    },
}


@pytest.mark.parametrize("url", sorted(NOT_A_NUMBER))
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("id", "Harus berupa bilangan bulat."), ("en", "Not a valid integer value.")],
)
def test_wtforms_number_messages_in_the_page_language(security_world, url, lang, expected):
    _, clients = security_world
    client = clients["prodA"]
    set_language(client, lang)
    html = client.post(url, data=NOT_A_NUMBER[url]).get_data(as_text=True)
    assert expected in html
    if lang == "id":
        assert not wtforms_english().search(visible_text(html))
