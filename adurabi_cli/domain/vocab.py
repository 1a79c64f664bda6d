"""Seeded vocabularies (docs/design.md section 5) and the rules for slugs and satker kinds."""

from __future__ import annotations

import re
from typing import NamedTuple

from adurabi_cli.errors import InvalidInput
from adurabi_cli.i18n import N_, _


class Term(NamedTuple):
    slug: str
    label: str
    group: str | None = None


SATKER_KINDS = (
    "kanwil",
    "lapas",
    "rutan",
    "lpka",
    "bapas",
    "rupbasan",
    "imigrasi",
    "rudenim",
    "lainnya",
)

# Media groups as the recap names them.
GROUP_WEBSITE = "website"
GROUP_MASSA = "media-massa"
GROUP_SOSIAL = "media-sosial"
MEDIA_GROUPS = (GROUP_WEBSITE, GROUP_MASSA, GROUP_SOSIAL, "lainnya")
MEDIA_GROUP_LABELS = {
    GROUP_WEBSITE: "Website",
    GROUP_MASSA: "Media Massa",
    GROUP_SOSIAL: "Media Sosial",
    "lainnya": "Lainnya",
}

VOCAB_KINDS = {
    "channel": "complaint channels (kanal pengaduan)",
    "category": "complaint categories (kategori pengaduan)",
    "media": "news media (media berita)",
    "news_category": "news categories (kategori berita)",
}

DEFAULT_VOCAB: dict[str, tuple[Term, ...]] = {
    "channel": (
        Term("sp4n-lapor", "SP4N-LAPOR!"),
        Term("whatsapp", "WhatsApp"),
        Term("email", "Email"),
        Term("telepon", "Telepon"),
        Term("website", "Website"),
        Term("media-sosial", "Media Sosial"),
        Term("langsung", "Datang Langsung"),
        Term("surat", "Surat"),
        Term("kotak-pengaduan", "Kotak Pengaduan"),
        Term("lainnya", "Lainnya"),
    ),
    "category": (
        Term("kualitas-layanan", "Kualitas Layanan"),
        Term("prosedur", "Prosedur"),
        Term("pungli", "Pungutan Liar"),
        Term("penyalahgunaan-wewenang", "Penyalahgunaan Wewenang"),
        Term("diskriminasi", "Diskriminasi"),
        Term("kode-etik", "Pelanggaran Kode Etik"),
        Term("ham", "Hak Asasi Manusia"),
        Term("permintaan-informasi", "Permintaan Informasi"),
        Term("aspirasi", "Aspirasi"),
        Term("lainnya", "Lainnya"),
    ),
    "media": (
        Term("website", "Website Satker", GROUP_WEBSITE),
        Term("online", "Media Online", GROUP_MASSA),
        Term("cetak", "Media Cetak", GROUP_MASSA),
        Term("televisi", "Televisi", GROUP_MASSA),
        Term("radio", "Radio", GROUP_MASSA),
        Term("instagram", "Instagram", GROUP_SOSIAL),
        Term("facebook", "Facebook", GROUP_SOSIAL),
        Term("x", "X (Twitter)", GROUP_SOSIAL),
        Term("tiktok", "TikTok", GROUP_SOSIAL),
        Term("youtube", "YouTube", GROUP_SOSIAL),
        Term("lainnya", "Lainnya", "lainnya"),
    ),
    "news_category": (
        Term("kegiatan", "Kegiatan"),
        Term("rilis", "Siaran Pers"),
        Term("glorifikasi", "Glorifikasi"),
        Term("klarifikasi", "Klarifikasi"),
        Term("lainnya", "Lainnya"),
    ),
}

SENTIMENTS = ("positif", "netral", "negatif")
SENTIMENT_ALIASES = {"positive": "positif", "neutral": "netral", "negative": "negatif"}

