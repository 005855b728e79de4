"""The newsletters' models, one module per part: who subscribes to what (subscribers), what the newsroom
sends to whom (editions), and what became of each mail (events)."""

from kabar.newsletters.models.editions import *  # noqa: F403
from kabar.newsletters.models.events import *  # noqa: F403
from kabar.newsletters.models.subscribers import *  # noqa: F403
