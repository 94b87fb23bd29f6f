#!/usr/bin/env python
"""Screenshots of the main pages at 1280×800 and 390×844, for docs/screenshots/.

Builds a throw-away site (a temporary SQLite database, `migrate` and
`setup_demo`, as on a bare clone), serves it with `runserver` on 127.0.0.1
(port 8140 unless --port), and photographs each page with Playwright in
Chromium, as a visitor and as the demo's secretariat person where the page
is personal. Tiles are blocked (no request leaves the machine): the map shows
the platform's own geography. Everything is removed afterwards.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--port 8140]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("TEIXIT_CHROMIUM", "/usr/bin/chromium")
SIZES = {"desktop": (1280, 800), "mobile": (390, 844)}
PAGES = [
    ("home", "/", None),
    ("map", "/map/", None),
    ("plan", "/plan/", None),
    ("practices", "/practices/", None),
    ("agenda", "/events/", None),
    ("glossary", "/glossary/", None),
    ("search", "/search/?q=cooperativa", None),
    ("my-work", "/", "staff"),
]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the site did not answer at {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--port", type=int, default=8140)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix="teixit-shots-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "TEIXIT_SHARED_DATA": str(tmp / "no-shared-data"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    server = None
    try:
        for command in (["migrate", "--noinput"], ["setup_demo"]):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True)
        password = "screenshots-only-" + os.urandom(4).hex()
        subprocess.run(
            manage
            + [
                "shell",
                "-c",
                "from teixit.accounts.models import User\n"
                "u = User.objects.filter(is_superuser=True).first() or "
                "User.objects.create_superuser(email='captures@example.org', "
                f"password='{password}')\n"
                f"u.set_password('{password}'); u.save()\n"
                "print(u.email)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        email = subprocess.run(
            manage
            + [
                "shell",
                "-c",
                "from teixit.accounts.models import User\n"
                "print(User.objects.filter(is_superuser=True).first().email)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            manage
            + ["runserver", f"127.0.0.1:{args.port}", "--noreload", "--insecure"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(base + "/")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            for size_name, (width, height) in SIZES.items():
                for who in (None, "staff"):
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, locale="ca-ES"
                    )
                    page = context.new_page()
                    page.route(
                        lambda url: not url.startswith(base),
                        lambda route: route.abort(),
                    )
                    if who:
                        page.goto(base + "/accounts/login/")
                        page.fill("input[name=username]", email)
                        page.fill("input[name=password]", password)
                        page.click("form.stacked button[type=submit]")
                        page.wait_for_load_state("networkidle")
                    for name, path, needs in PAGES:
                        if needs != who:
                            continue
                        page.goto(base + path, wait_until="networkidle")
                        target = out / f"{name}-{size_name}.png"
                        page.screenshot(path=str(target))
                        print(target.relative_to(ROOT))
                    context.close()
            browser.close()
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
