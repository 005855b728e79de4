"""The demo's standard pages: what an Indonesian news site must show its readers, in Kabar's words.

Tentang Kami, Redaksi (from People), Pedoman Media Siber (Dewan Pers), Kebijakan Privasi (UU PDP),
Kontak, Info Iklan, Hak Jawab (with its form) and Koreksi (every correction), all in the footer.
The addresses and numbers are examples (example.com, 555 numbers): a publisher puts its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page

from kabar.articles.models import HomePage
from kabar.pages.models import CorrectionsPage, InformationPage, MastheadPage, RightOfReplyPage, StandardPage

if TYPE_CHECKING:
    from kabar.demo.services import SeedReport

CONTACT_EMAIL = "redaksi@kabar.example.com"
ADS_EMAIL = "iklan@kabar.example.com"
PRIVACY_EMAIL = "privasi@kabar.example.com"
PHONE = "(021) 555-0100"
ADDRESS = "Jl. Contoh Raya No. 10, Jakarta Pusat 10110"
PUBLISHER = "PT Kabar Media Nusantara"


@dataclass(frozen=True)
class DemoPage:
    model: type[InformationPage]
    slug: str
    title: str
    summary: str
    body: str


def _site() -> str:
    return escape(settings.SITE_NAME)


def about() -> str:
    site = _site()
    return f"""
<p>{site} adalah media siber yang menyajikan berita nasional, internasional, dan daerah untuk pembaca di seluruh
Indonesia. Kami menulis untuk dibaca di ponsel, di jaringan yang padat, tanpa membuat pembaca menunggu.</p>
<h2>Yang kami pegang</h2>
<ul>
<li>Akurat lebih dulu, cepat kemudian: setiap berita diverifikasi, dan yang belum lengkap kami sebut belum lengkap.</li>
<li>Berimbang: pihak yang diberitakan mendapat kesempatan menyampaikan sisinya.</li>
<li>Terbuka tentang kesalahan: setiap ralat kami catat di artikelnya dan di halaman
<a href="/koreksi/">Koreksi</a>.</li>
<li>Iklan terpisah dari berita: konten berbayar selalu bertanda "Konten Bersponsor".</li>
</ul>
<p>Kami bekerja berdasarkan Undang-Undang Nomor 40 Tahun 1999 tentang Pers, Kode Etik Jurnalistik, dan
<a href="/pedoman-media-siber/">Pedoman Pemberitaan Media Siber</a>. Susunan redaksi kami ada di halaman
<a href="/redaksi/">Redaksi</a>.</p>
<h2>Penerbit</h2>
<p>{site} diterbitkan oleh {PUBLISHER}, {ADDRESS}.</p>
"""


def masthead_intro() -> str:
    return f"""
<p>Penerbit: {PUBLISHER}<br>Alamat redaksi: {ADDRESS}<br>Telepon: {PHONE}<br>
Surel redaksi: <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>
<p>Wartawan {_site()} dibekali kartu identitas dan tidak menerima imbalan dalam bentuk apa pun dari narasumber.
Daftar di bawah ini diambil langsung dari data redaksi, sehingga selalu sesuai dengan susunan terkini.</p>
"""


def cyber_media_guideline() -> str:
    """Dewan Pers' Pedoman Pemberitaan Media Siber (2012), point by point, summarised in Kabar's words."""
    site = _site()
    return f"""
<p>Kemerdekaan berpendapat, berekspresi, dan kemerdekaan pers adalah hak asasi manusia. Agar media siber dikelola
secara profesional sesuai Undang-Undang Nomor 40 Tahun 1999 tentang Pers dan Kode Etik Jurnalistik, Dewan Pers
bersama organisasi pers dan pengelola media siber menetapkan Pedoman Pemberitaan Media Siber (Peraturan Dewan Pers
Nomor 1/Peraturan-DP/III/2012). {site} menjalankan pedoman itu; berikut isinya dan cara kami melaksanakannya.</p>

