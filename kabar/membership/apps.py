from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "kabar.membership"
    label = "membership"
    verbose_name = _("Kabar+ membership")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import post_delete, post_save

        from kabar.membership import checks, receivers
        from kabar.membership.models import Plan

        # The login or logout response is the one that sets or clears the kabar_plus cookie.
        user_logged_in.connect(receivers.sync_cookie_after_login, dispatch_uid="kabar.membership.login")
        user_logged_out.connect(receivers.sync_cookie_after_logout, dispatch_uid="kabar.membership.logout")
        post_save.connect(receivers.plans_changed, sender=Plan, dispatch_uid="kabar.membership.plan_saved")
        post_delete.connect(receivers.plans_changed, sender=Plan, dispatch_uid="kabar.membership.plan_deleted")
        checks.register()
