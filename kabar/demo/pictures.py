"""Pictures for the demo, drawn with Pillow: no photo is downloaded or shipped.

Each picture is seeded from its key, so the same entry always gets the same picture.
"""

from __future__ import annotations

import io
import random
import zlib

from PIL import Image, ImageDraw, ImageFont

# Dark and light end of each palette articles.json may name.
PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "blue": ((14, 44, 96), (64, 140, 220)),
    "red": ((104, 18, 26), (226, 84, 70)),
    "green": ((16, 72, 44), (104, 178, 100)),
    "orange": ((150, 62, 8), (248, 168, 66)),
    "purple": ((54, 26, 94), (160, 110, 210)),
    "teal": ((8, 72, 78), (70, 178, 172)),
    "gray": ((42, 46, 52), (156, 162, 170)),
}
LEAD_SIZE = (1600, 900)
PORTRAIT_SIZE = (600, 600)
JPEG_QUALITY = 82


def palette_for(key: str) -> str:
    """A stable palette for things articles.json gives none, such as people."""
    names = sorted(PALETTES)
    return names[zlib.crc32(key.encode()) % len(names)]


def _gradient(size: tuple[int, int], palette: str, rng: random.Random) -> Image.Image:
    dark, light = PALETTES[palette]
    # Pillow's own ramp, stretched and mixed with its transpose, gives a diagonal without a per-pixel loop.
    down = Image.linear_gradient("L").resize(size)
    across = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(size)
    ramp = Image.blend(down, across, rng.uniform(0.2, 0.8))
    if rng.random() < 0.5:
        ramp = ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return Image.composite(Image.new("RGB", size, dark), Image.new("RGB", size, light), ramp)


def _shapes(picture: Image.Image, rng: random.Random, count: int) -> Image.Image:
    width, height = picture.size
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(height // 10, height // 2)
        tint = (255, 255, 255, rng.randrange(18, 60)) if rng.random() < 0.6 else (0, 0, 0, rng.randrange(18, 50))
        if rng.random() < 0.5:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tint)
        else:
            draw.rectangle((x - radius, y - radius // 3, x + radius, y + radius // 3), fill=tint)
    return Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")


def _jpeg(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def lead_picture(key: str, palette: str, label: str, size: tuple[int, int] = LEAD_SIZE) -> bytes:
    """A JPEG of gradient and shapes in the palette, with `label` (the section's name) along the bottom."""
    rng = random.Random(zlib.crc32(key.encode()))
    picture = _shapes(_gradient(size, palette if palette in PALETTES else palette_for(key), rng), rng, count=9)
    width, height = size
    draw = ImageDraw.Draw(picture, "RGBA")
    band = height // 6
    draw.rectangle((0, height - band, width, height), fill=(0, 0, 0, 150))
    font = ImageFont.load_default(size=band // 2)
    draw.text((band // 2, height - band // 2), label.upper(), font=font, fill=(255, 255, 255, 255), anchor="lm")
    return _jpeg(picture)


def portrait(key: str, name: str, size: tuple[int, int] = PORTRAIT_SIZE) -> bytes:
    """A square JPEG with the person's initials, for bylines and author pages."""
    rng = random.Random(zlib.crc32(key.encode()))
    picture = _shapes(_gradient(size, palette_for(key), rng), rng, count=4)
    initials = "".join(word[0] for word in name.split()[:2]).upper() or "?"
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=size[1] // 3)
    draw.text((size[0] // 2, size[1] // 2), initials, font=font, fill=(255, 255, 255, 235), anchor="mm")
    return _jpeg(picture)
