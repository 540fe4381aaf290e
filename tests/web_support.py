"""Helpers for the web tests: a live `hzdsl serve` application on a free local port, and headless
Chromium driven by Selenium (skipped locally when absent; a failure under CI=true)."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager

import pytest

SCREENS = os.environ.get("HZDSL_SCREENS", "/work/screens")


@contextmanager
def live_server(loaded, max_body: int | None = None):
    """Serve `loaded` on 127.0.0.1 at a free port in a thread; yields the base URL; stops it after."""
    import uvicorn

    from hzdsl.web.app import MAX_BODY, create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(loaded, max_body or MAX_BODY), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("hzdsl serve did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def _find(*names: str) -> str | None:
    for n in names:
        found = shutil.which(n) or (n if os.path.isfile(n) else None)
        if found:
            return found
    return None


@contextmanager
def chromium(width: int = 1200, height: int = 900):
    """A headless Chromium WebDriver. Absent Chromium: skip locally, fail under CI=true."""
    browser = _find("chromium", "chromium-browser", "/usr/bin/chromium")
    driver_bin = _find("chromedriver", "/usr/bin/chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        browser = None
    if not browser or not driver_bin:
        msg = "headless Chromium / chromedriver / selenium not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(msg + " — required under CI")
        pytest.skip(msg)
    opts = Options()
    opts.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=zh-CN"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_bin), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver, name: str) -> str | None:
    """Save a screenshot under $HZDSL_SCREENS (default /work/screens) when that folder can be made."""
    try:
        os.makedirs(SCREENS, exist_ok=True)
    except OSError:
        return None
    path = os.path.join(SCREENS, name)
    driver.save_screenshot(path)
    return path
