"""Browser-test fixtures: a Chromium per session, a page that reaches only localhost, screenshots on failure."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser_support import ARTIFACTS, CHROMIUM_ARGS, LOCAL_HOSTS, chromium


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    path = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A page that may reach only this machine and fails the test on any dialog (alert, confirm…)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1150})
    pg = context.new_page()
    dialogs: list[str] = []
    blocked: list[str] = []

    def route(r):
        if urlparse(r.request.url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.blocked = blocked
    yield pg
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not dialogs, f"the page opened dialog(s): {dialogs}"
