#!/usr/bin/env python
"""Translation catalogues, one per app (teixit/<app>/locale/{ca,es}/LC_MESSAGES).

    python scripts/messages.py update [APP…]   # makemessages (every app, or some)
    python scripts/messages.py compile   # compilemessages
    python scripts/messages.py check     # fail if msgids are out of date or
                                         # Catalan/Spanish have untranslated
                                         # or fuzzy entries

Message ids are English; English needs no catalogue.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ["ca", "es"]
PYTHON = sys.executable


def apps() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "teixit").glob("*/apps.py"))


def run_makemessages(app: Path) -> None:
    (app / "locale").mkdir(exist_ok=True)
    args = [
        PYTHON,
        str(ROOT / "manage.py"),
        "makemessages",
        "--no-location",
        "--no-obsolete",
    ]
    for lang in LANGS:
        args += ["-l", lang]
    for domain in ("django",):
        subprocess.run(
            # admin_templates/: Django's admin templates, copied in part (their
            # messages are Django's, translated by Django's catalogue).
            args
            + ["-d", domain, "--ignore", "tests/*", "--ignore", "static/vendor/*"]
            + ["--ignore", "admin_templates/*"],
            cwd=app,
            check=True,
            stdout=subprocess.DEVNULL,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "PYTHONPATH": str(ROOT),
            },
        )


def normalise(text: str) -> str:
    return re.sub(r'"POT-Creation-Date: .*\\n"\n', "", text)


def update(only: list[str]) -> None:
    for app in apps():
        if not only or app.name in only:
            run_makemessages(app)


def compile_(only: list[str] | None = None) -> None:
    if shutil.which("msgfmt") is None:
        print(
            "msgfmt (gettext) is missing: translations are not compiled.",
            file=sys.stderr,
        )
        return
    for app in apps():
        if only and app.name not in only:
            continue
        for lang in LANGS:
            po = app / "locale" / lang / "LC_MESSAGES" / "django.po"
            if po.exists():
                mo = po.with_suffix(".mo")
                if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                    subprocess.run(
                        ["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True
                    )


def stats(po: Path) -> tuple[int, int, int]:
    out = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LC_ALL": "C"},
    ).stderr

    def count(word):
        m = re.search(r"(\d+) " + word, out)
        return int(m.group(1)) if m else 0

    return count("translated"), count("fuzzy"), count("untranslated")


def check(only: list[str] | None = None) -> int:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        saved = {}
        for app in apps():
            for lang in LANGS:
                po = app / "locale" / lang / "LC_MESSAGES" / "django.po"
                if po.exists():
                    saved[po] = po.read_text(encoding="utf-8")
        try:
            for app in apps():
                if only and app.name not in only:
                    continue
                run_makemessages(app)
                for lang in LANGS:
                    po = app / "locale" / lang / "LC_MESSAGES" / "django.po"
                    rel = po.relative_to(ROOT)
                    if not po.exists():
                        continue
                    new = po.read_text(encoding="utf-8")
                    if po not in saved:
                        if '\nmsgid "' in new.split('msgstr ""', 1)[1]:
                            problems.append(
                                f"{rel}: catalogue missing (run `make messages`)"
                            )
                        continue
                    if normalise(new) != normalise(saved[po]):
                        problems.append(
                            f"{rel}: out of date with the code (run `make messages` and translate)"
                        )
                    _, fuzzy, untranslated = stats(po)
                    if fuzzy or untranslated:
                        problems.append(
                            f"{rel}: {untranslated} untranslated, {fuzzy} fuzzy"
                        )
        finally:
            for po, text in saved.items():
                po.write_text(text, encoding="utf-8")
            for app in apps():
                for lang in LANGS:
                    po = app / "locale" / lang / "LC_MESSAGES" / "django.po"
                    if po.exists() and po not in saved:
                        po.unlink()
        del tmp
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Translation check failed.", file=sys.stderr)
        return 1
    print("Translation catalogues complete (ca, es).")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    only = sys.argv[2:]  # app names, e.g. `messages.py update workplans`
    if command == "update":
        update(only)
    elif command == "compile":
        compile_(only)
    elif command == "check":
        sys.exit(check(only))
    else:
        sys.exit(__doc__)
