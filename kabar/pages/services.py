"""Rights of reply ("hak jawab"): a reader's reply is stored, then announced to the editors; an
editor's answer is recorded with who gave it and when, then mailed to the reader.

Both mails go through the worker (kabar.core.mail) after the transaction commits: what the reader
wrote is in the database before any mail is tried, and a mail server that is down loses nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from kabar.articles.models import ArticlePage
from kabar.core import mail, ratelimit
from kabar.pages import queries
from kabar.pages.models import RightOfReply

logger = logging.getLogger(__name__)

ANSWERED = "kabar.right_of_reply_answered"
# Replies one client address may send in an hour. A person with a real grievance sends one or two;
# the limit only stops a flood, and counts each address apart, so one client never blocks another.
REPLIES_PER_HOUR = 5
RATE_WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Reply:
    """What the reader wrote, as the form cleaned it."""

    name: str
    email: str
    phone: str
    article_url: str
    article: ArticlePage | None
    text: str


def may_send_reply(client: str | None) -> bool:
    """Count one attempt from this client address; False once it sent too many this hour.

    Without a readable address (no peer at all) the request is refused rather than counted with
    everyone else's under one shared key.
    """
    if not client:
        return False
    return ratelimit.allow(f"right-of-reply:ip:{client}", REPLIES_PER_HOUR, window=RATE_WINDOW_SECONDS)


@transaction.atomic
def receive_reply(reply: Reply) -> RightOfReply:
    """Store the reply, then (after commit) tell the editors by mail."""
    stored = RightOfReply.objects.create(
        name=reply.name.strip(),
        email=reply.email.strip(),
        phone=reply.phone.strip(),
        article_url=reply.article_url.strip(),
        article=reply.article,
        text=reply.text.strip(),
    )
    transaction.on_commit(lambda: _announce_to_editors(stored.pk))
    logger.info("right of reply %s received for article %s", stored.pk, reply.article.pk if reply.article else None)
    return stored


def _announce_to_editors(reply_id: int) -> None:
    try:
        reply = RightOfReply.objects.select_related("article").get(pk=reply_id)
        recipients = queries.editors_addresses()
        if not recipients:
            logger.warning("right of reply %s: no Redaktur or Admin has an e-mail address to tell", reply_id)
            return
        # The newsroom's language, whatever page the reader was on.
        with translation.override(settings.LANGUAGE_CODE):
            admin_url = settings.BASE_URL + reverse("rights_of_reply:edit", args=[reply.pk])
            context = {"reply": reply, "admin_url": admin_url}
            subject = render_to_string("pages/mail/reply_received_subject.txt", context).strip()
            body = render_to_string("pages/mail/reply_received.txt", context)
        # Reply-To: an editor who answers the mail answers the reader. As a header, which the queued
        # message keeps (kabar.core.mail carries headers, not EmailMessage.reply_to).
        message = EmailMessage(subject, body, to=recipients, headers={"Reply-To": reply.email})
        mail.send_later(message)
    except Exception:
        # Stored already: the editors still find it in the admin's list.
        logger.exception("right of reply %s: could not queue the mail to the editors", reply_id)


@transaction.atomic
def answer_reply(reply: RightOfReply, *, status: str, answer: str, user: User | None) -> tuple[RightOfReply, bool]:
    """Set the status and the answer; a new or changed answer is mailed to the reader.

    Returns the reply and whether a mail to the reader was queued. Each answer goes in the audit log.
    """
    previous = RightOfReply.objects.select_for_update().get(pk=reply.pk)
    answer = answer.strip()
    changed_answer = bool(answer) and answer != previous.answer.strip()
    reply.status = status
    reply.answer = answer
    if changed_answer or status != previous.status:
        reply.answered_by = user if user is not None and user.is_authenticated else None
        reply.answered_at = timezone.now()
    reply.save()
    log(
        instance=reply,
        action=ANSWERED,
        user=user,
        data={"status": status, "previous_status": previous.status, "answer_sent": changed_answer},
    )
    if changed_answer:
        transaction.on_commit(lambda: _send_answer(reply.pk))
    return reply, changed_answer


def _send_answer(reply_id: int) -> None:
    try:
        reply = RightOfReply.objects.select_related("article").get(pk=reply_id)
        with translation.override(settings.LANGUAGE_CODE):
            context = {"reply": reply, "site_name": settings.SITE_NAME, "base_url": settings.BASE_URL}
            subject = render_to_string("pages/mail/answer_subject.txt", context).strip()
            body = render_to_string("pages/mail/answer.txt", context)
        mail.send_later(EmailMessage(subject, body, to=[reply.email]))
    except Exception:
        logger.exception("right of reply %s: could not queue the answer to the reader", reply_id)
