"""Keep the message catalogs in step with the code: `make messages` runs this.

1. extracts every msgid from `marketplace/`, `templates/` and `translations/` into
   `translations/messages.pot`;
2. updates `translations/en/LC_MESSAGES/messages.po` from it (no fuzzy matching);
3. fills English translations from `translations/pending/*.json` (`{"msgid": "English"}`;
   plural entries as `{"msgid": ["one", "other"]}`), so several people can add strings
   without editing the same .po lines, then deletes nothing: pending files are folded in
   and can be removed once committed;
4. compiles the .mo files;
5. prints the msgids that still have no English translation (exit 1 with `--strict`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TR = ROOT / "translations"
PO = TR / "en" / "LC_MESSAGES" / "messages.po"


def _run(*args: str) -> None:
    subprocess.run(
        [str(BIN / "pybabel"), *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main(argv: list[str]) -> int:
    """Extract, update, fold in pending translations, compile; report what is untranslated."""
    _run(
        "extract", "-F", "babel.cfg", "-k", "_l", "-o", "translations/messages.pot",
        "--sort-by-file", ".",
    )  # fmt: skip
    _run("update", "-i", "translations/messages.pot", "-d", "translations",
         "--no-fuzzy-matching", "--ignore-obsolete")  # fmt: skip
    pending: dict[str, str | list[str]] = {}
    for path in sorted((TR / "pending").glob("*.json")):
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key in pending:
            value = pending[key]
            message.string = tuple(value) if isinstance(value, list) else value
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_by_file=True, ignore_obsolete=True)
    _run("compile", "-f", "-d", "translations")
    missing = [
        m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)
    ]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing and "--strict" in argv else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
