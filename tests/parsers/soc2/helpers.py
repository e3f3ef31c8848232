"""Helpers for the SOC parser tests: where the real reports are, and tiny PDFs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

REPO = Path(__file__).resolve().parents[3]
REAL = REPO.parent / "shared" / "soc2-samples" / "real"


def real_report(name: str) -> Path:
    """A real report from ../shared (never copied into the repository)."""
    path = REAL / name
    assert path.is_file(), f"missing real sample {path}"
    return path


def write_pdf(
    path: Path,
    pages: Sequence[Sequence[str] | None],
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """A plain PDF with one text line per entry, pages as given; optionally encrypted. A page
    given as None is a picture with no text (a scanned page, a cover)."""
    encrypt = None
    if user_password is not None or owner_password is not None:
        encrypt = StandardEncryption(user_password or "", owner_password, canModify=0)
    c = canvas.Canvas(str(path), pagesize=letter, encrypt=encrypt)
    for lines in pages:
        if lines is None:
            c.drawImage(_picture(), 72, 72, 468, 648)
            c.showPage()
            continue
        y = 720.0
        for text in lines:
            c.setFont("Helvetica", 10)
            c.drawString(72, y, text)
            y -= 14
        c.showPage()
    c.save()
    return path


def _picture() -> ImageReader:
    img = Image.new("L", (200, 260), 250)
    draw = ImageDraw.Draw(img)
    for y in range(20, 240, 12):
        draw.line((20, y, 180, y), fill=40, width=3)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)
