"""The README's picture: `make screenshot` opens the dashboard on the demo articles in Debian's Chromium at
1920×1080 (only localhost reachable) and writes docs/screenshot.png (or the path given)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests" / "browser")]

from browser_support import CHROMIUM_ARGS, LOCAL_HOSTS, Server, chromium  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def shoot(out: Path, query: str = "", size: tuple[int, int] = (1920, 1080)) -> None:
    """Start a server on a fresh demo database and save one screenshot of the first view."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp) / "demo.db", Path(tmp) / "streamlit.log")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": size[0], "height": size[1]})
                page.route("**/*", lambda r: r.continue_() if r.request.url.split("/")[2].split(":")[0]
                           in LOCAL_HOSTS else r.abort())
                page.set_default_timeout(240_000)
                page.goto(server.url + query)
                page.wait_for_selector(MAP_FRAME)
                frame = page.query_selector(MAP_FRAME).content_frame()
                frame.wait_for_function("window.map && window.map._loaded && window.feature_group "
                                        "&& window.feature_group.length > 0")
                page.wait_for_timeout(500)
                page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
                page.wait_for_timeout(2500)  # the basemap layers and labels arrive after the markers
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.stop()
    print(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot.png"
    shoot(target, sys.argv[2] if len(sys.argv) > 2 else "")
