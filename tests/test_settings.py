"""One settings registry: every GEO_* variable the code reads is declared once, and the README lists them all."""

import re
from pathlib import Path

import pytest

from geo import settings
from geo.errors import SettingsError

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"\bGEO_[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def _readme_names() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {name for line in section.splitlines() if line.startswith("| `GEO_") for name in NAME.findall(line)}


def test_the_readme_configuration_table_lists_exactly_the_declared_settings():
    assert _readme_names() == set(settings.SETTINGS)


def test_every_setting_the_code_names_is_declared():
    used = set()
    for path in [*(ROOT / "src").rglob("*.py"), ROOT / "dashboard.py", ROOT / "app_state.py", *(ROOT / "pages").glob("*.py")]:
        used |= set(NAME.findall(path.read_text(encoding="utf-8")))
    # GEO_MODEL_<LANG> is formed from a language code; the declared ones are its instances.
    used = {n for n in used if n != "GEO_MODEL_"}
    assert used <= set(settings.SETTINGS), sorted(used - set(settings.SETTINGS))


@pytest.mark.parametrize("name, raw", [("GEO_FETCH_TIMEOUT", "soon"), ("GEO_FETCH_TIMEOUT", "-1"),
                                       ("GEO_FETCH_MAX_BYTES", "1.5"), ("GEO_ALLOW_PRIVATE_HOSTS", "maybe"),
                                       ("GEO_NOMINATIM_URL", "127.0.0.1:8080"), ("GEO_GEOCODER_MIN_DELAY", "inf")])
def test_a_bad_value_is_refused_naming_the_variable(name, raw):
    with pytest.raises(SettingsError, match=name):
        settings.value(name, {name: raw})


def test_defaults_and_kinds():
    assert settings.value("GEO_GEOCODERS", {}) == ["offline"]
    assert settings.value("GEO_GEOCODERS", {"GEO_GEOCODERS": "Offline, Photon"}) == ["offline", "photon"]
    assert settings.value("GEO_GEOCODER_MIN_DELAY", {"GEO_GEOCODER_MIN_DELAY": "0"}) == 0
    assert settings.value("GEO_FETCH_MAX_BYTES", {}) == 10_000_000
    assert settings.value("GEO_DB", {}) is None
    with pytest.raises(SettingsError, match="GEO_DB"):
        settings.value("GEO_DB", {"GEO_DB": "  "})
