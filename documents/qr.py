"""QR codes of our own addresses: an inline SVG for web pages, a PNG of one pixel a module for
PDFs. Neither is fetched from anywhere (the PDF renderer refuses outside URLs)."""

from __future__ import annotations

import base64
import io


def qr_svg(text: str) -> str:
    """`text` (an address of ours) as an <svg> QR code."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    return qrcode.make(text, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")


def qr_png_data_uri(text: str) -> str:
    """`text` as a data: URI of a PNG QR code, one pixel a module, for a PDF to draw with
    `image-rendering: pixelated`: the PDF then scales it without smoothing, so it prints as
    sharp as a vector, and WeasyPrint lays it out in a fraction of the time of an SVG path
    of one square per module (a third of a reception notice's render)."""
    import qrcode
    from PIL import Image

    code = qrcode.QRCode(border=2)
    code.add_data(text)
    code.make(fit=True)
    modules = code.get_matrix()
    image = Image.new("1", (len(modules), len(modules)))
    image.putdata([0 if dark else 255 for row in modules for dark in row])
    png = io.BytesIO()
    image.save(png, "PNG")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode("ascii")
