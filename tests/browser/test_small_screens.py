"""Small screens and fingers (issue 13): a representative page of every persona, in Indonesian
and English, fits the screen, has tap targets of at least 24 x 24 px (44 px for the main
controls) and no serious or critical axe-core violation.

Buyers and producers use phones (360 px); investors and officers are checked at 1280 px and,
since they open the same pages on their phones, at 360 px too. Screenshots go to the test
artifacts (`small-<persona>-<page>-<width>-<lang>.png`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))
PASSWORD = "demo12345"
HEIGHT = {360: 740, 1280: 800}

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`);
}"""

# Every visible control smaller than 24 x 24 px (WCAG 2.2 2.5.8). A link inside running text
# (its block holds other text) is excepted, as WCAG's inline exception allows.
SMALL_TARGETS = """() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect(), st = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && st.visibility !== 'hidden';
  };
  const inRunningText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return !!block && block.innerText.trim().length > el.innerText.trim().length + 2;
  };
  const out = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '.form-check-label, [tabindex="0"]';
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el) || inRunningText(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 24 || r.height < 24) {
      const name = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
      out.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" `
        + `${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return out;
}"""

# The main controls named in the issue: 44 px. Checkboxes and radios are 24 px boxes whose
# label makes the row 44 px tall.
MAIN_CONTROLS = (
    "select, .filters-box summary, .form-check-label, [data-testid=wa-link], "
    "[data-testid=back-to-inbox], [data-testid=csv-link]"
)
SMALL_MAIN = """(selector) => {
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 && r.height <= 1) continue;  // hidden (closed menu, collapsed details)
    if (r.height < 44 || r.width < 44) {
      const name = (el.innerText || el.getAttribute('aria-label') || el.id || '').trim();
      out.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" `
        + `${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  for (const el of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
    const r = el.getBoundingClientRect();
    if (r.width > 1 && (r.width < 24 || r.height < 24)) {
      out.push(`${el.type} ${el.name} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return out;
}"""

