"""Draw the app icons under static/icons/ from the favicon's look (run once; PNGs are committed).

The shop of static/favicon.svg (white awning, body and green door on #146c43) on a 64-unit
grid, scaled: `icon-<n>.png` with rounded corners like the favicon, `maskable-512.png` full
bleed with the shop inside the central safe zone, `apple-touch-icon.png` (180 px, square).
Usage: python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = "#146c43"
WHITE = "#ffffff"
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
# The favicon's shapes in its 64 x 64 viewBox.
AWNING = [(10, 26), (16, 12), (48, 12), (54, 26)]
BODY = (14, 30, 50, 52)
DOOR = (26, 36, 38, 52)


def draw(size: int, *, rounded: bool, shop_scale: float) -> Image.Image:
    """One icon: the green square (rounded or full bleed) with the shop centred at shop_scale."""
    scale = 4  # drawn larger, then reduced: smooth edges without an anti-aliasing option
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 12 // 64, fill=GREEN)
    else:
        pen.rectangle((0, 0, big - 1, big - 1), fill=GREEN)
    unit = big / 64 * shop_scale
    offset = big / 2 - 32 * unit  # the shop's 64-unit box centred

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * unit, offset + y * unit)

    pen.polygon([at(x, y) for x, y in AWNING], fill=WHITE)
    pen.rectangle((*at(*BODY[:2]), *at(*BODY[2:])), fill=WHITE)
    pen.rectangle((*at(*DOOR[:2]), *at(*DOOR[2:])), fill=GREEN)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    """Write the PNGs."""
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, rounded=True, shop_scale=1.0).save(OUT / f"icon-{size}.png", optimize=True)
    # Maskable: launchers cut any shape out of the middle 80 %; the shop stays inside it.
    draw(512, rounded=False, shop_scale=0.7).save(OUT / "maskable-512.png", optimize=True)
    draw(180, rounded=False, shop_scale=0.9).convert("RGB").save(
        OUT / "apple-touch-icon.png", optimize=True
    )


if __name__ == "__main__":
    main()
