from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def set_up_moderation(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from kabar.comments.services import ensure_moderators

    ensure_moderators()


class CommentsConfig(AppConfig):
    name = "kabar.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        # After every migrate (and after tests flush the database): the Moderator group and its rights.
        post_migrate.connect(set_up_moderation, sender=self, dispatch_uid="kabar.comments.setup")
