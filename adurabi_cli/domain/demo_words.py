"""Words the demo text is made of: services per kind of satker, places, names, holidays.

Pure data. Satker kinds are grouped by the services they give the public, which is what
complaints and news are about.
"""

from __future__ import annotations

PAS, IMIGRASI, RUDENIM, BAPAS, RUPBASAN, KANWIL = (
    "pas",
    "imigrasi",
    "rudenim",
    "bapas",
    "rupbasan",
    "kanwil",
)
KIND_GROUP = {
    "lapas": PAS,
    "rutan": PAS,
    "lpka": PAS,
    "imigrasi": IMIGRASI,
    "rudenim": RUDENIM,
    "bapas": BAPAS,
    "rupbasan": RUPBASAN,
    "kanwil": KANWIL,
}

SERVICES = {
    PAS: (
        "layanan kunjungan keluarga",
        "layanan titipan barang",
        "layanan video call warga binaan",
        "pengurusan remisi",
        "pengurusan pembebasan bersyarat",
        "layanan kesehatan warga binaan",
        "pendaftaran kunjungan online",
    ),
    IMIGRASI: (
        "pembuatan paspor",
        "penggantian paspor hilang",
        "perpanjangan ITAS",
        "layanan visa on arrival",
        "pemeriksaan di konter kedatangan",
        "antrean aplikasi M-Paspor",
        "layanan izin tinggal kunjungan",
    ),
    RUDENIM: (
        "kunjungan keluarga deteni",
        "proses deportasi",
        "layanan kesehatan deteni",
        "penitipan barang deteni",
        "informasi jadwal pemulangan",
    ),
    BAPAS: (
        "wajib lapor klien pemasyarakatan",
        "penelitian kemasyarakatan",
        "bimbingan klien",
        "pengurusan surat keterangan bimbingan",
        "pendampingan anak berhadapan dengan hukum",
    ),
    RUPBASAN: (
        "pengambilan barang sitaan",
        "penyimpanan barang bukti",
        "pemeriksaan kondisi kendaraan sitaan",
        "informasi lelang barang rampasan",
    ),
    KANWIL: (
        "layanan fidusia online",
        "pendaftaran merek",
        "layanan pewarganegaraan",
        "konsultasi hukum gratis",
        "pengaduan layanan notaris",
        "layanan pos bantuan hukum",
        "harmonisasi peraturan daerah",
    ),
}

FORWARD_TO = (
    "Kepolisian Daerah Bali",
    "Ombudsman RI Perwakilan Bali",
    "Inspektorat Jenderal Kemenkumham",
    "Direktorat Jenderal Pemasyarakatan",
    "Direktorat Jenderal Imigrasi",
    "Pengadilan Negeri Denpasar",
    "Kejaksaan Negeri Denpasar",
    "Pemerintah Provinsi Bali",
)

ISSUES = (
    "Biaya Kunjungan",
    "Antrean Paspor",
    "Pemindahan Warga Binaan",
    "Video Petugas di Media Sosial",
    "Pungutan Layanan",
)
SKILLS = ("Ukir Kayu", "Barista", "Menjahit", "Tata Boga", "Perbengkelan", "Sablon", "Pertanian")
HOLIDAYS = ("Nyepi", "Galungan", "Idul Fitri", "Natal", "Waisak", "HUT Kemerdekaan RI")
COUNTRIES = (
    "Australia",
    "Rusia",
    "Amerika Serikat",
    "Inggris",
    "Ukraina",
    "Nigeria",
    "Tiongkok",
    "India",
    "Prancis",
    "Jerman",
    "Turki",
    "Kazakhstan",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu")
PLACES = {
    "Denpasar": ("Sanur", "Renon", "Panjer", "Sesetan", "Ubung"),
    "Badung": ("Kuta", "Seminyak", "Canggu", "Nusa Dua", "Jimbaran", "Mengwi"),
    "Gianyar": ("Ubud", "Sukawati", "Tegallalang", "Blahbatuh"),
    "Tabanan": ("Kediri", "Marga", "Penebel", "Kerambitan"),
    "Bangli": ("Kintamani", "Susut", "Tembuku"),
    "Klungkung": ("Semarapura", "Nusa Penida", "Dawan"),
    "Karangasem": ("Amlapura", "Amed", "Candidasa", "Sidemen"),
    "Buleleng": ("Singaraja", "Lovina", "Seririt", "Gerokgak"),
    "Jembrana": ("Negara", "Gilimanuk", "Mendoyo", "Melaya"),
}

REGIONS = tuple(PLACES)

BIRTH_NAMES = ("Wayan", "Gede", "Putu", "Made", "Kadek", "Nyoman", "Komang", "Ketut")
MEN = ("Sudarsana", "Artawan", "Suarjana", "Budiarta", "Wirawan", "Adnyana", "Mahendra", "Sutama")
WOMEN = ("Ayu Lestari", "Sri Wahyuni", "Ari Susanti", "Dewi Anggreni", "Sukasih", "Novi Antari")
OTHER_NAMES = (
    "Ahmad Fauzi",
    "Siti Rahmawati",
    "Budi Santoso",
    "Dewi Kartika",
    "Rudi Hartono",
    "Yohanes Kefi",
    "Maria Goreti Lein",
    "Andi Saputra",
    "Fitri Handayani",
    "Hendra Gunawan",
)
FOREIGN_NAMES = (
    "James Whitaker",
    "Sarah O'Connor",
    "Liu Wei",
    "Yuki Tanaka",
    "Dmitri Volkov",
    "Anna Schmidt",
    "Olivia Brown",
    "Rahul Sharma",
    "Kim Min-jun",
    "Lucas Martin",
)
PHONE_PREFIXES = ("811", "812", "813", "817", "819", "821", "838", "852", "857", "878", "895")
MAIL_HOSTS = ("gmail.com", "gmail.com", "yahoo.com", "yahoo.co.id", "outlook.com")
