"""The report's JSON-LD is a schema.org LiveBlogPosting whose updates are BlogPostings.

The property sets are schema.org's (https://schema.org/LiveBlogPosting, /BlogPosting and their
parents SocialMediaPosting, Article, CreativeWork, Thing), written out here from its documentation:
the test fails when the page uses a property the type does not have.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from kabar.core.timefmt import iso_with_offset
from kabar.live import services
from tests import factories
from tests.live import page_support as live

pytestmark = pytest.mark.django_db

THING = {
    "additionalType", "alternateName", "description", "disambiguatingDescription", "identifier", "image",
    "mainEntityOfPage", "name", "potentialAction", "sameAs", "subjectOf", "url",
}  # fmt: skip
CREATIVE_WORK = {
    "about", "abstract", "accessMode", "accessModeSufficient", "accessibilityAPI", "accessibilityControl",
    "accessibilityFeature", "accessibilityHazard", "accessibilitySummary", "accountablePerson",
    "acquireLicensePage", "aggregateRating", "alternativeHeadline", "archivedAt", "assesses",
    "associatedMedia", "audience", "audio", "author", "award", "character", "citation", "comment",
    "commentCount", "conditionsOfAccess", "contentLocation", "contentRating", "contentReferenceTime",
    "contributor", "copyrightHolder", "copyrightNotice", "copyrightYear", "correction", "countryOfOrigin",
    "creativeWorkStatus", "creator", "creditText", "dateCreated", "dateModified", "datePublished",
    "digitalSourceType", "discussionUrl", "editEIDR", "editor", "educationalAlignment", "educationalLevel",
    "educationalUse", "encoding", "encodingFormat", "exampleOfWork", "expires", "funder", "funding", "genre",
    "hasPart", "headline", "inLanguage", "interactionStatistic", "interactivityType", "interpretedAsClaim",
    "isAccessibleForFree", "isBasedOn", "isFamilyFriendly", "isPartOf", "keywords", "learningResourceType",
    "license", "locationCreated", "mainEntity", "maintainer", "material", "materialExtent", "mentions",
    "offers", "pattern", "position", "producer", "provider", "publication", "publisher", "publisherImprint",
    "publishingPrinciples", "recordedAt", "releasedEvent", "review", "schemaVersion", "sdDatePublished",
    "sdLicense", "sdPublisher", "size", "sourceOrganization", "spatial", "spatialCoverage", "sponsor",
    "teaches", "temporal", "temporalCoverage", "text", "thumbnail", "thumbnailUrl", "timeRequired",
    "translationOfWork", "translator", "typicalAgeRange", "usageInfo", "version", "video", "workExample",
    "workTranslation",
}  # fmt: skip
ARTICLE = {"articleBody", "articleSection", "backstory", "pageEnd", "pageStart", "pagination", "speakable", "wordCount"}
SOCIAL_MEDIA_POSTING = {"sharedContent"}
BLOG_POSTING = THING | CREATIVE_WORK | ARTICLE | SOCIAL_MEDIA_POSTING
LIVE_BLOG_POSTING = BLOG_POSTING | {"coverageEndTime", "coverageStartTime", "liveBlogUpdate"}
JSON_LD_KEYWORDS = {"@context", "@type", "@id"}


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    """Each test reads the page after a change, not what the page cache kept."""
    settings.KABAR_PAGE_CACHE_ENABLED = False


def json_ld_of(client, report) -> dict:
    html = client.get(report.dated_path()).content.decode()
    for found in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(found)
        if data.get("@type") == "LiveBlogPosting":
            return data
    raise AssertionError("no LiveBlogPosting on the page")


@pytest.fixture
def report_with_updates():
    writer = factories.person("Budi Santoso")
    report = live.report(writers=[writer])
    first = live.post(report, "Gempa terasa hingga Bandung.", writer=writer)
    second = live.post(report, "BMKG: tidak berpotensi tsunami.", headline="Tidak berpotensi tsunami", key_event=True)
    return report, first, second


def test_the_report_is_a_live_blog_posting_with_only_its_properties(client, report_with_updates):
    report, _first, _second = report_with_updates
    data = json_ld_of(client, report)
    assert data["@type"] == "LiveBlogPosting"
    assert set(data) - JSON_LD_KEYWORDS <= LIVE_BLOG_POSTING, set(data) - LIVE_BLOG_POSTING - JSON_LD_KEYWORDS
    for update in data["liveBlogUpdate"]:
        assert update["@type"] == "BlogPosting"
        assert set(update) - JSON_LD_KEYWORDS <= BLOG_POSTING, set(update) - BLOG_POSTING - JSON_LD_KEYWORDS


def test_each_update_is_a_blog_posting_with_its_time_text_and_address(client, report_with_updates):
    report, first, second = report_with_updates
    data = json_ld_of(client, report)
    updates = data["liveBlogUpdate"]
    assert [u["url"].rsplit("#", 1)[1] for u in updates] == [f"update-{second.pk}", f"update-{first.pk}"]
    newest, older = updates
    assert newest["headline"] == "Tidak berpotensi tsunami"
    assert newest["articleBody"] == "BMKG: tidak berpotensi tsunami."
    assert newest["datePublished"] == iso_with_offset(second.published_at)
    assert older["author"] == {"@type": "Person", "name": "Budi Santoso", "url": older["author"]["url"]}
    assert older["url"].startswith(data["url"])


def test_coverage_times_follow_the_report(client, report_with_updates):
    report, _first, _second = report_with_updates
    report.refresh_from_db()
    data = json_ld_of(client, report)
    assert data["coverageStartTime"] == iso_with_offset(report.coverage_started_at)
    assert "coverageEndTime" not in data  # running, and no end scheduled
    services.close_report(report, None)
    report.refresh_from_db()
    assert json_ld_of(client, report)["coverageEndTime"] == iso_with_offset(report.coverage_ended_at)


def test_a_scheduled_end_is_the_coverage_end_time_while_it_runs(client):
    ends = timezone.now() + dt.timedelta(hours=6)
    report = live.report(coverage_ends_at=ends)
    assert json_ld_of(client, report)["coverageEndTime"] == iso_with_offset(ends)


def test_an_edit_moves_date_modified(client, report_with_updates):
    report, first, _second = report_with_updates
    services.edit_update(first, body=factories.paragraphs("Gempa terasa hingga Garut."), headline="", user=None)
    first.refresh_from_db()
    posting = next(u for u in json_ld_of(client, report)["liveBlogUpdate"] if u["url"].endswith(f"-{first.pk}"))
    assert posting["dateModified"] == iso_with_offset(first.edited_at)
    assert posting["articleBody"] == "Gempa terasa hingga Garut."
