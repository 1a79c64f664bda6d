"""Indonesian text for the demo data: people, complaint summaries, resolutions, news titles.

Pure: every function draws from the random generator it is given, so one seed gives the same
text. The templates read like a humas register; none is a real case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from random import Random
from typing import TypeVar

from adurabi_cli.domain.demo_words import (
    BAPAS,
    BIRTH_NAMES,
    COUNTRIES,
    DAYS,
    FOREIGN_NAMES,
    FORWARD_TO,
    HOLIDAYS,
    IMIGRASI,
    ISSUES,
    KANWIL,
    MAIL_HOSTS,
    MEN,
    OTHER_NAMES,
    PAS,
    PHONE_PREFIXES,
    PLACES,
    REGIONS,
    RUDENIM,
    RUPBASAN,
    SERVICES,
    SKILLS,
    WOMEN,
)

SUMMARIES = {
    "kualitas-layanan": (
        "Pelapor mengeluhkan antrean {layanan} di {unit} yang memakan waktu lebih dari {jam} jam.",
        "Petugas yang melayani {layanan} di {unit} dinilai kurang ramah dan tidak memberi "
        "penjelasan yang jelas.",
        "Ruang tunggu {layanan} di {unit} panas dan kursinya tidak mencukupi pada hari {hari}.",
        "Loket {layanan} di {unit} tutup lebih awal dari jadwal yang diumumkan.",
        "Nomor WhatsApp layanan {unit} tidak membalas pesan pelapor selama {kali} hari.",
    ),
    "prosedur": (
        "Pelapor mempertanyakan syarat tambahan {layanan} yang tidak tercantum di standar "
        "pelayanan {unit}.",
        "Berkas {layanan} pelapor dikembalikan {kali} kali tanpa keterangan kekurangan yang jelas.",
        "Jadwal {layanan} di {unit} berubah tanpa pemberitahuan sehingga pelapor datang sia-sia.",
        "Alur {layanan} di {unit} membingungkan; petunjuk di loket berbeda dengan di situs web.",
    ),
    "pungli": (
        "Pelapor mengaku dimintai uang Rp{nominal} oleh oknum agar {layanan} di {unit} dipercepat.",
        "Ada dugaan calo menawarkan jasa {layanan} di sekitar {unit} dengan tarif Rp{nominal}.",
        "Keluarga diminta membayar Rp{nominal} untuk {layanan} yang seharusnya gratis.",
    ),
    "penyalahgunaan-wewenang": (
        "Dugaan oknum petugas {unit} memanfaatkan jabatannya dalam proses {layanan}.",
        "Pelapor menduga ada perlakuan khusus bagi kerabat petugas dalam {layanan} di {unit}.",
    ),
    "diskriminasi": (
        "Pelapor merasa didahului pemohon lain dalam {layanan} karena pemohon itu dikenal petugas.",
        "Penyandang disabilitas kesulitan mengakses {layanan} di {unit}; tidak ada jalur khusus.",
    ),
    "kode-etik": (
        "Oknum petugas {unit} diduga berkata kasar kepada pelapor saat {layanan}.",
        "Petugas terlihat bermain ponsel dan merokok ketika melayani {layanan} di {unit}.",
        "Petugas {unit} tidak mengenakan tanda pengenal saat {layanan} pada hari {hari}.",
    ),
    "ham": (
        "Keluarga menyampaikan kekhawatiran atas {layanan} bagi kerabatnya di {unit}.",
        "Pelapor meminta kepastian hak atas {layanan} yang belum diterima selama {kali} minggu.",
    ),
    "permintaan-informasi": (
        "Pelapor meminta informasi syarat dan biaya {layanan} di {unit}.",
        "Pelapor menanyakan perkembangan {layanan} yang diajukan bulan lalu.",
        "Permintaan salinan jadwal {layanan} {unit} untuk bulan depan.",
        "Pelapor menanyakan apakah {layanan} bisa dilakukan pada hari {hari}.",
    ),
    "aspirasi": (
        "Usulan agar {unit} menambah jadwal {layanan} pada hari Sabtu.",
        "Masyarakat mengusulkan agar {layanan} di {unit} dapat dilakukan sepenuhnya daring.",
        "Saran penambahan papan informasi {layanan} dalam bahasa Inggris di {unit}.",
    ),
    "lainnya": (
        "Pelapor mengeluhkan parkir liar di depan {unit} pada jam layanan.",
        "Laporan kehilangan barang pribadi di area ruang tunggu {unit}.",
        "Pelapor menyampaikan terima kasih dan masukan umum atas {layanan} di {unit}.",
    ),
}

RESOLUTIONS = {
    "selesai": (
        "Telah dilakukan klarifikasi kepada petugas terkait dan perbaikan {layanan}; pelapor "
        "menerima penjelasan.",
        "Informasi yang diminta telah disampaikan kepada pelapor melalui telepon dan WhatsApp.",
        "Petugas yang bersangkutan telah diperiksa dan diberi teguran tertulis oleh atasan "
        "langsung.",
        "Jadwal dan alur {layanan} disesuaikan serta diumumkan melalui media sosial resmi.",
        "Berkas pelapor telah diproses tuntas; pelapor menyatakan puas atas penyelesaiannya.",
    ),
    "ditolak": (
        "Tidak dapat ditindaklanjuti: identitas dan bukti pendukung tidak dilengkapi setelah "
        "dua kali diminta.",
        "Hasil pemeriksaan internal tidak menemukan bukti pelanggaran sebagaimana dilaporkan.",
        "Bukan pengaduan pelayanan publik; pelapor diarahkan ke saluran yang sesuai.",
    ),
    "dialihkan": (
        "Dialihkan ke {tujuan} karena di luar kewenangan {unit}.",
        "Diteruskan kepada {tujuan} untuk ditindaklanjuti sesuai kewenangannya.",
    ),
}
TITLES = {
    ("kegiatan", PAS): (
        "{unit} Gelar Penggeledahan Kamar Hunian Warga Binaan",
        "Warga Binaan {unit} Ikuti Pelatihan {keterampilan}",
        "{unit} Laksanakan Tes Urine bagi Petugas dan Warga Binaan",
        "Pembinaan Kerohanian Rutin bagi Warga Binaan {unit}",
        "{unit} Gelar Pemeriksaan Kesehatan Gratis bersama Dinas Kesehatan {kabupaten}",
        "Apel Siaga Pengamanan Jelang {hari_raya} di {unit}",
    ),
    ("kegiatan", IMIGRASI): (
        "{unit} Buka Layanan Paspor Jemput Bola di {lokasi}",
        "{unit} Gelar Operasi Pengawasan Orang Asing di {lokasi}",
        "Sosialisasi Pencegahan TPPO oleh {unit} di {lokasi}",
        "{unit} Tambah Petugas Konter Jelang Libur Panjang",
        "Tim Pora {kabupaten} Rapat Koordinasi di {unit}",
    ),
    ("kegiatan", RUDENIM): (
        "{unit} Gelar Pemeriksaan Kesehatan Deteni",
        "{unit} Perkuat Pengamanan Ruang Detensi",
        "Rapat Koordinasi Pendetensian di {unit}",
    ),
    ("kegiatan", BAPAS): (
        "{unit} Gelar Bimbingan Kemandirian bagi Klien di {lokasi}",
        "Pembimbing Kemasyarakatan {unit} Dampingi Diversi Anak di {kabupaten}",
        "{unit} Kunjungi Rumah Klien Pembebasan Bersyarat di {lokasi}",
    ),
    ("kegiatan", RUPBASAN): (
        "{unit} Lakukan Stock Opname Barang Sitaan",
        "{unit} Terima Titipan Barang Bukti dari Kejaksaan Negeri {kabupaten}",
        "Pemeliharaan Kendaraan Sitaan di {unit}",
    ),
    ("kegiatan", KANWIL): (
        "Kakanwil Kemenkumham Bali Pimpin Rapat Koordinasi Pelayanan Publik",
        "Penyuluhan Hukum bagi Warga Desa {lokasi}",
        "Kanwil Kemenkumham Bali Sosialisasikan Pendaftaran Merek bagi UMKM {kabupaten}",
        "Harmonisasi Rancangan Peraturan Daerah Kabupaten {kabupaten}",
        "Kanwil Kemenkumham Bali Bentuk Desa Sadar Hukum di {kabupaten}",
    ),
    ("rilis", PAS): (
        "{jumlah} Warga Binaan {unit} Terima Remisi {hari_raya}",
        "{unit} Bebaskan {jumlah} Warga Binaan melalui Pembebasan Bersyarat",
        "{unit} Musnahkan Barang Hasil Razia Kamar Hunian",
    ),
    ("rilis", IMIGRASI): (
        "{unit} Deportasi WNA Asal {negara} karena Melanggar Izin Tinggal",
        "{unit} Tolak Masuk {jumlah} WNA di Bandara I Gusti Ngurah Rai",
        "{unit} Catat {jumlah} Permohonan Paspor Selama Sepekan",
    ),
    ("rilis", RUDENIM): (
        "{unit} Deportasi {jumlah} Deteni Asal {negara}",
        "{unit} Pulangkan WNA Asal {negara} setelah Masa Detensi",
    ),
    ("rilis", KANWIL): (
        "Kanwil Kemenkumham Bali Umumkan Hasil Penilaian Kepatuhan Pelayanan Publik",
        "Kanwil Kemenkumham Bali Serahkan Sertifikat Merek kepada {jumlah} UMKM",
        "Siaran Pers: Capaian Kinerja Kanwil Kemenkumham Bali Triwulan Ini",
    ),
    ("glorifikasi", None): (
        "{unit} Raih Predikat Wilayah Bebas dari Korupsi",
        "Petugas {unit} Kembalikan Dompet WNA yang Tertinggal",
        "{unit} Terima Penghargaan Pelayanan Publik Terbaik dari Pemkab {kabupaten}",
        "Inovasi Layanan {unit} Diapresiasi Ombudsman RI Perwakilan Bali",
    ),
    ("klarifikasi", None): (
        "{unit} Luruskan Informasi Viral soal {isu}",
        "Klarifikasi {unit} atas Pemberitaan {isu}",
        "{unit} Tegaskan {layanan_judul} Tidak Dipungut Biaya",
    ),
    ("lainnya", None): (
        "Keluarga Besar {unit} Ucapkan Selamat Hari Raya {hari_raya}",
        "{unit} Ikuti Upacara Peringatan HUT Kemerdekaan RI",
        "Donor Darah Keluarga Besar {unit} bersama PMI {kabupaten}",
    ),
}
NEGATIVE_TITLES = (
    "Warga Keluhkan Antrean Panjang {layanan_judul} di {unit}",
    "Dugaan Pungli {layanan_judul} di {unit} Dilaporkan ke Ombudsman",
    "Viral Video Petugas {unit} Bersikap Kasar, Pimpinan Minta Maaf",
    "Sistem Antrean {unit} Sempat Gangguan, Pemohon Menumpuk",
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
T = TypeVar("T")


def pick(rng: Random, items: Sequence[T]) -> T:
    """One of items, uniformly: what rng.choice does, at a third of its cost (it matters
    over millions of rows; the tiny bias of scaling a float is of no concern here)."""
    return items[int(rng.random() * len(items))]


class _Slots(dict):
    """Template slots drawn only when a template uses them, so unused ones cost nothing."""

    def __init__(self, rng: Random, group: str, unit: str, region: str) -> None:
        super().__init__(unit=unit)
        self.rng, self.group, self.region = rng, group, region

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "layanan":
            value = pick(rng, SERVICES[self.group])
        elif key == "layanan_judul":
            value = pick(rng, SERVICES[self.group]).title().replace("Itas", "ITAS")
        elif key == "jam":
            value = str(rng.randint(2, 5))
        elif key == "kali":
            value = str(rng.randint(2, 4))
        elif key == "nominal":
            value = f"{pick(rng, (50, 100, 150, 200, 250, 300, 500, 1000)) * 1000:,}".replace(
                ",", "."
            )
        elif key == "hari":
            value = pick(rng, DAYS)
        elif key == "tujuan":
            value = pick(rng, FORWARD_TO)
        elif key == "kabupaten":
            value = self.region if self.region in PLACES else pick(rng, REGIONS)
        elif key == "lokasi":
            value = pick(rng, PLACES.get(self.region) or PLACES[pick(rng, REGIONS)])
        elif key == "jumlah":
            value = str(rng.randint(3, 120))
        elif key == "negara":
            value = pick(rng, COUNTRIES)
        elif key == "hari_raya":
            value = pick(rng, HOLIDAYS)
        elif key == "keterampilan":
            value = pick(rng, SKILLS)
        elif key == "isu":
            value = pick(rng, ISSUES)
        else:
            raise KeyError(key)
        self[key] = value
        return value


def complaint_summary(rng: Random, group: str, category: str, unit: str, region: str) -> str:
    """A one-sentence summary of a complaint of this category to this unit."""
    template = pick(rng, SUMMARIES.get(category) or SUMMARIES["lainnya"])
    return template.format_map(_Slots(rng, group, unit, region))


def resolution(rng: Random, status: str, group: str, unit: str, region: str) -> str:
    """What the operator wrote when closing as status (selesai, ditolak, dialihkan)."""
    template = pick(rng, RESOLUTIONS[status])
    return template.format_map(_Slots(rng, group, unit, region))


def news_title(
    rng: Random, group: str, category: str, sentiment: str, unit: str, region: str
) -> str:
    """A headline about the unit; negative coverage reads as such."""
    if sentiment == "negatif" and category != "klarifikasi":
        templates: tuple[str, ...] = NEGATIVE_TITLES
    else:
        templates = (
            TITLES.get((category, group))
            or TITLES.get((category, None))
            or TITLES.get(("kegiatan", group))
            or TITLES[("kegiatan", KANWIL)]
        )
    return pick(rng, templates).format_map(_Slots(rng, group, unit, region))


def person_name(rng: Random, group: str) -> str:
    """A complainant's name: mostly Balinese, some from elsewhere, foreigners at immigration."""
    draw = rng.random()
    if group in (IMIGRASI, RUDENIM) and draw < 0.3:
        return pick(rng, FOREIGN_NAMES)
    if draw < 0.72:
        if rng.random() < 0.55:
            return f"I {pick(rng, BIRTH_NAMES)} {pick(rng, MEN)}"
        return f"Ni {pick(rng, BIRTH_NAMES)} {pick(rng, WOMEN)}"
    return pick(rng, OTHER_NAMES)