<h2>1. Ruang lingkup</h2>
<ul>
<li><strong>Media siber</strong> adalah media yang memakai internet untuk kegiatan jurnalistik dan memenuhi
Undang-Undang Pers serta Standar Perusahaan Pers dari Dewan Pers.</li>
<li><strong>Isi buatan pengguna</strong> adalah segala isi yang dibuat atau diunggah pengguna, seperti komentar,
tulisan, gambar, suara, dan video.</li>
</ul>

<h2>2. Verifikasi dan keberimbangan berita</h2>
<ul>
<li>Pada prinsipnya setiap berita diverifikasi lebih dulu.</li>
<li>Berita yang dapat merugikan pihak lain memuat verifikasi pada berita yang sama, demi akurasi dan keberimbangan.</li>
<li>Pengecualian hanya berlaku bila seluruh syarat ini terpenuhi: beritanya menyangkut kepentingan publik yang
mendesak; sumber pertamanya jelas identitasnya, kredibel, dan kompeten; pihak yang harus dikonfirmasi tidak
diketahui keberadaannya atau tidak dapat diwawancarai; dan pembaca diberi tahu, di akhir berita dalam kurung dan
huruf miring, bahwa berita itu masih memerlukan verifikasi.</li>
<li>Setelah itu verifikasi tetap diupayakan, dan hasilnya dimuat sebagai berita pemutakhiran yang ditautkan ke
berita yang belum terverifikasi.</li>
</ul>

<h2>3. Isi buatan pengguna</h2>
<ul>
<li>Syarat dan ketentuan isi buatan pengguna dicantumkan dengan jelas dan tidak bertentangan dengan Undang-Undang
Pers dan Kode Etik Jurnalistik.</li>
<li>Pengguna mendaftar dan masuk (login) sebelum dapat berkomentar atau mengunggah isi. Di {site}, hanya pembaca yang
masuk yang dapat berkomentar.</li>
<li>Pengguna menyetujui bahwa isi yang diunggahnya tidak bohong, tidak memfitnah, tidak sadis atau cabul; tidak
memuat prasangka dan kebencian terkait suku, agama, ras, dan antargolongan (SARA) atau menganjurkan kekerasan;
serta tidak diskriminatif dan tidak merendahkan martabat orang yang lemah, miskin, sakit, atau penyandang
disabilitas.</li>
<li>Media berwenang menyunting atau menghapus isi yang melanggar ketentuan tersebut, dan menyediakan cara yang
mudah untuk melaporkannya. Di {site}, setiap komentar memiliki tombol "Laporkan".</li>
<li>Isi yang dilaporkan dan terbukti melanggar disunting, dihapus, atau dikoreksi secepatnya, paling lambat
2 x 24 jam setelah laporan diterima. Media yang memenuhi ketentuan ini tidak dibebani tanggung jawab atas isi
pengguna tersebut; media yang tidak menindaklanjuti laporan dalam batas waktu itu ikut bertanggung jawab.</li>
</ul>

<h2>4. Ralat, koreksi, dan hak jawab</h2>
<ul>
<li>Ralat, koreksi, dan hak jawab mengacu pada Undang-Undang Pers, Kode Etik Jurnalistik, dan Pedoman Hak Jawab
Dewan Pers.</li>
<li>Ralat, koreksi, atau hak jawab ditautkan pada berita yang diralat, dikoreksi, atau diberi hak jawab, dan
mencantumkan waktu pemuatannya. Di {site}, ralat tampil di akhir artikel beserta waktunya dan terkumpul di halaman
<a href="/koreksi/">Koreksi</a>; hak jawab dapat dikirim melalui halaman <a href="/hak-jawab/">Hak Jawab</a>.</li>
<li>Bila berita disebarluaskan media siber lain, tanggung jawab media pembuat terbatas pada berita di medianya
sendiri. Media yang mengutip wajib ikut mengoreksi; bila tidak, ia menanggung sendiri akibat hukumnya.</li>
<li>Sesuai Undang-Undang Pers, media yang tidak melayani hak jawab dapat dijatuhi pidana denda paling banyak
Rp500.000.000.</li>
</ul>

