from kabar.articles.services import month_folder
from tests import factories
from tests.browser.conftest import log_in


def test_explore(open_context, artifact):
    section = factories.section("Ekonomi")
    folder = month_folder(section)
    factories.staff("penulis", "Penulis")
    ctx, problems = open_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    log_in(page, "penulis")
    page.goto(f"/admin/pages/add/articles/articlepage/{folder.pk}/")
    page.locator("#id_title").fill("Harga cabai turun")
    page.locator("#id_summary").fill("Ringkasan.")
    page.locator("button.c-sf-add-button").first.click()
    page.wait_for_timeout(500)
    open("/tmp/chooser.html", "w").write(page.locator("body").inner_html())
    page.screenshot(path=artifact("chooser.png"), full_page=False)
    print(page.locator("footer").last.inner_html())
