"""Draws static/geo/favicon.png (the tab icon): a map pin over a pale globe, in the map's colours (Pillow)."""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 64
out = Path(__file__).resolve().parents[1] / "static" / "geo" / "favicon.png"
img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.ellipse((4, 10, 60, 62), fill="#dce9f2", outline="#0072B2", width=3)
d.arc((14, 10, 50, 62), 0, 360, fill="#0072B2", width=2)
d.line((4, 36, 60, 36), fill="#0072B2", width=2)
d.polygon([(32, 44), (20, 22), (44, 22)], fill="#D55E00")
d.ellipse((19, 4, 45, 30), fill="#D55E00")
d.ellipse((27, 12, 37, 22), fill="white")
img.save(out)
print(out)
