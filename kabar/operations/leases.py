"""Expiring database locks: one holder at a time across processes and machines, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kabar.core.models import Lease

PROCESS_IDENTITY = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire_lease(name: str, ttl: dt.timedelta, holder: str = PROCESS_IDENTITY) -> bool:
    """Take or renew the lease `name`; False while another holder's lease has not expired."""
    now = timezone.now()
    # A single conditional UPDATE is atomic on both databases: no read-then-write race.
    taken = (
        Lease.objects.filter(name=name)
        .filter(Q(expires_at__lt=now) | Q(holder=holder))
        .update(holder=holder, expires_at=now + ttl)
    )
    if taken:
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=now + ttl)
        return True
    except IntegrityError:
        return False


def release_lease(name: str, holder: str = PROCESS_IDENTITY) -> None:
    Lease.objects.filter(name=name, holder=holder).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
