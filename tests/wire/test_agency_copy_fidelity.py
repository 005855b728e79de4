"""Agency copy as the agency wrote it: text fields hold text, bodies hold the story, and the details
(captions, language, type, dateline, links, encodings) come through. Every document is made here."""

import codecs
import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from kabar.articles.models import ArticlePage
from kabar.wire import services
from kabar.wire.models import WireFeed, WireItem
from kabar.wire.parsers import parse_document
from kabar.wire.parsers.ninjs import major_version
from tests import factories
from tests.parsing import html
from tests.wire.conftest import make_feed, site_text

ENGLISH = "The minister said that the talks will resume next week in the capital, and that both sides have agreed."
INDONESIAN = (
    "Menteri mengatakan bahwa perundingan akan dilanjutkan pekan depan di ibu kota, dan kedua pihak sudah setuju."
)


def ninjs(**fields) -> bytes:
    return json.dumps({"uri": "urn:test:1", **fields}).encode()


def one(data: bytes, content_type: str = ""):
    document = parse_document(data, content_type)
    assert not document.refused, document.refused
    (item,) = document.items
    return item


def rss(items: str, *, encoding: str = "UTF-8", channel: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>Umpan</title>'
        f"{channel}{items}</channel></rss>"
    )


# --- 3. text fields hold text ---------------------------------------------------------------


def test_ninjs_text_fields_are_stored_as_text_with_entities_decoded():
    item = one(
        ninjs(
            headlines=[{"role": "main", "value": "Laba AT&amp;T naik"}],
            by="<b>Budi</b> &amp; Ani",
            located="S&amp;P Plaza, Jakarta",
            ednote="Embargo <em>hingga</em> pukul 10",
            descriptions=[{"role": "summary", "value": "AT&T melaporkan laba"}],
            associations=[
                {
                    "name": "foto",
                    "type": "picture",
                    "descriptions": [{"role": "caption", "value": "Kantor AT&amp;T &#8212; Dallas"}],
                    "renditions": [{"href": "https://img.example/att.jpg", "width": 800}],
                }
            ],
        )
    )
    assert item.headline == "Laba AT&T naik"
    assert item.byline == "Budi & Ani"
    assert item.located == "S&P Plaza, Jakarta"
    assert item.ednote == "Embargo hingga pukul 10"
    assert item.summary == "AT&T melaporkan laba"
    assert item.photos[0].caption == "Kantor AT&T \u2014 Dallas"


def test_a_tag_like_word_in_a_text_field_is_text():
    item = one(ninjs(headline="Johnson & Johnson <digugat> di AS", byline="A <Wartawan> B"))
    assert item.headline == "Johnson & Johnson <digugat> di AS"
    assert item.byline == "A <Wartawan> B"


def test_a_bare_ampersand_is_never_read_as_an_entity():
    item = one(ninjs(headline="R&D naik, Rock&not &para; AT&T"))
    assert item.headline == "R&D naik, Rock&not \u00b6 AT&T"


def test_rss_and_atom_title_author_and_summary_are_text():
    feed = rss(
        "<item><guid>g1</guid><title>Laba AT&amp;T naik</title><author>budi@kbn.example (Budi &amp; Ani)</author>"
        "<description>Ringkas &lt;b&gt;tebal&lt;/b&gt;</description>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>&lt;p&gt;Isi&lt;/p&gt;"
        "</content:encoded></item>"
        "<item><guid>g2</guid><title>Johnson &amp; Johnson &lt;digugat&gt; di AS</title></item>"
    )
    first, second = parse_document(feed.encode()).items
    assert first.headline == "Laba AT&T naik"
    assert first.byline == "budi@kbn.example (Budi & Ani)"
    assert first.summary == "Ringkas tebal"
    assert second.headline == "Johnson & Johnson <digugat> di AS"
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:f</id><updated>2025-03-14T07:45:00Z</updated>'
        b'<entry><id>urn:a</id><title type="html">Laba AT&amp;amp;T &lt;i&gt;naik&lt;/i&gt;</title>'
        b"<updated>2025-03-14T07:45:00Z</updated><author><name>Budi &amp; Ani</name></author>"
        b'<summary type="text">P&amp;G &lt;digugat&gt;</summary><content type="html">&lt;p&gt;x&lt;/p&gt;</content>'
        b"</entry></feed>"
    )
    entry = one(atom)
    assert entry.headline == "Laba AT&T naik"
    assert entry.byline == "Budi & Ani"
    assert entry.summary == "P&G <digugat>"


