"""The Sources page through streamlit's AppTest, on a temporary GEO_DB (the models load once per process)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "1_Sources.py")
KHARKIV = ("Frappe de drones sur Kharkiv\n\nUne frappe de drones russes a touché Kharkiv dans la nuit de lundi, "
           "selon les autorités locales.")


def unmd(text: str) -> str:
    """Undo geo.ui.sources.plain's markdown escaping, to compare with what the reader sees."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("sources") / "events.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GEO_DB", str(path))
        mp.syspath_prepend(str(ROOT))  # `streamlit run dashboard.py` puts the repo root on sys.path
        import app_state

        app_state.store.clear()  # keep the cached pipeline; open the store at this GEO_DB
        yield path
        app_state.store.clear()


@pytest.fixture
def app(db_path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def paste(at, text: str, **fields):
    at.text_area(key="paste_text").input(text)
    for name, value in fields.items():
        at.text_input(key=f"paste_{name}").input(value)
    next(b for b in at.button if b.label == "Parse and add").click()
    at.run()
    assert not at.exception, at.exception
    return at


def listed(at) -> dict[str, int]:
    table = at.dataframe[0].value
    return dict(zip(table["title"], table["events"]))


def test_page_lists_the_store_articles(app, db_path):
    from geo.store.db import Store

    with Store(db_path) as store:
        expected = {a["title"]: a["events"] for a in store.articles()}
    assert expected and listed(app) == expected  # the empty store was filled with the demo articles
    assert str(db_path) in unmd(app.caption[0].value)


def test_pasted_french_article_is_listed_with_its_event(app):
    paste(app, KHARKIV, url="https://example.org/kharkiv")
    assert not app.error
    assert any("Added Frappe de drones sur Kharkiv with 1 event" in unmd(s.value) for s in app.success)
    assert listed(app)["Frappe de drones sur Kharkiv"] >= 1


def test_the_same_text_twice_is_reported_as_a_duplicate(app):
    text = "Manifestation à Lyon\n\nDes milliers de personnes ont manifesté samedi à Lyon contre la réforme."
    paste(app, text)
    count = len(app.dataframe[0].value)
    paste(app, text + "\n")  # same text up to whitespace
    assert [unmd(i.value) for i in app.info] == ["Already stored, not added again: Manifestation à Lyon"]
    assert not app.success and len(app.dataframe[0].value) == count


def test_empty_paste_shows_an_error_and_stores_nothing(app):
    count = len(app.dataframe[0].value)
    paste(app, "   \n  ")
    assert [unmd(e.value) for e in app.error] == ["pasted text: empty: no text to parse"]
    assert len(app.dataframe[0].value) == count


def test_bad_url_is_refused_before_parsing(app):
    paste(app, "Frappe sur Odessa ce matin.", url="javascript:alert(1)")
    assert "not a web address" in unmd(app.error[0].value)
    assert "Frappe sur Odessa ce matin." not in listed(app)


def test_article_text_is_never_rendered_as_html_or_markdown(app):
    evil = "<img src=x onerror=alert(1)> [lien](https://evil.example) **gras**"
    paste(app, evil + "\n\nUne frappe a touché Kharkiv mardi, selon la mairie.")
    assert evil in listed(app)  # shown as data in the table
    shown = [*app.success, *app.info, *app.error, *app.warning, *app.markdown, *app.caption]
    assert any("<img src=x" in unmd(e.value) for e in app.success)  # the title, as literal text
    for element in shown:
        assert not re.search(r"(?<!\\)[<>\[\]*`]", element.value), element.value  # all markdown escaped
        assert not getattr(element.proto, "allow_html", False)


def test_delete_asks_for_confirmation_then_removes_article_and_events(app, db_path):
    from geo.store.db import Store

    text = "Sommet à Genève\n\nLes ministres se sont réunis mardi à Genève pour des pourparlers de paix."
    paste(app, text)
    with Store(db_path) as store:
        (article,) = [a for a in store.articles() if a["title"] == "Sommet à Genève"]
    app.selectbox(key="delete_choice").select(article["id"]).run()
    app.button(key="delete_ask").click().run()
    assert "Sommet à Genève" in unmd(app.warning[0].value) and "Sommet à Genève" in listed(app)
    app.button(key="delete_cancel").click().run()
    assert not app.warning and "Sommet à Genève" in listed(app)

    app.selectbox(key="delete_choice").select(article["id"]).run()
    app.button(key="delete_ask").click().run()
    app.button(key="delete_confirm").click().run()
    assert not app.exception
    assert "Sommet à Genève" not in listed(app)
    assert any(unmd(s.value).startswith("Deleted Sommet à Genève") for s in app.success)
    with Store(db_path) as store:
        assert store.article(article["id"]) is None and store.events(article_id=article["id"]) == []



def test_the_page_speaks_french_from_the_link(db_path):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Sources" and at.subheader[0].value == "Articles"
    assert [t.label for t in at.tabs] == ["Coller un texte", "Envoyer des fichiers", "Depuis une page web", "Flux"]
    assert "base :" in unmd(at.caption[0].value)
