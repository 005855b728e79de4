# ruff: noqa: E501 - the stories' text reads as written, one update a line.
"""Demo live reports: a Jakarta flood covered as it happens and a Seoul earthquake whose coverage
has ended, so the site shows "Berlangsung" and "Selesai", key points, a pinned update and the desk.

Each update goes through the desk's own service (so it is checked and revisioned as an editor's
would be), then is dated back along the story's timeline; the reports' publication and coverage
times are set the same way, as publishing on those dates would have left them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kabar.articles import services as article_services
from kabar.articles.models import ArticlePage, ArticleWriter, LiveStatus, SectionPage
from kabar.demo.services import SeedReport
from kabar.live import services as live_services
from kabar.live.models import LiveReportPage, LiveUpdate
from kabar.people.models import Person

NEWSROOM_USERNAME = "redaktur"


@dataclass(frozen=True)
class Update:
    minutes: int  # after coverage started
    text: tuple[str, ...]
    key_point: str = ""
    pinned: bool = False
    quote: tuple[str, str] | None = None  # (words, said by)


@dataclass(frozen=True)
class Story:
    slug: str
    section: str
    title: str
    summary: str
    dateline: str
    started_hours_ago: float
    ended_after_minutes: int | None  # None: still running
    updates: tuple[Update, ...]


# fmt: off
FLOOD = Story(
    slug='liputan-langsung-banjir-jakarta',
    section='megapolitan',
    title='LIVE: Banjir rendam Jakarta, ribuan warga mengungsi',
    summary='Hujan deras sejak dini hari membuat sejumlah sungai meluap. Ikuti perkembangan terbaru banjir Jakarta di sini.',
    dateline='JAKARTA',
    started_hours_ago=3.5,
    ended_after_minutes=None,
    updates=(
        Update(0, ('Hujan deras mengguyur Jakarta dan Bogor sejak pukul 02.00 WIB. Redaksi memantau ketinggian air di sejumlah pintu air.',)),
        Update(9, ('Pos pantau Katulampa di Bogor mencatat tinggi muka air 200 sentimeter, status Siaga 1. Air diperkirakan tiba di Jakarta dalam 6 sampai 9 jam.',), key_point='Katulampa Siaga 1'),
        Update(18, ('Warga Kampung Melayu mulai memindahkan barang ke lantai dua. Air di permukiman dekat Kali Ciliwung setinggi lutut orang dewasa.',)),
        Update(27, ('BPBD DKI meminta warga di bantaran sungai bersiap mengungsi.',), quote=('Kami imbau warga tidak menunggu air tinggi. Segera ke posko terdekat.', 'Kepala Pusat Data dan Informasi BPBD DKI')),
        Update(35, ('Pintu Air Manggarai naik ke status Siaga 1 dengan tinggi muka air 950 sentimeter.',), key_point='Manggarai Siaga 1'),
        Update(44, ('Sejumlah ruas jalan di Jakarta Timur tergenang, antara lain Jalan Jatinegara Barat dan Jalan DI Panjaitan. Polisi mengalihkan arus lalu lintas.',)),
        Update(52, ('TransJakarta menghentikan sementara layanan Koridor 5 (Kampung Melayu-Ancol) karena jalur tergenang.',)),
        Update(63, ('Posko pengungsian dibuka di GOR Jatinegara, Masjid Jami Kampung Melayu dan sejumlah sekolah. Dapur umum mulai beroperasi.',)),
        Update(75, ('BPBD mencatat 47 RT di 12 kelurahan tergenang dengan ketinggian 30 sampai 150 sentimeter.',), key_point='47 RT tergenang'),
        Update(88, ('Petugas gabungan mengevakuasi lansia dan anak-anak menggunakan perahu karet di Bidara Cina.',)),
        Update(97, ('PLN memadamkan listrik sementara di wilayah yang tergenang untuk mencegah sengatan listrik.',)),
        Update(110, ('Gubernur meninjau posko pengungsian di Jatinegara.',), quote=('Pompa-pompa kita sudah bekerja penuh. Yang utama sekarang keselamatan warga.', 'Gubernur DKI Jakarta')),
        Update(124, ('Jumlah pengungsi bertambah menjadi 4.200 orang di 38 titik pengungsian.',), key_point='4.200 warga mengungsi', pinned=True),
        Update(136, ('KRL Commuter Line lintas Bogor berjalan dengan kecepatan terbatas di antara Stasiun Manggarai dan Stasiun Cawang.',)),
        Update(149, ('BMKG memperingatkan hujan dengan intensitas sedang hingga lebat masih mungkin turun hingga sore hari di Jakarta dan sekitarnya.',)),
        Update(163, ('Relawan membagikan makanan siap saji dan air bersih di posko Kampung Melayu. Kebutuhan mendesak: selimut, popok bayi dan obat-obatan.',)),
        Update(178, ('Air di Kampung Melayu mulai surut sekitar 20 sentimeter, tetapi warga diminta tetap di pengungsian sampai ada pemberitahuan.',)),
        Update(192, ('Dinas Kesehatan menyiagakan tenaga kesehatan di setiap posko untuk mengantisipasi diare dan penyakit kulit.',)),
        Update(205, ('Redaksi akan terus memperbarui liputan ini. Laporkan kondisi di lingkungan Anda melalui kanal kontak redaksi.',)),
    ),
)

QUAKE = Story(
    slug='liputan-langsung-gempa-seoul',
    section='global',
    title='LIVE: Gempa M 6,1 guncang Seoul, gedung-gedung dievakuasi',
    summary='Gempa bermagnitudo 6,1 mengguncang wilayah ibu kota Korea Selatan. Liputan langsung ini telah berakhir.',
    dateline='SEOUL',
    started_hours_ago=30,
    ended_after_minutes=380,
    updates=(
        Update(0, ('Gempa kuat terasa di Seoul pukul 14.12 waktu setempat (12.12 WIB). Warga berhamburan keluar dari gedung perkantoran di Gangnam.',)),
        Update(6, ('Badan Meteorologi Korea (KMA) mencatat gempa bermagnitudo 6,1 dengan pusat di sekitar 40 kilometer selatan Seoul, kedalaman 10 kilometer.',), key_point='Magnitudo 6,1 di selatan Seoul'),
        Update(14, ('Layanan kereta bawah tanah Seoul dihentikan sementara untuk pemeriksaan jalur.',)),
        Update(22, ('KMA menyatakan gempa tidak berpotensi tsunami.',), key_point='Tidak berpotensi tsunami'),
        Update(35, ('Sejumlah jendela gedung di Suwon pecah. Belum ada laporan bangunan runtuh.',)),
        Update(48, ('Presiden Korea Selatan menggelar rapat darurat dan memerintahkan seluruh kementerian bersiaga.',)),
        Update(63, ('Kedutaan Besar RI di Seoul membuka hotline untuk warga negara Indonesia.',), key_point='KBRI buka hotline', quote=('Sejauh ini tidak ada WNI yang menjadi korban. Kami terus berkoordinasi dengan otoritas setempat.', 'Duta Besar RI untuk Korea Selatan')),
        Update(80, ('Gempa susulan bermagnitudo 4,2 kembali terasa. Warga diminta menjauhi bangunan yang retak.',)),
        Update(104, ('Otoritas penanggulangan bencana mencatat 23 orang luka ringan, sebagian besar karena tertimpa benda jatuh.',), key_point='23 orang luka ringan'),
        Update(131, ('Layanan kereta bawah tanah kembali beroperasi bertahap setelah pemeriksaan selesai.',)),
        Update(160, ('Bandara Incheon dan Gimpo beroperasi normal. Beberapa penerbangan tertunda sekitar satu jam.',)),
        Update(198, ('Sekolah-sekolah di Seoul dan Gyeonggi diliburkan besok untuk pemeriksaan keamanan gedung.',)),
        Update(245, ('Tercatat 31 gempa susulan hingga sore ini, yang terbesar bermagnitudo 4,2.',)),
        Update(300, ('Pemerintah menetapkan wilayah terdampak sebagai kawasan bencana khusus agar bantuan pemulihan bisa segera disalurkan.',)),
        Update(352, ('KBRI memastikan seluruh WNI di wilayah terdampak dalam keadaan aman.',), pinned=True),
        Update(380, ('Liputan langsung ini kami akhiri. Perkembangan selanjutnya dapat dibaca di rubrik Global.',)),
    ),
)
# fmt: on

STORIES = (FLOOD, QUAKE)


def _body(update: Update) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = [("paragraph", f"<p>{text}</p>") for text in update.text]
    if update.quote:
        blocks.append(("quote", {"text": update.quote[0], "attribution": update.quote[1]}))
    return blocks


def _writers() -> list[Person]:
    return list(Person.objects.filter(is_active=True, role=Person.Role.WRITER).order_by("pk")[:3])


@transaction.atomic
def seed_story(story: Story, now: dt.datetime) -> LiveReportPage | None:
    section = SectionPage.objects.filter(slug=story.section).first()
    if section is None or LiveReportPage.objects.filter(slug=story.slug).exists():
        return None
    started = now - dt.timedelta(hours=story.started_hours_ago)
    editor = get_user_model().objects.filter(username=NEWSROOM_USERNAME).first()
    writers = _writers()
    report = LiveReportPage(title=story.title, slug=story.slug, summary=story.summary, dateline_place=story.dateline)
    for person in writers[:2]:
        report.writers.add(ArticleWriter(person=person))
    article_services.file_article(section, report, user=editor)
    # As the demo's other articles: by its Redaktur, whose right to publish comes from the newsroom app,
    # which a site may leave out (KABAR_WITHOUT_APPS=newsroom).
    report.latest_revision.publish(user=editor, skip_permission_checks=True)
    report = LiveReportPage.objects.get(pk=report.pk)
    # The desk's services check the rights roles give; without the newsroom app there are none, and the
    # seeder posts as the system (no user), as the clock does.
    desk = editor if editor is not None and live_services.can_post(editor, report) else None
    for index, item in enumerate(story.updates):
        update = live_services.post_update(
            report,
            body=_body(item),
            headline=item.key_point,
            writer=writers[index % len(writers)] if writers else None,
            user=desk,
            publish=True,
            is_key_event=bool(item.key_point),
            is_pinned=item.pinned,
        )
        at = started + dt.timedelta(minutes=item.minutes)
        LiveUpdate.objects.filter(pk=update.pk).update(published_at=at, created_at=at)
        update.revisions.update(created_at=at)
    ArticlePage.objects.filter(pk=report.pk).update(
        first_published_at=started, last_published_at=started, published_at=started
    )
    LiveReportPage.objects.filter(pk=report.pk).update(coverage_started_at=started)
    if story.ended_after_minutes is not None:
        live_services.close_report(report, desk)
        ended = started + dt.timedelta(minutes=story.ended_after_minutes)
        LiveReportPage.objects.filter(pk=report.pk).update(coverage_ended_at=ended)
        assert LiveReportPage.objects.get(pk=report.pk).live_status == LiveStatus.ENDED
    article_services.refresh_search_entries([report.pk])
    return report


def seed_live_reports(report: SeedReport, *, now: dt.datetime | None = None) -> None:
    """One running and one finished live report, unless they are there already (matched by slug)."""
    moment = now or timezone.now()
    for story in STORIES:
        if seed_story(story, moment) is not None:
            report.created["live_reports"] += 1
            report.created["live_updates"] += len(story.updates)