def test_scripts_and_comments_in_a_text_field_are_dropped_even_when_never_closed():
    item = one(
        ninjs(headline="Banjir <!-- catatan --> surut<script>x()</script>", byline="Ani <script>x(", ednote="A <!--")
    )
    assert (item.headline, item.byline, item.ednote) == ("Banjir surut", "Ani", "A")


@pytest.mark.django_db
def test_make_article_gives_a_headline_and_slug_without_entities():
    feed = make_feed(default_section=factories.section("Ekonomi"))
    services.ingest_document(
        feed, ninjs(headline="Laba AT&amp;T naik 8 persen", body_html="<p>Isi.</p>", language="id")
    )
    made = services.make_article_from_item(WireItem.objects.get(), factories.staff("penulis", "Penulis"))
    article = ArticlePage.objects.get(pk=made.article.pk)
    assert article.title == "Laba AT&T naik 8 persen"
    assert article.slug == "laba-att-naik-8-persen"


@pytest.mark.django_db
def test_items_stored_escaped_before_are_decoded_by_the_data_migration():
    feed = make_feed()
    item = WireItem.objects.create(
        feed=feed,
        agency_uri="urn:lama",
        headline="Laba AT&amp;T naik",
        summary="S&amp;P &lt;turun&gt;",
        byline="Budi &amp; Ani",
        located="Oslo",
        ednote="R&D tetap",
        photos=[{"href": "https://img.example/a.jpg", "caption": "AT&amp;T &#8212; Dallas"}],
    )
    migration = importlib.import_module("kabar.wire.migrations.0003_unescape_stored_text_fields")
    migration.unescape_text_fields(apps, None)
    item.refresh_from_db()
    assert (item.headline, item.summary, item.byline, item.ednote) == (
        "Laba AT&T naik",
        "S&P <turun>",
        "Budi & Ani",
        "R&D tetap",
    )
    assert item.photos[0]["caption"] == "AT&T \u2014 Dallas"


# --- 7. bodies as the story -----------------------------------------------------------------

NITF = (
    '<?xml version="1.0" encoding="ISO-8859-1"?><nitf><head><title>Judul</title></head><body>'
    "<body.head><hedline><hl1>Judul</hl1></hedline></body.head>"
    '<body.content><p>Paragraf <em>pertama</em> dengan <a href="https://kbn.example/x">tautan</a>.</p>'
    "<hl2>Subjudul</hl2><p>Paragraf kedua.</p></body.content></body></nitf>"
)


def test_nitf_in_ninjs_is_not_escaped_xml_source_when_a_plain_text_body_is_there():
    item = one(
        ninjs(
            headlines=[{"value": "Judul"}],
            bodies=[
                {"contenttype": "text/vnd.IPTC.NITF", "value": NITF},
                {"contenttype": "text/plain", "value": "Paragraf pertama.\n\nParagraf kedua."},
            ],
        )
    )
    assert item.body_html == "<p>Paragraf pertama.</p><p>Paragraf kedua.</p>"


def test_nitf_alone_in_ninjs_becomes_html_from_its_body_content():
    item = one(ninjs(headlines=[{"value": "Judul"}], bodies=[{"contentType": "text/vnd.IPTC.NITF", "value": NITF}]))
    assert "&lt;" not in item.body_html and "nitf" not in item.body_html
    assert item.body_html.startswith('<p>Paragraf <em>pertama</em> dengan <a href="https://kbn.example/x"')
    assert "<h3>Subjudul</h3><p>Paragraf kedua.</p>" in item.body_html
    assert "Judul" not in item.body_html


