"""Issue 21: installs that still work next year. pyproject.toml keeps bounded ranges,
requirements/*.txt pin exact versions with hashes inside those ranges, and a
deprecation warning fails the suite."""

import re
import tomllib
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(?:;\s*(.*?))?\s*\\?$")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _declared() -> list[Requirement]:
    project = _pyproject()["project"]
    extras = project.get("optional-dependencies", {}).values()
    return [Requirement(line) for line in project["dependencies"]] + [
        Requirement(line) for group in extras for line in group
    ]


def _pins(name: str) -> dict[str, list[tuple[Version, str | None, int]]]:
    """{package: [(version, marker, number of hashes)]}: a package may be pinned twice,
    for different Pythons (the lock is universal)."""
    pins: dict[str, list[tuple[Version, str | None, int]]] = {}
    current = None
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        if match := PIN.match(line):
            package, version, marker = match.groups()
            current = [Version(version), marker, 0]
            pins.setdefault(canonicalize_name(package), []).append(current)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            current[2] += 1
    return {name: [tuple(pin) for pin in versions] for name, versions in pins.items()}


def test_every_dependency_has_a_lower_and_an_upper_bound():
    build = [Requirement(line) for line in _pyproject()["build-system"]["requires"]]
    for requirement in _declared() + build:
        operators = {spec.operator for spec in requirement.specifier}
        assert ">=" in operators and "<" in operators, str(requirement)


def test_the_lock_pins_every_declared_dependency_inside_its_range_with_hashes():
    dev = _pins("dev.txt")
    for requirement in _declared():
        versions = dev.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements/dev.txt: make lock"
        for version, _marker, hashes in versions:
            assert version in requirement.specifier, f"{requirement.name} {version}"
            assert hashes >= 1, requirement.name
    for package in ("pip", "setuptools", "uv", "pip-audit"):
        assert package in dev, package


def test_production_lock_has_the_versions_the_suite_tested():
    dev, base = _pins("dev.txt"), _pins("base.txt")
    runtime = {
        canonicalize_name(r.name)
        for r in map(Requirement, _pyproject()["project"]["dependencies"])
    }
    assert runtime <= base.keys()
    assert not {"pytest", "playwright", "ruff", "uv"} & base.keys()
    for package, versions in base.items():
        assert [v for v, _m, _h in versions] == [v for v, _m, _h in dev[package]], (
            package
        )


def test_the_locked_pip_installed_first_is_the_one_of_the_lock():
    """scripts/install.sh and docs/deploy.md install requirements/pip.txt before the
    lock: a virtualenv's bundled pip (23.2 here) refused weasyprint's
    `fonttools[woff]>=4.59.2` in hash-checking mode once fonttools 4.69.1 was on PyPI,
    although the lock pins 4.68.0; the locked pip resolves it."""
    first = _pins("pip.txt")
    assert list(first) == ["pip"]
    assert first["pip"] == _pins("dev.txt")["pip"] == _pins("base.txt")["pip"]
    assert first["pip"][0][0] >= Version("24")
    assert first["pip"][0][2] >= 1  # hashes
    assert "requirements/pip.txt" in (ROOT / "docs" / "deploy.md").read_text()


def test_the_licence_is_an_spdx_expression():
    assert _pyproject()["project"]["license"] == "AGPL-3.0-or-later"


def test_a_deprecation_warning_fails_the_suite():
    for category in (DeprecationWarning, PendingDeprecationWarning):
        with pytest.raises(category):
            warnings.warn("going away", category, stacklevel=1)
