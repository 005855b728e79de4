"""`kabar alerts send --article ID [--topic T ...]`: what the admin's "Kirim notifikasi" does, from a shell.

The alert is sent in this process (not handed to the worker), so the command can print how it
went. Output lines are plain and stable (not translated) so scripts can read them; the last line
of a send is always `alert N: <status>; sent S, failed F, expired E, pending P of T (X s)`.

Running the same command twice does not alert readers twice: the alert's key is made from the
article, topics and text, so the second run reports the first alert. `--again` makes a new one.
"""

from __future__ import annotations

import hashlib

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from kabar.alerts import queries, services
from kabar.articles.models import ArticlePage


class Command(BaseCommand):
    help = _("Send a Web Push alert about a published article, or list what readers can follow.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = str(self.help)
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="Send an alert about one published article and print the results.")
        send.add_argument("--article", required=True, type=int, help="The article's id, as in its URL.")
        send.add_argument(
            "--topic",
            action="append",
            default=[],
            help="breaking, picks, a section's slug or section-<id>; repeat for several. "
            "Default: the article's section (and picks for an editors' pick).",
        )
        send.add_argument("--title", default="", help="Default: the headline.")
        send.add_argument("--text", default=None, help="Default: the summary or the first paragraph.")
        send.add_argument("--breaking", action="store_true", help="High urgency, and a banner on the site.")
        send.add_argument("--banner-hours", type=int, default=2, help="How long a breaking banner shows (0-24).")
        send.add_argument("--again", action="store_true", help="Send even if the same alert was sent before.")
        actions.add_parser("topics", help="List the topics and how many browsers follow each.")
        actions.add_parser("public-key", help="Print the VAPID public key (made and stored if there is none).")

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "topics":
            counts = queries.subscriber_counts()
            for topic in queries.available_topics():
                self.stdout.write(f"{topic.key}\t{counts.get(topic.key, 0)}\t{topic.label}")
        elif action == "public-key":
            self.stdout.write(services.vapid_public_key())
        else:
            self.send(options)

    def send(self, options: dict) -> None:
        article = ArticlePage.objects.filter(pk=options["article"]).first()
        if article is None:
            raise CommandError(f"no article {options['article']}")
        if queries.pushable_article(article.pk) is None:
            raise CommandError(f"article {article.pk} is not published (or not public); only those are pushed")
        topics = []
        for name in options["topic"]:
            key = queries.topic_for_name(name)
            if key is None:
                raise CommandError(f"unknown topic {name!r}; see `kabar alerts topics`")
            topics.append(key)
        topics = topics or services.default_topics(article)
        title = options["title"] or article.title
        text = services.default_text(article) if options["text"] is None else options["text"]
        fingerprint = "|".join([str(article.pk), ",".join(sorted(topics)), title, text, str(options["breaking"])])
        key = "cli:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:40]
        if options["again"]:
            key = f"{key}:{services.worker_identity()}"
        try:
            alert, created = services.compose_alert(
                article,
                title=title,
                text=text,
                topics=topics,
                is_breaking=bool(options["breaking"]),
                banner_hours=int(options["banner_hours"]),
                idempotency_key=key,
                enqueue=False,
            )
        except services.AlertError as error:
            raise CommandError(str(error)) from error
        if not created:
            self.stdout.write(f"alert {alert.pk} was already made for this article and text (use --again to resend)")
        self.stdout.write(f"alert {alert.pk}: {', '.join(alert.topics)}")
        report = services.send_alert(alert.pk)
        self.stdout.write(report.line())
