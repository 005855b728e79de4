"""The seam: feature apps plug in through Kabar's declared hooks and the pages' slots, nothing else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.checks import run_checks
from wagtail import hooks as wagtail_hooks
from wagtail.models import GroupPagePermission

from kabar.core import hooks, roles
from kabar.core.roles import Role, RoleRights
from kabar.delivery import slots
from tests import factories

KABAR = Path(__file__).resolve().parents[2] / "kabar"
# Below the feature apps: what they may fill, but never name.
LOWER_APPS = ("core", "delivery", "operations", "people", "sources", "articles")
FEATURE_APPS = tuple(settings.FEATURE_APPS)


def hook_errors() -> list:
    return [message for message in run_checks() if message.id in {"core.E010", "core.E011"}]


def test_every_hook_the_apps_register_is_declared_and_callable_as_declared():
    assert hook_errors() == []


def test_a_hook_that_is_not_declared_is_refused_by_the_check():
    def stray() -> list:
        return []

    with wagtail_hooks.register_temporarily("kabar_periodic_job", stray):
        errors = hook_errors()
    assert [error.id for error in errors] == ["core.E010"]
    assert "kabar_periodic_job" in errors[0].msg


def test_a_function_that_cannot_be_called_as_the_hook_calls_it_is_refused():
    def forget_without_choice(user):  # the hook passes remove_comments= too
        return None

    with wagtail_hooks.register_temporarily(hooks.FORGET_READER, forget_without_choice):
        errors = hook_errors()
    assert [error.id for error in errors] == ["core.E011"]
    assert "forget_without_choice" in errors[0].msg and "remove_comments" in errors[0].msg


def test_a_hook_giving_the_wrong_kind_of_value_is_a_clear_error():
    with (
        wagtail_hooks.register_temporarily(hooks.PERIODIC_JOBS, lambda: [("kabar.x.y", 60)]),
        pytest.raises(TypeError, match="PeriodicJob"),
    ):
        hooks.periodic_jobs()


def test_every_periodic_job_names_a_function_that_exists():
    from django.utils.module_loading import import_string

    jobs = hooks.periodic_jobs()
    assert {job.path.split(".")[1] for job in jobs} >= {"newsroom", "wire", "alerts", "membership", "ads", "articles"}
    for job in jobs:
        assert callable(import_string(job.path)), job.path
    assert len({job.path for job in jobs}) == len(jobs)


def test_the_apps_that_count_in_memory_flush_at_exit():
    from kabar.ads.services import flush_ad_counts
    from kabar.articles.services import flush_page_views

    assert {flush_page_views, flush_ad_counts} <= set(hooks.functions(hooks.EXIT_FLUSH))


def test_one_failing_exit_flush_does_not_keep_the_others_from_writing(caplog):
    written = []

    def failing() -> None:
        raise RuntimeError("the database is away")

    with (
        wagtail_hooks.register_temporarily(hooks.EXIT_FLUSH, failing, order=-1),
        wagtail_hooks.register_temporarily(hooks.EXIT_FLUSH, lambda: written.append(True)),
    ):
        hooks.run_exit_flushes()
    assert written == [True]
    assert "exit flush" in caplog.text


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_role_gets_the_rights_every_installed_app_declares():
    def rights(app_label: str, codenames: list[str]) -> set[str]:
        return {f"{app_label}.{codename}" for codename in codenames}

    groups = {group.name: group for group in Group.objects.prefetch_related("permissions__content_type")}
    assert set(Role) <= set(groups)
    held = {
        name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for name, group in groups.items()
    }
    for role, declared in roles.declared_rights().items():
        for part in declared:
            assert set(part.permissions) <= held[role.value], (role, part)
    # Whole-site page rights on the home page: Redaktur publishes, Penulis does not.
    home = factories.home()
    page_rights = {
        (p.group.name, p.permission.codename) for p in GroupPagePermission.objects.filter(page=home).select_related()
    }
    assert (Role.EDITOR, "publish_page") in page_rights
    assert (Role.WRITER, "add_page") in page_rights
    assert (Role.WRITER, "publish_page") not in page_rights


@pytest.mark.django_db
def test_a_right_an_app_declares_later_reaches_the_existing_group():
    moderators = Group.objects.get(name=Role.MODERATOR)
    assert not moderators.permissions.filter(codename="view_person").exists()
    extra = RoleRights(Role.MODERATOR, permissions=("people.view_person",))
    with wagtail_hooks.register_temporarily(hooks.ROLE_RIGHTS, lambda: [extra]):
        roles.apply_role_rights()
    assert moderators.permissions.filter(codename="view_person").exists()


@pytest.mark.django_db
def test_a_right_naming_a_permission_that_does_not_exist_is_a_clear_error():
    wrong = RoleRights(Role.EDITOR, permissions=("comments.moderate_everything",))
    with (
        wagtail_hooks.register_temporarily(hooks.ROLE_RIGHTS, lambda: [wrong]),
        pytest.raises(LookupError, match=r"comments\.moderate_everything"),
    ):
        roles.apply_role_rights()


def test_no_app_types_a_staff_group_s_name():
    """Role names are written once, in kabar/core/roles.py; apps say Role.EDITOR."""
    names = {role.value for role in Role}
    offenders = []
    for path in KABAR.rglob("*.py"):
        if "migrations" in path.parts or path.name == "roles.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in names:
                offenders.append(f"{path.relative_to(KABAR)}:{node.lineno}: {node.value!r}")
    assert offenders == []


# --- slots --------------------------------------------------------------------------------------


def test_a_filler_for_a_slot_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="no slot 'header'"):
        slots.Filler("header", lambda slot: "")


@pytest.mark.django_db
def test_fillers_of_one_slot_render_in_their_order(rf):
    first = slots.Filler("page_end", lambda slot: "<i>pertama</i>", order=-100)
    last = slots.Filler("page_end", lambda slot: "<i>terakhir</i>", order=1000)
    slots.add(last)
    slots.add(first)
    try:
        html = str(slots.render("page_end", rf.get("/"), {}))
    finally:
        slots.remove(first)
        slots.remove(last)
    assert html.startswith("<i>pertama</i>") and html.endswith("<i>terakhir</i>")


def templates_of(app: str) -> list[Path]:
    return sorted((KABAR / app / "templates").rglob("*.html"))


def test_no_core_or_content_template_names_a_feature_app():
    """Only a slot lets a feature app onto a page: no URL namespace, static folder or template of one."""
    names = "|".join(FEATURE_APPS)
    prefixes = "akun|komentar|push|kabarplus|iklan"  # the feature apps' URL prefixes
    feature = re.compile(
        rf"""(url ["'](?:{names}):|static ["'](?:{names})/|include ["'](?:{names})/|/(?:{prefixes})/)"""
    )
    offenders = []
    for path in [*sorted((KABAR / "templates").rglob("*.html")), *(p for a in LOWER_APPS for p in templates_of(a))]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if feature.search(line):
                offenders.append(f"{path.relative_to(KABAR)}:{number}: {feature.search(line).group(0)}")
    assert offenders == []


def test_every_feature_app_is_installed_here():
    """The removal test (test_feature_apps_removable.py) takes out each of these; keep the list whole."""
    installed = {config.label for config in apps.get_app_configs() if config.name.startswith("kabar.")}
    assert set(FEATURE_APPS) <= installed
    assert installed - set(FEATURE_APPS) - set(LOWER_APPS) == {"demo"}


def test_the_architecture_document_lists_every_hook_and_slot_the_code_declares():
    """docs/architecture.md's two tables are the developers' map: they must match the code."""
    text = (KABAR.parent / "docs" / "architecture.md").read_text()
    hooks_section = text.split("### Hooks:", 1)[1].split("### Slots:", 1)[0]
    slots_section = text.split("### Slots:", 1)[1].split("### Files you will touch", 1)[0]
    row = re.compile(r"^\| `([a-z_]+)` \|", re.MULTILINE)
    hooks_listed, slots_listed = set(row.findall(hooks_section)), set(row.findall(slots_section))
    assert hooks_listed == set(hooks.DECLARED)
    assert slots_listed == set(slots.SLOTS)
