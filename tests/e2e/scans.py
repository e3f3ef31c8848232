"""A real report with pages turned into images, as a scanner would leave them."""

from collections.abc import Iterable
from pathlib import Path

import pypdfium2 as pdfium


def with_image_only_pages(source: Path, pages: Iterable[int], destination: Path) -> Path:
    """`source` with each of `pages` (1-based) replaced by a picture of it: no text layer."""
    pdf = pdfium.PdfDocument(source)
    try:
        for number in pages:
            index = number - 1
            width, height = pdf[index].get_size()
            picture = pdfium.PdfImage.new(pdf)
            picture.set_bitmap(pdf[index].render(scale=1.5))
            picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
            pdf.del_page(index)
            page = pdf.new_page(width, height, index=index)
            page.insert_obj(picture)
            page.gen_content()
        pdf.save(destination)
    finally:
        pdf.close()
    return destination