def test_a_whole_html_page_as_body_yields_only_the_story():
    page = (
        "<!DOCTYPE html><html><head><title>Banjir surut di Bekasi</title><style>p{color:red}</style></head>"
        '<body><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav>'
        '<header><span class="label">BERITA TERKINI</span></header>'
        "<article><h1>Banjir surut di Bekasi</h1><label>Nasional</label>"
        "<p>BEKASI - Banjir mulai surut.</p><h1>Warga kembali</h1><div>1.200 warga kembali ke rumah.</div>"
        "</article><footer>Hak cipta</footer></body></html>"
    )
    item = one(ninjs(headline="Banjir surut di Bekasi", body_html=page))
    assert item.body_html == (
        "<p>BEKASI - Banjir mulai surut.</p><h2>Warga kembali</h2><p>1.200 warga kembali ke rumah.</p>"
    )


def test_a_ninjs_3_item_without_the_telling_top_level_keys_is_read_as_ninjs_3():
    obj = {
        "uri": "urn:test:v3",
        "headlines": [{"role": "main", "value": "Harga beras turun"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>Harga <b>beras</b> turun.</p>"}],
    }
    assert major_version(obj) == 3
    item = one(json.dumps(obj).encode())
    assert item.body_html == "<p>Harga <b>beras</b> turun.</p>"


def test_a_ninjs_body_with_no_content_type_is_read_by_what_it_holds():
    item = one(ninjs(headlines=[{"value": "x"}], bodies=[{"value": "<p>Harga <i>cabai</i> naik.</p>"}]))
    assert item.body_html == "<p>Harga <i>cabai</i> naik.</p>"


def test_ninjs_1_prefers_body_xhtml_to_body_text():
    item = one(
        ninjs(
            headline="Gempa",
            body_text="Gempa mengguncang Sukabumi.",
            body_xhtml='<p>Gempa <em>mengguncang</em> <a href="https://bmkg.example/">Sukabumi</a>.</p>',
        )
    )
    assert item.body_html == (
        '<p>Gempa <em>mengguncang</em> <a href="https://bmkg.example/" rel="noopener noreferrer">Sukabumi</a>.</p>'
    )


# --- 8. captions, language, types, dateline, links, encodings -------------------------------


def test_summary_and_caption_are_taken_by_role_never_the_credit_line():
    item = one(
        ninjs(
            headlines=[{"value": "Pemilu Norwegia"}],
            descriptions=[
                {"role": "credit", "value": "ASSOCIATED PRESS"},
                {"role": "caption", "value": "Pemilih antre di Oslo."},
                {"role": "summary", "value": "Partai Buruh unggul."},
            ],
            associations=[
                {
                    "name": "foto",
                    "type": "picture",
                    "copyrightholder": "ASSOCIATED PRESS",
                    "descriptions": [
                        {"value": "ASSOCIATED PRESS"},
                        {"role": "drol:caption", "value": "Perdana menteri memberi suara."},
                    ],
                    "renditions": [{"href": "https://img.example/pm.jpg", "width": 1200}],
                },
                {
                    "name": "foto2",
                    "type": "picture",
                    "copyrightholder": "ASSOCIATED PRESS",
                    "descriptions": [{"value": "ASSOCIATED PRESS"}, {"value": "Kotak suara dihitung."}],
                    "renditions": [{"href": "https://img.example/kotak.jpg", "width": 1200}],
                },
            ],
        )
    )
    assert item.summary == "Partai Buruh unggul."
    assert [photo.caption for photo in item.photos] == ["Perdana menteri memberi suara.", "Kotak suara dihitung."]


def test_a_newsml_g2_description_is_taken_by_role_and_kept_as_written():
    g2 = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:g2:1" version="1">'
        "<itemMeta><itemClass qcode='ninat:text'/><versionCreated>2025-03-14T02:15:00Z</versionCreated></itemMeta>"
        "<contentMeta><headline>Laba AT&amp;T</headline>"
        '<description role="drol:creditline">REUTERS</description>'
        '<description role="drol:summary">Johnson &amp; Johnson &lt;digugat&gt; di AS</description></contentMeta>'
        "</newsItem>"
    )
    item = one(g2.encode())
    assert item.headline == "Laba AT&T"
    assert item.summary == "Johnson & Johnson <digugat> di AS"


def test_an_item_without_language_takes_the_language_its_words_show():
    english = one(ninjs(headline="Talks to resume", body_text=ENGLISH))
    indonesian = one(ninjs(headline="Perundingan dilanjutkan", body_text=INDONESIAN))
    undecided = one(ninjs(headline="Oslo"))
    assert (english.language, indonesian.language, undecided.language) == ("en", "id", "")
    assert english.notes == ["the item gave no language; its words read as en"]
    declared = one(ninjs(headline="Talks", body_text=ENGLISH, language="fr"))
    assert declared.language == "fr"


@pytest.mark.django_db
def test_wire_import_language_option_labels_silent_items_and_nothing_is_indonesian_by_default(tmp_path):
    (tmp_path / "a.json").write_bytes(ninjs(uri="urn:a", headline="Oslo"))
    (tmp_path / "b.json").write_bytes(ninjs(uri="urn:b", headline="Talks", body_text=ENGLISH))
    (tmp_path / "c.json").write_bytes(ninjs(uri="urn:c", headline="Pidato", language="id"))
    call_command("wire", "import", "--source", "Agensi Baru", str(tmp_path), stdout=io.StringIO())
    languages = dict(WireItem.objects.values_list("agency_uri", "language"))
    assert languages == {"urn:a": "", "urn:b": "en", "urn:c": "id"}
    (tmp_path / "d.json").write_bytes(ninjs(uri="urn:d", headline="Oslo"))
    call_command(
        "wire", "import", "--source", "Agensi Baru", "--language", "nb", str(tmp_path / "d.json"), stdout=io.StringIO()
    )
    assert WireItem.objects.get(agency_uri="urn:d").language == "nb"


def picture_item() -> bytes:
    return ninjs(
        uri="urn:foto:1",
        type="picture",
        language="id",
        headlines=[{"value": "Pemilih di Oslo"}],
        descriptions=[{"role": "caption", "value": "Pemilih antre."}],
        renditions=[
            {"name": "original", "href": "https://img.example/oslo.jpg", "contenttype": "image/jpeg", "width": 3000}
        ],
    )


def test_picture_video_audio_and_event_items_keep_their_type():
    assert one(picture_item()).item_type == "picture"
    assert [
        one(ninjs(type=kind)).item_type for kind in ("video", "audio", "event", "graphic", "text", "composite")
    ] == [
        "video",
        "audio",
        "event",
        "graphic",
        "text",
        "text",
    ]
    g2 = (
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:g2:pic" version="1">'
        "<itemMeta><itemClass qcode='ninat:picture'/></itemMeta><contentMeta><headline>Foto</headline>"
        "</contentMeta></newsItem>"
    )
    assert one(g2.encode()).item_type == "picture"


@pytest.mark.django_db
def test_the_desk_filters_by_type_and_offers_make_article_only_for_text(client, desk_rights):
    feed = make_feed(default_section=factories.section("Nasional"))
    services.ingest_document(feed, picture_item())
    services.ingest_document(feed, ninjs(uri="urn:teks", headline="Berita teks", body_text=INDONESIAN))
    picture = WireItem.objects.get(agency_uri="urn:foto:1")
    assert picture.item_type == "picture"
    assert picture.photos[0]["href"] == "https://img.example/oslo.jpg"
    assert picture.photos[0]["caption"] == "Pemilih antre."
    client.force_login(factories.staff("redaktur", "Redaktur"))
    table = html(client.get(reverse("wire_desk"), {"item_type": "picture"})).find("table", cls="wire-items")
    assert [row.find("a").text for row in table.find("tbody").find_all("tr")] == ["Pemilih di Oslo"]
    page = html(client.get(reverse("wire_item", args=[picture.pk])))
    assert page.find("form", action=reverse("wire_make_article", args=[picture.pk])) is None
    text_page = html(client.get(reverse("wire_item", args=[WireItem.objects.get(agency_uri="urn:teks").pk])))
    assert (
        text_page.find(
            "form", action=reverse("wire_make_article", args=[WireItem.objects.get(agency_uri="urn:teks").pk])
        )
        is not None
    )
    response = client.post(
        reverse("wire_make_article", args=[picture.pk]), {"section": feed.default_section.pk}, follow=True
    )
    assert site_text("Only a text item can become an article.") in response.content.decode()
    assert not ArticlePage.objects.exists()
    with pytest.raises(ValueError):
        services.make_article_from_item(picture)


@pytest.mark.django_db
def test_the_dateline_keeps_only_the_city():
    feed = make_feed(default_section=factories.section("Dunia"))
    services.ingest_document(feed, ninjs(headline="Pemilu", located="OSLO, NORWAY", body_text=INDONESIAN))
    made = services.make_article_from_item(WireItem.objects.get(), None)
    article = ArticlePage.objects.get(pk=made.article.pk)
    assert article.dateline_place == "Oslo"
    assert article.dateline.startswith("OSLO, ") and "NORWAY" not in article.dateline


def test_relative_links_are_made_absolute_against_the_item_or_removed():
    body = '<p>Lihat <a href="/peta/banjir">peta</a> dan <a href="https://bnpb.example/">BNPB</a>.</p>'
    with_web_uri = one(ninjs(uri="https://kbn.example/berita/2025/banjir", headline="x", body_html=body))
    assert '<a href="https://kbn.example/peta/banjir"' in with_web_uri.body_html
    with_urn = one(ninjs(uri="urn:kbn:banjir", headline="x", body_html=body))
    assert with_urn.body_html == (
        '<p>Lihat peta dan <a href="https://bnpb.example/" rel="noopener noreferrer">BNPB</a>.</p>'
    )
    feed = rss(
        "<item><guid>g1</guid><title>t</title><link>https://ag.example/2025/03/banjir.html</link>"
        '<description>&lt;p&gt;Lihat &lt;a href="foto.html"&gt;foto&lt;/a&gt;&lt;/p&gt;</description></item>',
        channel="<link>https://ag.example/</link>",
    )
    assert '<a href="https://ag.example/2025/03/foto.html"' in one(feed.encode()).body_html


@pytest.mark.parametrize(
    ("encoding", "declared", "bom"),
    [
        ("utf-32-be", "UTF-32BE", b""),
        ("utf-32-le", "UTF-32LE", b""),
        ("utf-32-be", "UTF-32", codecs.BOM_UTF32_BE),
        ("utf-32-le", "UTF-32", codecs.BOM_UTF32_LE),
    ],
)
def test_utf32_feeds_are_read(encoding, declared, bom):
    feed = rss("<item><guid>g1</guid><title>Harga kopi naik — Rp45.000</title></item>", encoding=declared)
    item = one(bom + feed.encode(encoding))
    assert item.headline == "Harga kopi naik — Rp45.000"


def test_utf32_newsml_g2_is_read():
    g2 = (
        '<?xml version="1.0" encoding="UTF-32BE"?>'
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:g2:u32" version="1">'
        "<itemMeta><itemClass qcode='ninat:text'/></itemMeta><contentMeta><headline>Kopi — naik</headline>"
        "</contentMeta></newsItem>"
    )
    assert one(g2.encode("utf-32-be")).headline == "Kopi — naik"


def test_utf32_ninjs_is_read():
    assert one(ninjs(headline="Kopi — naik").decode().encode("utf-32-be")).headline == "Kopi — naik"


@pytest.mark.django_db
def test_an_import_feed_made_by_the_command_has_no_language_of_its_own():
    assert services.ensure_import_feed("Agensi Lain").language == ""
    assert WireFeed.objects.get(name="Agensi Lain").language == ""
