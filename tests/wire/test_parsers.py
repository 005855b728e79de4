"""Each agency format and version read from fixtures written to the published specifications."""

import datetime as dt
import json

import pytest

from kabar.wire.parsers import ParseError, parse_document
from kabar.wire.parsers.ninjs import major_version
from tests.wire.conftest import fixture_bytes

UTC = dt.UTC
WIB = dt.timezone(dt.timedelta(hours=7))


def only(document, uri):
    return next(item for item in document.items if item.agency_uri == uri)


# --- RSS and Atom ---------------------------------------------------------------------------


def test_rss_items_are_identified_by_guid_with_headline_byline_photo_and_subjects():
    document = parse_document(fixture_bytes("rss2_nusantara.xml"), "application/rss+xml")
    assert document.format == "rss"
    assert [i.agency_uri for i in document.items] == ["kbn:2025:0314:001", "kbn:2025:0314:002", "kbn:2025:0314:003"]
    quake = document.items[0]
    assert quake.headline == "Gempa magnitudo 5,2 guncang Sukabumi, tidak berpotensi tsunami"
    assert quake.byline == "Dewi Lestari"
    assert quake.language == "id"
    assert quake.version_created == dt.datetime(2025, 3, 14, 2, 15, tzinfo=UTC)
    assert quake.link == "https://kbn.example/berita/2025/03/14/gempa-sukabumi"
    assert [s["name"] for s in quake.subjects] == ["Bencana", "Jawa Barat"]
    assert quake.photos[0].href == "https://img.kbn.example/2025/03/14/gempa-1200.jpg"
    assert (quake.photos[0].width, quake.photos[0].height) == (1200, 800)


def test_rss_full_text_comes_from_content_encoded_and_is_sanitised():
    quake = parse_document(fixture_bytes("rss2_nusantara.xml")).items[0]
    assert "<strong>tidak berpotensi tsunami</strong>" in quake.body_html
    assert "<script" not in quake.body_html and "alert" not in quake.body_html
    assert "onclick" not in quake.body_html and "onmouseover" not in quake.body_html
    assert '<a href="https://kbn.example/peta"' in quake.body_html


def test_rss_date_without_time_zone_is_read_as_utc_and_noted():
    chili = parse_document(fixture_bytes("rss2_nusantara.xml")).items[1]
    assert chili.version_created == dt.datetime(2025, 3, 14, 10, 30, tzinfo=UTC)
    assert chili.notes == ["published had no time zone; read as UTC"]


def test_rss_plain_description_becomes_a_paragraph_and_enclosure_a_photo():
    document = parse_document(fixture_bytes("rss2_nusantara.xml"))
    assert document.items[1].body_html == "<p>Harga cabai rawit turun menjadi Rp45.000 per kilogram.</p>"
    assert document.items[2].photos[0].href == "https://img.kbn.example/2025/03/14/timnas.jpg"
    assert document.items[2].version_created == dt.datetime(2025, 3, 14, 11, 0, tzinfo=WIB)


