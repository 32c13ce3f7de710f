"""The web page's screenshots in README (docs/screenshots/), taken from a real `drafter
serve` in Chromium: `make screenshots` after changing the page.

Each picture is one state a person meets: the empty form, a problem, a preview with a
state-law warning, one paper at a time, Check your answers, and what a download held.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
DESKTOP, PHONE = (1280, 860), (390, 844)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fill(page, name="Ithaca", state="New York") -> None:
    page.fill("#name", name)
    page.select_option("#state", state)
    page.fill("#oversight_entity", "the Community Police Board")


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "drafter", "serve", "--port", str(port)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 headless=True, args=["--no-sandbox"])

            def page_at(size):
                return browser.new_page(viewport={"width": size[0], "height": size[1]},
                                        accept_downloads=True)

            page = page_at(DESKTOP)                        # 1. the form as it opens
            page.goto(url)
            page.screenshot(path=OUT / "form-desktop.png")

            page = page_at(PHONE)                          # 2. a problem, on a phone
            page.goto(url)
            page.select_option("#state", "New York")
            page.click("#draft-button")
            page.wait_for_selector("#error-summary")
            page.screenshot(path=OUT / "problem-phone.png")

            page = page_at(DESKTOP)                        # 3. a preview and its warning
            page.goto(url)
            fill(page, "Pecan Springs", "Texas")
            page.click("#preview-button")
            page.wait_for_selector("#warnings .warning")
            page.locator("#preview-heading").scroll_into_view_if_needed()
            page.screenshot(path=OUT / "preview-desktop.png")

            page = page_at(PHONE)                          # 4. one paper, in Spanish
            page.goto(url + "?paper=petition&lang=es")
            page.screenshot(path=OUT / "one-paper-es-phone.png")

            fill(page)                                     # 5. Check your answers
            page.click("#check-button")
            page.wait_for_selector(".check-answers")
            page.screenshot(path=OUT / "check-es-phone.png")

            page = page_at(DESKTOP)                        # 6. what the packet held
            page.goto(url)
            fill(page)
            page.check("#document-petition")
            with page.expect_download(timeout=120000):
                page.click("#packet-button")
            page.wait_for_selector("#download-status li")
            page.locator("#download-status").scroll_into_view_if_needed()
            page.screenshot(path=OUT / "downloaded-desktop.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for picture in sorted(OUT.glob("*.png")):
        print(f"wrote {picture.relative_to(ROOT)} ({picture.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
