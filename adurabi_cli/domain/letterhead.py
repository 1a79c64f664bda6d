"""The letterhead (kop) and the signature block of a printed recap, from the office's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adurabi_cli.domain.dates import long_date_id

# Lines of the setting `office_name` are separated by this; one line per kop line.
LINE_SEPARATOR = "|"
DEFAULT_OFFICE_NAME = (
    "KEMENTERIAN HUKUM DAN HAK ASASI MANUSIA REPUBLIK INDONESIA | KANTOR WILAYAH BALI"
)
DEFAULT_SIGNER_TITLE = "Kepala Kantor Wilayah"
DEFAULT_PLACE = "Denpasar"
# Where no name or NIP is set: a dotted line the official signs and writes over.
BLANK_NAME = "(" + "." * 40 + ")"
BLANK_NIP = "NIP " + "." * 30
# Empty lines left for the signature (and the stamp) between the title and the name.
SIGNING_LINES = 3


@dataclass(frozen=True)
class Office:
    """Who the recap comes from and who signs it (settings office_name ... place)."""

    name: str = DEFAULT_OFFICE_NAME
    address: str | None = None
    signer_title: str = DEFAULT_SIGNER_TITLE
    signer_name: str | None = None
    signer_nip: str | None = None
    place: str = DEFAULT_PLACE

    def kop_lines(self) -> list[str]:
        """The letterhead, top to bottom: the office's name lines, then its address."""
        lines = [part.strip() for part in self.name.split(LINE_SEPARATOR) if part.strip()]
        if self.address:
            lines.append(self.address)
        return lines

    def signature_lines(self, day: date) -> list[str]:
        """`Denpasar, 5 Desember 2026`, the title, room to sign, the name and the NIP."""
        return [
            f"{self.place}, {long_date_id(day)}",
            self.signer_title,
            *[""] * SIGNING_LINES,
            self.signer_name or BLANK_NAME,
            f"NIP {self.signer_nip}" if self.signer_nip else BLANK_NIP,
        ]