# Input aliases for vocabulary slugs, so English words work where an operator types them.
VOCAB_ALIASES: dict[str, dict[str, str]] = {
    "channel": {
        "lapor": "sp4n-lapor",
        "wa": "whatsapp",
        "phone": "telepon",
        "social-media": "media-sosial",
        "walk-in": "langsung",
        "letter": "surat",
        "complaint-box": "kotak-pengaduan",
        "other": "lainnya",
    },
    "category": {
        "service-quality": "kualitas-layanan",
        "procedure": "prosedur",
        "extortion": "pungli",
        "abuse-of-power": "penyalahgunaan-wewenang",
        "discrimination": "diskriminasi",
        "ethics": "kode-etik",
        "human-rights": "ham",
        "information-request": "permintaan-informasi",
        "aspiration": "aspirasi",
        "other": "lainnya",
    },
    "media": {"print": "cetak", "tv": "televisi", "twitter": "x", "other": "lainnya"},
    "news_category": {
        "activity": "kegiatan",
        "press-release": "rilis",
        "clarification": "klarifikasi",
        "other": "lainnya",
    },
}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_slug(value: str, what: str = "code") -> str:
    """A lower-case slug of letters, digits and single hyphens."""
    slug = value.strip()
    if not _SLUG.fullmatch(slug) or len(slug) > 64:
        raise InvalidInput(
            _(
                "{what} {value!r} is not valid; use lower-case letters, "
                "digits and hyphens (e.g. lapas-kerobokan)"
            ).format(what=what, value=value)
        )
    return slug


# Names Windows cannot give a file, whatever the extension: a satker code names its workbook
# (`export`'s DIR/YYYY-MM/<code>.xlsx), which an operator opens on Windows.
WINDOWS_RESERVED = frozenset(
    ("con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)))
)


def check_satker_code(value: str) -> str:
    """A satker code: a slug that can also name a file on Windows."""
    code = check_slug(value)
    if code in WINDOWS_RESERVED:
        raise InvalidInput(
            _(
                "code {code!r} is a name Windows reserves for a device and "
                "cannot name the satker's workbook; choose another (e.g. "
                "lapas-kerobokan)"
            ).format(code=code)
        )
    return code


def check_kind(value: str) -> str:
    kind = value.strip().lower()
    if kind not in SATKER_KINDS:
        raise InvalidInput(
            _("unknown satker kind {value!r}; valid: {value2}").format(
                value=value, value2=", ".join(SATKER_KINDS)
            )
        )
    return kind


def check_vocab_kind(value: str) -> str:
    kind = value.strip().lower().replace("-", "_")
    if kind not in VOCAB_KINDS:
        raise InvalidInput(
            _("unknown vocabulary {value!r}; valid: {value2}").format(
                value=value, value2=", ".join(VOCAB_KINDS)
            )
        )
    return kind


# How a message names a vocabulary kind ("unknown channel 'x'").
VOCAB_KIND_WORDS = {
    "channel": N_("channel"),
    "category": N_("category"),
    "media": N_("media"),
    "sentiment": N_("sentiment"),
    "news_category": N_("news category"),
}


def pick_term(kind: str, value: str, known: list[str]) -> str:
    """Resolve value (slug, alias or any case) against the known slugs of a vocabulary."""
    text = value.strip().lower().replace("_", "-").replace(" ", "-")
    text = VOCAB_ALIASES.get(kind, {}).get(text, text)
    if text in known:
        return text
    what = _(VOCAB_KIND_WORDS.get(kind, kind))
    raise InvalidInput(
        _("unknown {what} {value!r}; valid: {value2}").format(
            what=what, value=value, value2=", ".join(known)
        )
    )


def pick_sentiment(value: str) -> str:
    text = value.strip().lower()
    text = SENTIMENT_ALIASES.get(text, text)
    if text not in SENTIMENTS:
        raise InvalidInput(
            _("unknown sentiment {value!r}; valid: {value2}").format(
                value=value, value2=", ".join(SENTIMENTS)
            )
        )
    return text
