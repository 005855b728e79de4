"""Mail the worker sends: a request renders its message and queues it, never waiting on the mail server.

Account mails go this way (kabar/core/accounts.py), so that a sign-up with a taken address and one
with a new address do the same work in the request: one message rendered, one task queued.
"""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks import task

# Ahead of the index updates a busy worker may be working through: the reader is waiting on it.
MAIL_PRIORITY = 50


def send_later(message: EmailMessage) -> None:
    """Queue a rendered message for the worker to send."""
    send_message.enqueue(
        {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "headers": dict(message.extra_headers),
            "content_subtype": message.content_subtype,
            "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        }
    )


@task(priority=MAIL_PRIORITY)
def send_message(message: dict[str, Any]) -> int:
    """Send a message queued by `send_later`; the number sent (1), as Django's send answers."""
    mail = EmailMultiAlternatives(
        message["subject"], message["body"], message["from_email"], message["to"], headers=message["headers"]
    )
    mail.content_subtype = message["content_subtype"]
    for content, mimetype in message["alternatives"]:
        mail.attach_alternative(content, mimetype)
    return mail.send()