WIDER_THAN_SCREEN = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0) {
      out.push(`${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, '.')} `
        + `right=${Math.round(r.right)}`);
    }
  }
  return out.slice(0, 6);
}"""


def _axe() -> str:
    if not AXE.exists():
        reason = f"axe-core not installed at {AXE} (run `make axe`)"
        if os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


class Visit:
    """One persona's browser at one width and language, checking each page it opens."""

    def __init__(self, browser, base: str, persona: str, width: int, lang: str) -> None:
        self.base, self.persona, self.width, self.lang = base, persona, width, lang
        self.context = browser.new_context(
            viewport={"width": width, "height": HEIGHT[width]}, locale="id-ID"
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.seen: set[str] = set()
        self.axe = _axe()
        self.page.on("response", self._watch)

    def _watch(self, response) -> None:
        if response.status >= 400 and response.url.startswith(self.base):
            self.problems.append(f"{response.status} {response.url}")

    def login(self, email: str) -> None:
        self.page.goto(f"{self.base}/akun/masuk")
        self.page.get_by_label("Email atau nomor HP").fill(email)
        self.page.get_by_label("Kata sandi").fill(PASSWORD)
        self.page.locator("main").get_by_role("button", name="Masuk").click()
        self.page.wait_for_load_state("load")
        self.page.goto(f"{self.base}/bahasa/{self.lang}")

    def open(self, path: str, name: str) -> None:
        self.page.goto(self.base + path)
        self.check(name)

    def check(self, name: str) -> None:
        """Overflow, tap targets and axe-core on the current page; a screenshot to look at."""
        page, where = self.page, f"{name} ({self.page.url}, {self.width} px, {self.lang})"
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == self.lang, where
        self.seen.add(name)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"small-{self.persona}-{name}-{self.width}-{self.lang}.png"
        page.screenshot(path=str(shot), full_page=True)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            self.problems.append(f"{where} scrolls sideways: {page.evaluate(WIDER_THAN_SCREEN)}")
        for small in page.evaluate(SMALL_TARGETS):
            self.problems.append(f"{where} target under 24 px: {small}")
        for small in page.evaluate(SMALL_MAIN, MAIN_CONTROLS):
            self.problems.append(f"{where} main control under 44 px: {small}")
        page.evaluate(self.axe)
        for violation in page.evaluate(AXE_RUN):
            self.problems.append(f"{where} axe {violation}")

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def finish(self) -> None:
        self.context.close()
        assert self.problems == [], "\n".join(self.problems)


def _buyer(v: Visit) -> None:
    v.login("siti@demo.pasartkm.id")
    v.open("/", "home")
    v.open("/products", "catalog")
    assert v.count(".filters-box summary") == 1
    v.page.locator(".filters-box summary").click()  # the opened filters are checked too
    v.check("catalog-filters")
    assert v.count("select") >= 2 and v.count("input[type=checkbox]") >= 1
    v.page.locator("[data-testid=product-grid] a[href*='/products/']").first.click()
    v.check("product")
    v.page.locator("form[action*='keranjang'] button[type=submit]").first.click()
    v.open("/keranjang", "cart")
    v.open("/checkout", "checkout")
    assert v.count("input[type=radio]") >= 2
    v.open("/pesanan", "orders")
    v.page.locator("main a[href*='/pesanan/']").first.click()
    v.check("order")


def _producer(v: Visit) -> None:
    v.login("darto@demo.pasartkm.id")
    v.open("/kelompok/saya/produk", "products")
    v.open("/produsen/pesanan", "inbox")
    v.page.locator("main a[href*='/produsen/pesanan/']").first.click()
    v.check("order")
    assert v.count("[data-testid=wa-link]") == 1 and v.count("[data-testid=back-to-inbox]") == 1
    v.open("/produsen/rekap", "rekap")


def _investor(v: Visit) -> None:
    v.login("ratna@demo.pasartkm.id")
    v.open("/investor/kelompok", "browse")
    slugs = v.page.locator("input[name=g]").evaluate_all("els => els.map(e => e.value)")
    assert len(slugs) >= 2
    v.open("/investor/bandingkan?" + "&".join(f"g={s}" for s in slugs[:2]), "compare")
    assert v.count("[data-testid=compare-table] thead th") == 3
    v.open("/investor/proposal", "pitches")
    v.page.locator("main a[href*='/investor/proposal/']").first.click()
    v.check("pitch")


def _officer(v: Visit) -> None:
    v.login("fajar@demo.pasartkm.id")
    v.open("/pendamping/", "dashboard")
    v.page.locator("main a[href*='/pendamping/kelompok/']").first.click()
    v.check("group")
    assert v.count("[data-testid=wa-link]") == 1
    v.open("/pendamping/proposal", "pitch-queue")
    v.page.locator("main a[href*='/pendamping/proposal/']").first.click()
    v.check("pitch")
    v.open("/pendamping/dampak", "impact")
    assert v.count("[data-testid=csv-link]") >= 5
    v.open("/pendamping/audit", "audit")
    v.open("/pendamping/pembayaran", "payments")


def _first(v: Visit, href: str, name: str) -> None:
    """Open the first link in the page's main part whose address contains `href`."""
    v.page.locator(f"main a[href*='{href}']").first.click()
    v.check(name)


def _company(v: Visit) -> None:
    """Bu Wulan's procurement pages (the demo's open request has three quotes)."""
    v.login("wulan@demo.pasartkm.id")
    v.open("/pengadaan/perusahaan", "company")
    v.open("/pengadaan/permintaan", "rfqs")
    v.page.locator("[data-testid=rfq-row]:has(.text-bg-primary)").first.click()  # a sent one
    v.check("rfq")
    v.page.locator("[data-testid=rfq-award]").click()
    v.check("award")
    v.open("/pengadaan/permintaan/baru?kategori=konveksi", "rfq-form")
    v.open("/pengadaan/po", "pos")
    _first(v, "/pengadaan/po/", "po")
    v.open("/pengadaan/pengiriman", "deliveries")
    _first(v, "/pengadaan/pengiriman/", "delivery")
    v.open("/pengadaan/tagihan", "invoices")
    _first(v, "/pengadaan/tagihan/", "invoice")


def _canteen(v: Visit) -> None:
    """Pak Yusuf's catering pages."""
    v.login("yusuf@demo.pasartkm.id")
    v.open("/pengadaan/katering", "catering")
    _first(v, "/pengadaan/katering/", "contract")
    v.open("/pengadaan/katering/baru", "catering-form")


def _producer_procurement(v: Visit) -> None:
    """Pak Darto's company orders: requests, POs, deliveries, invoices."""
    v.login("darto@demo.pasartkm.id")
    v.open("/pengadaan/kelompok/permintaan", "rfq-inbox")
    _first(v, "/pengadaan/kelompok/permintaan/", "rfq")
    v.open("/pengadaan/kelompok/po", "pos")
    _first(v, "/pengadaan/kelompok/po/", "po")
    v.open("/pengadaan/kelompok/pengiriman", "deliveries")
    _first(v, "/pengadaan/kelompok/pengiriman/", "delivery")
    v.open("/pengadaan/kelompok/tagihan", "invoices")
    v.open("/pengadaan/kelompok/katering", "catering")


def _kitchen(v: Visit) -> None:
    """Bu Sri's kitchen: the catering it cooks for the canteen contractor."""
    v.login("ketua2@demo.pasartkm.id")
    v.open("/pengadaan/kelompok/katering", "catering")
    _first(v, "/pengadaan/kelompok/katering/", "contract")


def _officer_procurement(v: Visit) -> None:
    v.login("fajar@demo.pasartkm.id")
    v.open("/pengadaan/petugas/perusahaan?status=verified", "companies")
    _first(v, "/pengadaan/petugas/perusahaan/", "company")
    v.open("/pengadaan/petugas/tagihan", "invoices")


def _producer_program(v: Visit) -> None:
    """Issue 16 on Pak Darto's phone: members and certificates, workforce, mentoring, aid and
    incentives, the deal with Bu Ratna; then the pemula chair's mentoring plan."""
    v.login("darto@demo.pasartkm.id")
    v.open("/kelompok/saya/anggota", "members")
    _first(v, "/kelompok/saya/anggota/", "member")
    v.open("/kelompok/saya/tenaga-kerja", "workforce")
    v.open("/kelompok/saya/pendampingan", "mentoring")
    v.open("/pendamping/kelompok-saya/bantuan-insentif", "incentives")
    v.open("/produsen/investasi/kesepakatan", "deals")
    _first(v, "/produsen/investasi/kesepakatan/", "deal")
    assert v.count("[data-testid=schedule]") == 1
    v.context.clear_cookies()
    v.login("ketua4@demo.pasartkm.id")  # Keripik Sukun Tulis: a plan with measured goals
    v.open("/kelompok/saya/pendampingan", "mentoring-plan")


def _investor_program(v: Visit) -> None:
    """Bu Ratna's deal and portfolio."""
    v.login("ratna@demo.pasartkm.id")
    v.open("/investor/portofolio", "portfolio")
    _first(v, "/investor/kesepakatan/", "deal")
    assert v.count("[data-testid=schedule]") == 1


def _officer_program(v: Visit) -> None:
    """Mas Fajar's issue-16 pages: certificates, mentoring, incentives, cohorts, deals."""
    v.login("fajar@demo.pasartkm.id")
    v.open("/pendamping/sertifikat", "certificates")
    v.open("/pendamping/sertifikat/kedaluwarsa", "certificates-expiring")
    v.open("/pendamping/insentif", "incentive-rounds")
    _first(v, "/pendamping/insentif/", "incentive-round")
    v.open("/pendamping/dampak/kohort", "cohort")
    v.open("/pendamping/kesepakatan", "deals")
    _first(v, "/pendamping/kesepakatan/", "deal")
    v.open("/pendamping/kelompok?status=verified", "groups")
    v.page.locator("main a", has_text="Keripik Sukun Tulis").first.click()
    v.page.locator("main a[href$='/program']").first.click()
    v.page.locator("[data-testid=mentoring-link]").click()
    v.check("mentoring-plan")


PERSONAS = {
    "buyer": (_buyer, [360]),
    "producer": (_producer, [360]),
    "company": (_company, [1280, 360]),
    "canteen": (_canteen, [1280, 360]),
    "producer-procurement": (_producer_procurement, [360]),
    "kitchen": (_kitchen, [360]),
    "officer-procurement": (_officer_procurement, [1280, 360]),
    "investor": (_investor, [1280, 360]),
    "officer": (_officer, [1280, 360]),
    "producer-program": (_producer_program, [360]),
    "investor-program": (_investor_program, [1280, 360]),
    "officer-program": (_officer_program, [1280]),
}
CASES = [
    pytest.param(persona, width, lang, id=f"{persona}-{width}-{lang}")
    for persona, (_, widths) in PERSONAS.items()
    for width in widths
    for lang in ("id", "en")
]


@pytest.mark.parametrize(("persona", "width", "lang"), CASES)
def test_pages_fit_have_big_enough_targets_and_pass_axe(live_server, browser, persona, width, lang):
    visit = Visit(browser, live_server, persona, width, lang)
    PERSONAS[persona][0](visit)
    visit.finish()


def test_officer_navigation_fits_one_screen_in_english(live_server, browser):
    """Every officer page is reachable from the navigation at 1280 px in English."""
    visit = Visit(browser, live_server, "officer-nav", 1280, "en")
    visit.login("fajar@demo.pasartkm.id")
    visit.page.goto(f"{live_server}/pendamping/")
    nav = visit.page.locator("nav")
    for name in ("Verify", "Investor", "Proposals", "Impact", "Payment", "Audit log"):
        link = nav.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280, name
    visit.check("nav")
    visit.finish()


def test_favicon_is_found(live_server, browser):
    """The browser finds the icon the page links and the one at /favicon.ico (no 404)."""
    visit = Visit(browser, live_server, "favicon", 360, "id")
    visit.page.goto(f"{live_server}/")
    icons = visit.page.locator("link[rel=icon]").evaluate_all("els => els.map(e => e.href)")
    assert icons and any(re.search(r"\.svg$", href) for href in icons)
    for href in [*icons, f"{live_server}/favicon.ico"]:
        response = visit.page.request.get(href)
        assert response.status == 200 and response.headers["content-type"].startswith("image/")
    visit.finish()
