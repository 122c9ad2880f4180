"""Support for the three end-to-end journeys: actors in their own browser contexts at one
viewport width, a screenshot and an axe-core accessibility check on every journey page.

axe-core comes from the npm registry (`make axe`, run by `make test`) into
tests/browser/vendor/node_modules. It is injected with `page.evaluate`, which the app's
Content-Security-Policy (`script-src 'self'`) does not block, so the journeys run with the
real CSP in force. Only serious and critical violations fail a journey.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

from tests.browser.conftest import shot

AXE = Path(__file__).parent / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
HEIGHTS = {360: 740, 1280: 800}
DEMO_PASSWORD = "demo12345"
BLOCKING = ("serious", "critical")
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 4).map(n => n.target.join(' ')),
  }));
}"""


def axe_source() -> str:
    if not AXE.exists():
        reason = f"axe-core not installed at {AXE} (run `make axe`)"
        if os.environ.get("REQUIRE_BROWSER", "") not in ("", "0"):
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1 makes the accessibility checks mandatory")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def unique(prefix: str = "") -> str:
    return prefix + uuid.uuid4().hex[:6]


def digits(n: int) -> str:
    return "".join(str(int(c, 16) % 10) for c in uuid.uuid4().hex[:n])


class Journey:
    """Browser contexts for the actors of one journey at one width, checked page by page."""

    def __init__(self, browser, base: str, width: int, name: str) -> None:
        self.browser, self.base, self.width, self.name = browser, base, width, name
        self.contexts = []
        self.violations: list[str] = []
        self.failed_responses: list[str] = []
        self.axe = axe_source()

    def actor(self):
        """A new page in its own context (its own cookies), like another person's phone."""
        context = self.browser.new_context(
            viewport={"width": self.width, "height": HEIGHTS.get(self.width, 800)},
            locale="id-ID",
        )
        self.contexts.append(context)
        page = context.new_page()
        page.on("response", self._watch)
        return page

    def _watch(self, response) -> None:
        if response.status >= 500:
            self.failed_responses.append(f"{response.status} {response.url}")

    def check(self, page, step: str) -> None:
        """Screenshot, axe-core and (on phones) no sideways scrolling, for one journey page."""
        page.wait_for_load_state("load")
        shot(page, f"journey-{self.name}-{step}-{self.width}")
        page.evaluate(self.axe)
        for v in page.evaluate(AXE_RUN):
            if v["impact"] in BLOCKING:
                self.violations.append(
                    f"{step} {page.url}: {v['impact']} {v['id']} ({v['help']}) {v['targets']}"
                )
        if self.width <= 360:
            fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert fits, f"{step}: the page scrolls sideways at {self.width} px"

    def login(self, page, email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{self.base}/akun/masuk")
        page.get_by_label("Email atau nomor HP").fill(email)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        # producers land on their work page, everyone else on the home page
        page.wait_for_url(lambda url: "/akun/masuk" not in url)

    def register(self, page, name: str, *, investor_org: str | None = None) -> str:
        """Register a new account through the form; returns its email."""
        email = f"{unique('j')}@contoh.id"
        path = "/akun/daftar-investor" if investor_org else "/akun/daftar"
        page.goto(self.base + path)
        self.check(page, "register")
        page.get_by_label("Nama lengkap").fill(name)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Nomor HP (WhatsApp)").fill("0812" + digits(8))
        if investor_org:
            page.get_by_label(re.compile("^Lembaga")).fill(investor_org)
        page.get_by_label("Kata sandi", exact=True).fill(DEMO_PASSWORD)
        page.get_by_label("Ulangi kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Daftar").click()
        page.wait_for_url(re.compile(r".*/$"))
        return email

    def finish(self) -> None:
        for context in self.contexts:
            context.close()
        assert self.failed_responses == [], self.failed_responses
        assert self.violations == [], "accessibility:\n" + "\n".join(self.violations)