def contact(rng: Random, name: str) -> str | None:
    """A mobile number (most), an e-mail address, or nothing."""
    draw = rng.random()
    if draw < 0.72:
        digits = f"{rng.randrange(10**7, 10**8)}"
        return f"0{pick(rng, PHONE_PREFIXES)}-{digits[:4]}-{digits[4:]}"
    if draw < 0.88:
        parts = slugify(name).split("-")
        local = ".".join(parts[-2:]) if len(parts) > 1 else parts[0]
        return f"{local}{rng.randint(1, 99)}@{pick(rng, MAIL_HOSTS)}"
    return None


def slugify(text: str, words: int = 8) -> str:
    """Lower-case ASCII words joined by hyphens, at most `words` of them."""
    parts = [p for p in _NON_SLUG.split(text.lower()) if p]
    return "-".join(parts[:words]) or "berita"


_CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_CODE_BITS = 66  # eleven characters of six bits


def short_code(n: int, salt: int = 0) -> str:
    """An eleven-character id (Instagram, YouTube style), distinct for every n below 2**66.

    Multiplying by an odd number is a bijection modulo a power of two, so distinct n give
    distinct codes while the codes look scattered.
    """
    value = (n * 0x9E3779B97F4A7C15 + salt) % (1 << _CODE_BITS)
    chars = []
    for _ in range(11):
        chars.append(_CODE_ALPHABET[value & 63])
        value >>= 6
    return "".join(chars)
