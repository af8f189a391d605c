from typing import Protocol


class QrCodes(Protocol):
    def svg(self, text: str) -> str:
        """`text` as a QR code, an SVG document."""
        ...