def test_atom_entries_use_their_id_updated_time_and_html_or_xhtml_content():
    document = parse_document(fixture_bytes("atom_pacific.xml"), "application/atom+xml")
    assert document.format == "atom"
    rates, typhoon = document.items
    assert rates.agency_uri == "urn:pws:story:88231"
    assert rates.version_created == dt.datetime(2025, 3, 14, 7, 45, tzinfo=UTC)
    assert rates.body_html.startswith("<p>SINGAPORE (PWS) - The Monetary Authority")
    assert rates.summary == "The Monetary Authority kept its policy band unchanged."
    assert rates.language == "en"
    assert typhoon.body_html == "<p>MANILA (PWS) - Forecasters now expect up to 20 storms this year.</p>"
    assert typhoon.version_created == dt.datetime(2025, 3, 14, 7, 50, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_rss_entry_without_guid_or_link_is_refused_and_the_others_kept():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>Tanpa pengenal</title><description>x</description></item>
    <item><guid>urn:ada</guid><title>Dengan pengenal</title></item></channel></rss>"""
    document = parse_document(feed)
    assert [i.agency_uri for i in document.items] == ["urn:ada"]
    assert document.refused[0].position == 1
    assert "neither a guid/id nor a link" in document.refused[0].reason


# --- ninjs ----------------------------------------------------------------------------------


def test_ninjs_1_reads_flat_properties_embargo_subjects_and_the_largest_rendition():
    document = parse_document(fixture_bytes("ninjs1_text.json"), "application/json")
    assert document.format == "ninjs-1"
    item = document.items[0]
    assert item.agency_uri == "urn:kbn:ninjs:2025-0314-0101"
    assert item.agency_version == "1"
    assert item.headline == "Pemerintah umumkan jadwal mudik gratis Lebaran 2025"
    assert item.byline == "Rina Marpaung"
    assert item.located == "Jakarta"
    assert item.urgency == 3
    assert item.embargoed_until == dt.datetime(2025, 3, 14, 12, 0, tzinfo=WIB)
    assert item.summary.startswith("Kementerian Perhubungan membuka pendaftaran")
    assert item.body_html.endswith("<em>pekan depan</em>.</p>")
    assert "iframe" not in item.body_html
    assert item.subjects == [
        {"name": "Transportasi", "code": "medtop:20000280"},
        {"name": "Lebaran", "code": "kbn-topik-lebaran"},
    ]
    photo = item.photos[0]
    assert (photo.href, photo.width, photo.height) == ("https://img.kbn.example/mudik-1600.jpg", 1600, 1067)
    assert photo.caption == "Pemudik menunggu bus di Terminal Kampung Rambutan, Jakarta Timur."


def test_ninjs_2_picks_the_main_headline_and_the_html_body_from_their_lists():
    document = parse_document(fixture_bytes("ninjs2_batch.json"))
    assert document.format == "ninjs-2"
    flood, coffee = document.items
    assert flood.headline == "Banjir di Bekasi mulai surut, 1.200 warga kembali ke rumah"
    assert flood.body_html.startswith("<p>Banjir yang merendam tujuh kelurahan")
    assert flood.byline == "Yusuf Hamdani"
    assert flood.summary == "Ketinggian air turun di tujuh kelurahan."
    assert flood.version_created == dt.datetime(2025, 3, 14, 4, 10, tzinfo=WIB)
    assert flood.photos[0].href == "https://img.kbn.example/banjir-2400.jpg"
    assert flood.photos[0].caption == "Warga membersihkan rumah setelah banjir surut"
    assert flood.subjects == [{"name": "Banjir", "code": "http://cv.iptc.org/newscodes/mediatopic/20000151"}]
    assert coffee.body_html == (
        "<p>JAKARTA - Coffee exports rose 8 percent in February.</p><p>Traders cited strong demand from Europe.</p>"
    )
    assert coffee.language == "en"


def test_ninjs_3_reads_camel_case_properties():
    document = parse_document(fixture_bytes("ninjs3_text.json"))
    assert document.format == "ninjs-3"
    item = document.items[0]
    assert item.agency_version == "5"
    assert item.version_created == dt.datetime(2025, 3, 14, 6, 20, tzinfo=UTC)
    assert item.embargoed_until == dt.datetime(2025, 3, 15, 0, 0, tzinfo=UTC)
    assert item.urgency == 2
    assert item.headline == "KPU tetapkan hasil rekapitulasi suara Pilkada Jawa Tengah"
    assert "<h2>Gugatan</h2>" in item.body_html
    assert item.photos[0].width == 3000
    assert item.photos[0].caption == "Petugas KPU menghitung surat suara di Semarang."
    assert {"name": "Pilkada", "code": "pilkada"} in item.subjects


@pytest.mark.parametrize(
    ("obj", "major"),
    [
        ({"uri": "u", "headline": "h"}, 1),
        ({"uri": "u", "headlines": [{"value": "h"}]}, 2),
        ({"uri": "u", "versionCreated": "2025-01-01T00:00:00Z"}, 3),
        ({"uri": "u", "standard": {"name": "ninjs", "version": "2.0"}, "versionCreated": "x"}, 2),
        ({"uri": "u", "$standard": {"name": "ninjs", "version": "1.3"}}, 1),
    ],
)
def test_ninjs_major_version_comes_from_the_declared_standard_else_from_the_keys(obj, major):
    assert major_version(obj) == major


def test_ninjs_canceled_pubstatus_is_a_kill():
    obj = json.loads(fixture_bytes("ninjs3_text.json"))
    obj["pubStatus"] = "canceled"
    item = parse_document(json.dumps(obj).encode()).items[0]
    assert item.pubstatus == "canceled"
    assert item.is_kill


def test_ninjs_items_without_uri_are_refused_and_a_date_without_zone_is_noted():
    document = parse_document(fixture_bytes("missing_identifiers.json"))
    assert [(r.position, r.reason) for r in document.refused] == [
        (1, "the item has no uri to identify it"),
        (2, "the item has no uri to identify it"),
    ]
    kept = document.items[0]
    assert kept.agency_uri == "urn:kbn:ninjs:ada-uri"
    assert kept.version_created == dt.datetime(2025, 3, 14, 5, 0, tzinfo=UTC)
    assert kept.notes == ["versioncreated had no time zone; read as UTC"]


def test_ninjs_unknown_pubstatus_or_bad_date_refuses_only_that_item():
    batch = [
        {"uri": "urn:a", "pubstatus": "published"},
        {"uri": "urn:b", "versioncreated": "kemarin sore"},
        {"uri": "urn:c", "headline": "Baik"},
    ]
    document = parse_document(json.dumps(batch).encode())
    assert [i.agency_uri for i in document.items] == ["urn:c"]
    assert [r.agency_uri for r in document.refused] == ["urn:a", "urn:b"]
    assert "unknown pubstatus" in document.refused[0].reason
    assert "not a date and time" in document.refused[1].reason


def test_ninjs_in_utf16_is_read():
    obj = {"uri": "urn:kbn:utf16", "headline": "Kopi Gayo ekspor perdana ke Jepang"}
    item = parse_document(json.dumps(obj, ensure_ascii=False).encode("utf-16")).items[0]
    assert item.headline == "Kopi Gayo ekspor perdana ke Jepang"


# --- NewsML-G2 ------------------------------------------------------------------------------


def test_g2_news_item_reads_item_and_content_meta_and_the_nitf_body():
    document = parse_document(fixture_bytes("newsml_g2_item.xml"), "application/vnd.iptc.g2.newsitem+xml")
    assert document.format == "newsml-g2"
    item = document.items[0]
    assert item.agency_uri == "urn:newsml:kbn.example:20250314:g2-0401"
    assert item.agency_version == "1"
    assert item.version_created == dt.datetime(2025, 3, 14, 7, 5, tzinfo=WIB)
    assert item.headline == "Nelayan Makassar keluhkan kelangkaan solar bersubsidi"
    assert item.dateline == "MAKASSAR, 14 Maret (KBN) -"
    assert item.located == "Makassar"
    assert item.byline == "Andi Baso"
    assert item.urgency == 2
    assert item.language == "id"
    assert item.summary == "Ratusan nelayan tidak melaut karena solar sulit didapat."
    assert [s["code"] for s in item.subjects] == ["medtop:04000000", "medtop:20000344"]
    assert item.body_html.startswith("<p>Ratusan nelayan di Makassar")
    assert "<h3>Pasokan ditambah</h3>" in item.body_html
    assert "<em>pekan depan</em>" in item.body_html
    assert "media" not in item.body_html and "nitf" not in item.body_html
    assert item.photos[0].href == "https://img.kbn.example/nelayan-800.jpg"


def test_g2_news_message_gives_each_news_item_and_refuses_a_package():
    document = parse_document(fixture_bytes("newsml_g2_message.xml"))
    assert [i.agency_uri for i in document.items] == [
        "urn:newsml:kbn.example:20250314:g2-0501",
        "urn:newsml:kbn.example:20250314:g2-0502",
        "urn:newsml:kbn.example:20250313:g2-0390",
    ]
    assert [(r.position, r.reason) for r in document.refused] == [(3, "a <packageItem> is not a news item")]
    bali, picture, killed = document.items
    assert bali.embargoed_until == dt.datetime(2025, 3, 14, 18, 0, tzinfo=WIB)
    assert bali.signals == ["update"]
    assert bali.body_html == (
        "<p>Foreign arrivals to Bali reached 6.3 million last year, above the 2019 record.</p>"
        "<p>The provincial tourism office credited new direct flights.</p>"
    )
    assert "Bali tourism" not in bali.body_html  # the XHTML <head> is not body text
    assert picture.photos[0].href == "https://img.kbn.example/kuta-2048.jpg"
    assert picture.photos[0].caption == "Wisatawan menikmati matahari terbenam di Pantai Kuta, Bali."
    assert killed.pubstatus == "canceled" and killed.signals == ["kill"] and killed.is_kill
    assert killed.ednote.startswith("KILL: berita ini ditarik")


def test_g2_item_without_guid_is_refused():
    data = fixture_bytes("newsml_g2_item.xml").replace(b'guid="urn:newsml:kbn.example:20250314:g2-0401"', b"")
    document = parse_document(data)
    assert document.items == []
    assert document.refused[0].reason == "the newsItem has no guid to identify it"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("malformed.xml", "malformed XML"),
        ("malformed.json", "malformed JSON"),
        ("html_page.html", "an HTML page, not a feed"),
        ("wrong_encoding.xml", "not in the encoding it declares"),
        ("billion_laughs.xml", "declares entities of its own"),
        ("external_entity.xml", "declares entities of its own"),
    ],
)
def test_unreadable_documents_are_refused_with_a_clear_reason(fixture, message):
    with pytest.raises(ParseError, match=message):
        parse_document(fixture_bytes(fixture))


def test_billion_laughs_is_refused_without_expanding_anything():
    with pytest.raises(ParseError) as refused:
        parse_document(fixture_bytes("billion_laughs.xml"))
    assert "haha" not in str(refused.value)


def test_external_entity_never_reaches_the_file_it_names():
    with pytest.raises(ParseError) as refused:
        parse_document(fixture_bytes("external_entity.xml"))
    assert "root:" not in str(refused.value)


def test_documents_over_the_size_cap_are_refused_before_parsing(settings):
    settings.KABAR_WIRE_MAX_BYTES = 4096
    big = json.dumps([{"uri": f"urn:kbn:{n}", "headline": "Berita " * 20} for n in range(100)]).encode()
    with pytest.raises(ParseError, match="over the 4096-byte limit"):
        parse_document(big)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"Maaf, layanan sedang dalam pemeliharaan.", "neither XML nor JSON"),
        (b"<?xml version='1.0'?><kml><Document/></kml>", "root <kml>"),
        (b'"hanya sebuah string"', "neither XML nor JSON"),
        (b'<newsItem xmlns="urn:bukan-g2" guid="x"/>', "not in the NewsML-G2 namespace"),
        (b"\xff\xfe\x00\x00garbage", "neither XML nor JSON"),
    ],
)
def test_other_non_feeds_are_refused_with_a_reason(data, message):
    with pytest.raises(ParseError, match=message):
        parse_document(data)


def test_json_that_is_not_utf8_is_refused():
    with pytest.raises(ParseError, match="not valid UTF-8"):
        parse_document('{"uri": "urn:x", "headline": "Caf\xe9"}'.encode("latin-1"))
