"""Alert channels behind one interface (base.Channel): the ways an alert leaves Kabar.

CHANNELS lists them, in the order each round of a send serves them. Adding one, say Telegram, is
a module with a Channel subclass (its recipients, its delivery rows, its message, its send) and
its dotted path here: nothing in the delivery engine changes.

One line rather than none, on purpose. A class registering itself when it is defined only
registers once something imports its module, so self-registration needs that import somewhere
(this line again, hidden) or a scan of the package, which would also switch on a half-finished
module, and a test's stand-in channel for every later test in the same process. Dotted paths are
imported when first asked for, so channel modules may use the models and queries freely.
"""

from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string

from kabar.alerts.channels.base import (
    Channel,
    ChannelError,
    Outcome,
    Recipient,
    UnknownChannel,
    outcome_for_status,
    parse_retry_after,
)

__all__ = [
    "CHANNELS",
    "Channel",
    "ChannelError",
    "Outcome",
    "Recipient",
    "UnknownChannel",
    "channel",
    "channel_classes",
    "outcome_for_status",
    "parse_retry_after",
    "registered_channels",
]

CHANNELS: tuple[str, ...] = (
    # The publication's bots first: a few posts that their WhatsApp and Telegram channels relay to
    # everyone should not wait behind 100,000 browsers.
    "kabar.alerts.channels.webhook.WebhookChannel",
    "kabar.alerts.channels.webpush.WebPushChannel",
)


def channel_classes() -> list[type[Channel[Any]]]:
    """The classes CHANNELS names, checked; ChannelError when one cannot be used as declared."""
    classes: list[type[Channel[Any]]] = []
    for path in CHANNELS:
        try:
            cls = import_string(path)
        except ImportError as error:
            raise ChannelError(f"alert channel {path!r} cannot be imported: {error}") from error
        if not (isinstance(cls, type) and issubclass(cls, Channel)):
            raise ChannelError(f"{path!r} is not an alert Channel")
        cls.check()
        for other in classes:
            if other.name == cls.name:
                raise ChannelError(f"two alert channels are named {cls.name!r}")
            # Two channels on one table would claim each other's rows.
            if other.delivery_model is cls.delivery_model:
                raise ChannelError(f"channels {other.name!r} and {cls.name!r} share their delivery rows")
        classes.append(cls)
    return classes


def registered_channels() -> list[Channel[Any]]:
    """One fresh instance of every channel Kabar delivers to, in CHANNELS order."""
    return [cls() for cls in channel_classes()]


def channel(name: str) -> Channel[Any]:
    """The registered channel called `name`; UnknownChannel when there is none."""
    for cls in channel_classes():
        if cls.name == name:
            return cls()
    raise UnknownChannel(f"no alert channel is named {name!r}")