<h2>5. Pencabutan berita</h2>
<ul>
<li>Berita yang sudah tayang tidak dapat dicabut karena tekanan atau sensor dari pihak di luar redaksi.</li>
<li>Pengecualian hanya untuk masalah SARA, kesusilaan, masa depan anak, pengalaman traumatik korban, atau
pertimbangan khusus lain yang ditetapkan Dewan Pers.</li>
<li>Pencabutan disertai alasannya dan diumumkan kepada publik. Media lain yang mengutip berita itu wajib ikut
mencabutnya.</li>
</ul>

<h2>6. Iklan</h2>
<ul>
<li>Berita dan iklan dibedakan dengan tegas.</li>
<li>Setiap isi yang merupakan iklan atau isi berbayar diberi keterangan yang jelas, seperti "advertorial",
"iklan", atau "sponsored". Di {site}, iklan berlabel "Iklan" dan isi berbayar berlabel "Konten Bersponsor".</li>
</ul>

<h2>7. Hak cipta</h2>
<p>Media siber menghormati hak cipta sesuai peraturan perundang-undangan. {site} mencantumkan sumber dan pemilik
hak setiap foto, kutipan, dan berita kantor berita yang kami muat.</p>

<h2>8. Pencantuman pedoman</h2>
<p>Media siber wajib mencantumkan pedoman ini secara terang dan jelas. Halaman ini tertaut dari bagian bawah setiap
halaman {site}.</p>

<h2>9. Sengketa</h2>
<p>Penilaian akhir atas sengketa mengenai pelaksanaan pedoman ini diselesaikan oleh Dewan Pers.</p>

<p>Naskah lengkap pedoman ini diterbitkan Dewan Pers di <a href="https://dewanpers.or.id">dewanpers.or.id</a>.</p>
"""


def privacy_policy() -> str:
    """What Kabar keeps about readers, why and how long, and their rights under UU PDP (No. 27/2022)."""
    site = _site()
    return f"""
<p>Kebijakan ini menjelaskan data pribadi apa yang {site} ({PUBLISHER}) kumpulkan, untuk apa, berapa lama kami
menyimpannya, dan hak Anda atas data tersebut sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data
Pribadi (UU PDP). Kami adalah pengendali data pribadi atas data yang disebut di bawah ini.</p>

<h2>Data yang kami simpan, dan untuk apa</h2>
<ul>
<li><strong>Akun pembaca</strong>: alamat surel, nama pengguna, nama tampilan dan foto profil bila Anda mengisinya,
serta kata sandi dalam bentuk tersandi (bukan aslinya). Bila Anda masuk dengan Google atau Facebook, kami menerima
alamat surel dan nama dari layanan tersebut. Tujuannya: agar Anda dapat masuk, berkomentar, menyimpan artikel, dan
mengikuti topik. Disimpan selama akun Anda ada.</li>
<li><strong>Artikel tersimpan, topik yang diikuti, dan riwayat baca</strong>: untuk menampilkan halaman "Untuk Anda"
dan daftar bacaan Anda. Riwayat baca hanya menyimpan artikel terakhir yang Anda buka (paling banyak 200) dan
dapat Anda hapus kapan saja.</li>
<li><strong>Komentar</strong>: isi komentar, waktunya, dan alamat IP pengirim. Alamat IP kami perlukan untuk menangani
penyalahgunaan dan laporan. Komentar tetap tampil sampai Anda atau moderator menghapusnya, atau Anda menghapus
akun beserta komentar Anda.</li>
<li><strong>Langganan notifikasi</strong>: alamat langganan push dari peramban Anda dan topik yang Anda pilih, untuk
mengirim berita terkini. Dihapus bila Anda mematikan notifikasi atau langganan itu tidak lagi berlaku.</li>
<li><strong>Keanggotaan Kabar+</strong>: paket, masa berlaku, tagihan, dan bukti pembayaran. Data kartu atau rekening
diproses oleh penyedia pembayaran, bukan oleh kami. Catatan transaksi kami simpan selama diwajibkan peraturan
perpajakan dan akuntansi.</li>
<li><strong>Hak jawab</strong>: nama, surel, nomor telepon bila diisi, dan isi hak jawab Anda, untuk menanganinya dan
menjawab Anda.</li>
<li><strong>Log server</strong>: alamat IP, waktu, halaman yang diminta, dan jenis peramban, untuk keamanan, pembatasan
penyalahgunaan, dan mencari gangguan. Log disimpan dalam waktu terbatas, paling lama 30 hari, lalu dihapus.</li>
</ul>
<p>Kami tidak menjual data pribadi Anda. Untuk membaca berita Anda tidak perlu mendaftar, dan penghitung pembaca
kami mencatat jumlah kunjungan per artikel tanpa menyimpan identitas Anda.</p>

