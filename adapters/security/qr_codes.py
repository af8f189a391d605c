"""QR codes as SVG by segno (pure Python)."""

import io

import segno

from application.ports.qr_codes import QrCodes


class SvgQrCodes(QrCodes):
    def svg(self, text: str) -> str:
        out = io.BytesIO()
        segno.make(text, error="m").save(out, kind="svg", scale=4, xmldecl=False)
        return out.getvalue().decode()
