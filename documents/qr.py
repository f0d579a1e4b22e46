"""QR codes drawn as inline SVG: vector-sharp when printed, and nothing to fetch (the PDF
renderer refuses outside URLs; inline SVG needs no fetch at all)."""

from __future__ import annotations


def qr_svg(text: str) -> str:
    """`text` (an address of ours) as an <svg> QR code."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    return qrcode.make(text, image_factory=SvgPathImage, border=2).to_string(encoding="unicode")