<h2>Hak Anda</h2>
<p>Sesuai UU PDP, Anda berhak:</p>
<ul>
<li>mendapat informasi tentang identitas kami, dasar hukum, dan tujuan pemrosesan data Anda (halaman ini);</li>
<li>mengakses dan memperoleh salinan data Anda: unduh semua data Anda dalam format JSON melalui
<a href="/akun/">Akun</a>;</li>
<li>memperbaiki dan memperbarui data Anda: ubah profil Anda di <a href="/akun/">Akun</a>;</li>
<li>menghapus data dan mengakhiri pemrosesannya: hapus akun Anda di <a href="/akun/">Akun</a>, dengan atau tanpa
komentar Anda;</li>
<li>menarik persetujuan, misalnya mematikan notifikasi atau berhenti mengikuti topik kapan saja;</li>
<li>menunda atau membatasi pemrosesan, dan mengajukan keberatan; serta</li>
<li>menggugat dan menerima ganti rugi atas pelanggaran pemrosesan data Anda.</li>
</ul>
<p>Permohonan yang tidak dapat Anda lakukan sendiri di halaman Akun dapat dikirim ke Pejabat Pelindungan Data
Pribadi kami. Kami menjawab selambat-lambatnya dalam 3 x 24 jam sesuai UU PDP.</p>

<h2>Keamanan dan kegagalan pelindungan</h2>
<p>Koneksi ke {site} terenkripsi, kata sandi tersimpan tersandi, dan akses staf memakai autentikasi dua langkah.
Bila terjadi kegagalan pelindungan data pribadi, kami memberi tahu Anda dan lembaga yang berwenang paling lambat
3 x 24 jam sejak mengetahuinya.</p>

<h2>Pejabat Pelindungan Data Pribadi</h2>
<p>{PUBLISHER}<br>{ADDRESS}<br>Surel: <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a></p>
"""


def contact() -> str:
    return f"""
<h2>Redaksi</h2>
<p>{ADDRESS}<br>Telepon: {PHONE}<br>Surel: <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>
<p>Punya informasi atau dokumen untuk kami? Kirim ke surel redaksi. Kami melindungi identitas narasumber.</p>
<h2>Keberatan atas berita</h2>
<p>Bila Anda merasa dirugikan oleh pemberitaan kami, gunakan halaman <a href="/hak-jawab/">Hak Jawab</a>: hak jawab
Anda tersimpan dan langsung sampai ke redaktur.</p>
<h2>Iklan dan kerja sama</h2>
<p>Lihat <a href="/info-iklan/">Info Iklan</a> atau kirim surel ke <a href="mailto:{ADS_EMAIL}">{ADS_EMAIL}</a>.</p>
<h2>Data pribadi</h2>
<p>Pertanyaan tentang data Anda: <a href="mailto:{PRIVACY_EMAIL}">{PRIVACY_EMAIL}</a>.</p>
"""


def advertising() -> str:
    site = _site()
    return f"""
<p>{site} dibaca di ponsel oleh pembaca di seluruh Indonesia. Kami menawarkan ruang iklan yang jelas terpisah dari
berita dan tidak mengganggu pembaca.</p>
<h2>Ruang iklan</h2>
<ul>
<li>Iklan atas (320 x 50 di ponsel, 728 x 90 atau 970 x 250 di desktop).</li>
<li>Iklan di dalam artikel dan di kolom samping (300 x 250, 300 x 600).</li>
<li>Iklan di antara daftar berita, dan iklan melekat di bagian bawah layar ponsel yang dapat ditutup pembaca.</li>
</ul>
<p>Setiap iklan berlabel "Iklan". Anggota Kabar+ membaca tanpa iklan.</p>
<h2>Advertorial</h2>
<p>Sesuai Pedoman Pemberitaan Media Siber, artikel berbayar selalu berlabel "Konten Bersponsor" di halaman
artikelnya, di daftar berita, dan dalam data untuk mesin pencari. Advertorial ditulis terpisah dari redaksi.</p>
<h2>Hubungi kami</h2>
<p>Surel: <a href="mailto:{ADS_EMAIL}">{ADS_EMAIL}</a><br>Telepon: {PHONE}</p>
"""


def right_of_reply() -> str:
    return """
