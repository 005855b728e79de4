"""The newsroom's alert screens in Wagtail's admin: "Kirim notifikasi" from an article, the list
of alerts, and one alert's progress with the text to paste into the WhatsApp Channel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabar.alerts import queries, services
from kabar.alerts.forms import AlertForm
from kabar.alerts.models import Alert
from kabar.articles.models import ArticlePage

LIST_PAGE_SIZE = 30


def can_send_alert(user: object, article: ArticlePage) -> bool:
    """Redaktur and Admin, and only on articles they may publish."""
    return services.may_send_alerts(user, article)


def compose(request: HttpRequest, page_id: int) -> HttpResponse:
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not can_send_alert(request.user, article):
        raise PermissionDenied
    live = queries.pushable_article(article.pk) is not None
    # The form is filled from the newest revision: the title being published, not an old one.
    latest = article.get_latest_revision_as_object()
    if request.method == "POST":
        form = AlertForm(request.POST, article_live=live)
        if form.is_valid():
            data = form.cleaned_data
            try:
                alert, created = services.compose_alert(
                    article,
                    title=data["title"],
                    text=data["text"],
                    topics=data["topics"],
                    is_breaking=data["is_breaking"],
                    banner_hours=data.get("banner_hours") or 0,
                    send_when_published=bool(data.get("send_when_published")),
                    idempotency_key=data["idempotency_key"],
                    user=request.user,
                    extra_channels=data["extra_channels"],
                )
            except services.AlertError as error:
                form.add_error(None, str(error))
            else:
                if not created:
                    messages.info(request, _("This alert was already sent; here is how it is going."))
                elif alert.status == Alert.Status.WAITING:
                    messages.success(request, _("The alert will go out when the article is published."))
                else:
                    messages.success(request, _("The alert is on its way."))
                return redirect("alerts_detail", alert.pk)
    else:
        form = AlertForm(
            article_live=live,
            initial={
                "title": latest.title,
                "text": services.default_text(latest),
                "topics": services.default_topics(latest),
                "banner_hours": 2,
            },
        )
    return TemplateResponse(
        request,
        "alerts/admin/compose.html",
        {
            "form": form,
            "article": article,
            "live": live,
            "recent": queries.recent_alerts_for_article(article.pk),
            "subscribers": queries.subscriber_counts(),
            "header_title": _("Send a notification"),
            "page_title": _("Send a notification"),
            "header_icon": "mail",
        },
    )


def _require_view(request: HttpRequest) -> None:
    if not request.user.has_perm("alerts.view_alert"):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    page = Paginator(queries.recent_alerts(), LIST_PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "alerts/admin/index.html",
        {
            "page": page,
            "labels": queries.topic_labels(),
            "header_title": _("Notifications"),
            "page_title": _("Notifications"),
            "header_icon": "mail",
        },
    )


def detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    _require_view(request)
    alert = get_object_or_404(Alert.objects.select_related("article", "created_by"), pk=alert_id)
    progress = queries.alert_progress(alert)
    labels = queries.topic_labels(alert.topics)
    channel_labels = {channel.name: channel.label for channel in services.breaking_news_channels()}
    return TemplateResponse(
        request,
        "alerts/admin/detail.html",
        {
            "alert": alert,
            "progress": progress,
            "errors": queries.delivery_errors(alert),
            "topic_labels": [labels.get(key, key) for key in alert.topics],
            "channels": [channel_labels.get(name, name) for name in alert.extra_channels],
            "whatsapp_text": queries.whatsapp_text(alert),
            "can_cancel": request.user.has_perm(services.CANCEL_ALERTS)
            and alert.status in {Alert.Status.WAITING, Alert.Status.QUEUED, Alert.Status.SENDING},
            # The page reloads itself while the worker is still sending (no JavaScript needed).
            "refresh": alert.is_active,
            "header_title": alert.title,
            "page_title": _("Notification"),
            "header_icon": "mail",
        },
    )


@require_POST
def cancel(request: HttpRequest, alert_id: int) -> HttpResponse:
    if not request.user.has_perm(services.CANCEL_ALERTS):
        raise PermissionDenied
    alert = get_object_or_404(Alert, pk=alert_id)
    if services.cancel_alert(alert):
        messages.success(request, _("The alert was stopped. Nothing more will be sent."))
    return redirect("alerts_detail", alert.pk)
