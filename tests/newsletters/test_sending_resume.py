"""A send stopped part-way is taken up again by the next worker without mailing anyone twice or
skipping anyone, counted at a real SMTP server on loopback: a worker that stops with an exception
mid-batch, and a worker process killed with SIGKILL at about half of the send."""

from __future__ import annotations

import datetime as dt
import signal
import time

import pytest
import time_machine
from django.core.mail.backends.smtp import EmailBackend

from kabar.newsletters import sending, services
from kabar.newsletters.models import Edition, EditionDelivery
from tests.newsletters import editions

WAIT = 120


class WorkerStopped(BaseException):
    """What a worker meets when it is stopped between two mails (not an error the send may catch)."""


class StoppingBackend(EmailBackend):
    """Django's SMTP backend, stopping the worker once `limit` messages have gone out."""

    limit = 0
    sent = 0

    def send_messages(self, email_messages):
        if StoppingBackend.sent >= StoppingBackend.limit:
            raise WorkerStopped
        count = super().send_messages(email_messages)
        StoppingBackend.sent += count
        return count


@pytest.mark.django_db
def test_a_worker_stopped_mid_batch_leaves_the_rest_to_the_next_and_no_one_gets_two(smtp_server, settings, tmp_path):
    settings.KABAR_NEWSLETTER_JOURNAL_DIR = str(tmp_path / "journal")
    settings.KABAR_NEWSLETTER_BATCH_SIZE = 10
    letter = editions.newsletter()
    readers = editions.subscribers(letter, 35)
    with time_machine.travel(editions.NOW, tick=False) as clock:
        edition = editions.edition(letter, picked=editions.articles(1))
        services.send_edition_now(edition)
        settings.EMAIL_BACKEND = f"{__name__}.StoppingBackend"
        StoppingBackend.limit, StoppingBackend.sent = 17, 0  # in the second batch of ten

        with pytest.raises(WorkerStopped):
            sending.send_edition(edition.pk)

        assert sum(smtp_server.counts().values()) == 17
        # The second batch's seven went out but were never written to the database: still `sending`.
        in_doubt = EditionDelivery.objects.filter(edition=edition, status="sending")
        assert in_doubt.count() == 10
        # The next worker, before the stopped one's lease lapsed, leaves its rows alone.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        sending.send_edition(edition.pk)
        assert EditionDelivery.objects.filter(edition=edition, status="sending").count() == 10
        clock.shift(sending.lease() + dt.timedelta(seconds=1))
        report = sending.send_edition(edition.pk)

    assert smtp_server.counts() == {reader.email: 1 for reader in readers}
    assert (report.status, report.sent, report.queued) == ("sent", 35, 0)
    # Those the journal named were recorded as sent, not sent again: one attempt each.
    assert EditionDelivery.objects.filter(edition=edition, attempts=2).count() == 3
    assert not list((tmp_path / "journal").iterdir())


def wait_for(condition, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


SEND = """
from django.conf import settings
settings.KABAR_NEWSLETTER_BATCH_SIZE = 25
settings.KABAR_NEWSLETTER_LEASE_SECONDS = 1.0
settings.KABAR_NEWSLETTER_JOURNAL_DIR = {journal!r}
from kabar.newsletters import sending
report = sending.send_edition({edition})
print(report.status, report.sent)
"""


def test_a_worker_killed_at_half_of_a_send_leaves_no_duplicate_and_no_one_missed(
    smtp_server, outside_database, tmp_path
):
    readers = 400
    letter = editions.newsletter()
    subscribed = editions.subscribers(letter, readers)
    edition = editions.edition(letter, picked=editions.articles(1))
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SCHEDULED)
    outside = outside_database()
    code = SEND.format(journal=str(tmp_path / "journal"), edition=edition.pk)

    doomed = outside.python(code, smtp_server.environment())
    wait_for(lambda: sum(smtp_server.counts().values()) >= readers // 2)
    doomed.send_signal(signal.SIGKILL)  # no clean-up: the OOM killer, a power cut of one process
    doomed.communicate(timeout=WAIT)
    received_before = sum(smtp_server.counts().values())
    time.sleep(1.2)  # the dead worker's lease (1 s) lapses

    second = outside.python(code, smtp_server.environment())
    out, err = second.communicate(timeout=WAIT)
    assert second.returncode == 0, err

    assert received_before < readers, "the worker finished before it was killed"
    assert out.split() == ["sent", str(readers)]
    counts = smtp_server.counts()
    assert set(counts) == {s.email for s in subscribed}, "someone was missed"
    assert [email for email, n in counts.items() if n > 1] == [], "someone got it twice"