<p>Hak jawab adalah hak seseorang atau sekelompok orang untuk menanggapi atau membantah pemberitaan berupa fakta yang
merugikan nama baiknya (Undang-Undang Nomor 40 Tahun 1999 tentang Pers, Pasal 1 dan Pasal 5). Pers wajib
melayaninya.</p>
<ul>
<li>Sebutkan artikel yang Anda tanggapi dengan menyalin alamatnya dari peramban.</li>
<li>Jelaskan bagian mana yang keliru atau tidak berimbang, dan tanggapan Anda.</li>
<li>Redaktur meninjau setiap hak jawab. Bila dimuat, hak jawab ditautkan pada artikel yang bersangkutan beserta
waktunya; jawaban kami kirim ke surel Anda.</li>
</ul>
<p>Untuk kekeliruan kecil (nama, angka, tanggal), Anda juga dapat menulis ke redaksi; ralatnya kami catat di halaman
<a href="/koreksi/">Koreksi</a>.</p>
"""


def corrections_intro() -> str:
    return """
<p>Kami berusaha akurat, tetapi bisa keliru. Setiap kesalahan yang kami perbaiki pada artikel yang sudah tayang
dicatat di artikelnya beserta waktunya, dan dikumpulkan di sini, yang terbaru di atas.</p>
<p>Menemukan kesalahan? Tulis ke redaksi, atau kirim <a href="/hak-jawab/">hak jawab</a> bila pemberitaan merugikan
Anda.</p>
"""


def demo_pages() -> list[DemoPage]:
    site = settings.SITE_NAME
    return [
        DemoPage(
            StandardPage, "tentang-kami", "Tentang Kami",
            f"Siapa {site}, apa yang kami pegang, dan siapa penerbitnya.", about(),
        ),
        DemoPage(MastheadPage, "redaksi", "Redaksi", f"Susunan redaksi {site}.", masthead_intro()),
        DemoPage(
            StandardPage, "pedoman-media-siber", "Pedoman Media Siber",
            "Pedoman Pemberitaan Media Siber dari Dewan Pers, dan cara kami menjalankannya.", cyber_media_guideline(),
        ),
        DemoPage(
            StandardPage, "kebijakan-privasi", "Kebijakan Privasi",
            "Data pribadi yang kami simpan, untuk apa, berapa lama, dan hak Anda menurut UU PDP.", privacy_policy(),
        ),
        DemoPage(StandardPage, "kontak", "Kontak", f"Cara menghubungi redaksi {site}.", contact()),
        DemoPage(StandardPage, "info-iklan", "Info Iklan", f"Beriklan di {site}.", advertising()),
        DemoPage(
            RightOfReplyPage, "hak-jawab", "Hak Jawab",
            "Merasa dirugikan oleh pemberitaan kami? Kirim hak jawab Anda kepada redaksi.", right_of_reply(),
        ),
        DemoPage(
            CorrectionsPage, "koreksi", "Koreksi",
            "Setiap ralat atas berita kami, yang terbaru di atas.", corrections_intro(),
        ),
    ]  # fmt: skip


@transaction.atomic
def seed_standard_pages(report: SeedReport) -> None:
    """Create whichever of the demo's pages is missing under the home page (matched by slug), published."""
    home = HomePage.objects.first()
    if home is None:
        return
    existing = set(Page.objects.child_of(home).values_list("slug", flat=True))
    for item in demo_pages():
        if item.slug in existing:
            continue
        page = item.model(
            title=item.title,
            slug=item.slug,
            summary=item.summary,
            body=" ".join(item.body.split()),
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        report.created["standard_pages"] += 1
