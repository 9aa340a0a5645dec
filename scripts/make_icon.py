"""Draw CivDesk's application icon (resources/icons/civdesk.png and .ico) from the bundled CJK font.

Run once when the icon should change: `.venv/bin/python scripts/make_icon.py`.
"""

from __future__ import annotations

from pathlib import Path

import manimgx_fonts_cjk
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([8, 8, size - 8, size - 8], radius=size // 6, fill=(178, 34, 34, 255))
    d.rounded_rectangle([22, 22, size - 22, size - 22], radius=size // 8, outline=(255, 215, 0, 255), width=6)
    font_file = Path(manimgx_fonts_cjk.__file__).parent / "NotoSansCJK-VF.otf.ttc"
    # Index 2 is the Simplified Chinese face in the Noto Sans CJK collection.
    font = ImageFont.truetype(str(font_file), int(size * 0.62), index=2)
    font.set_variation_by_axes([800])
    d.text((size / 2, size / 2 + 4), "文", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.save(OUT / "civdesk.png")
    icon.save(OUT / "civdesk.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'civdesk.png'} and {OUT / 'civdesk.ico'}")
