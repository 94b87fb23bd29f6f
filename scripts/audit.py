"""`make audit`: check the locked dependencies against the known vulnerabilities.

Runs pip-audit on the lock file (requirements/dev.txt, a superset of base.txt) with its
hashes and without pip (nothing is installed or resolved). Known vulnerabilities fail
the run. pip-audit asks an online service: PyPI's JSON API by default, else OSV. When
neither answers from this machine the audit is skipped with a message (exit 0), unless
AUDIT_REQUIRED=1, when that is an error too. A service that answers but does not know a
package also fails (--strict): a dependency that could not be audited is not a pass.
"""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

TIMEOUT = 15
# A release that exists for sure: pip-audit's PyPI service reads the same URL per package.
PYPI_PROBE = "https://pypi.org/pypi/pip/24.0/json"
OSV_PROBE = "https://api.osv.dev/v1/query"


def _answers(request: urllib.request.Request, key: str) -> bool:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status == 200 and key in json.load(response)
    except (OSError, ValueError):
        return False


def pypi_answers() -> bool:
    return _answers(urllib.request.Request(PYPI_PROBE), "vulnerabilities")


def osv_answers() -> bool:
    query = {"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "24.0"}
    request = urllib.request.Request(
        OSV_PROBE,
        data=json.dumps(query).encode(),
        headers={"Content-Type": "application/json"},
    )
    return _answers(request, "vulns")


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements/dev.txt")
    if pypi_answers():
        service = "pypi"
    elif osv_answers():
        service = "osv"
    else:
        print(
            f"Audit skipped: neither PyPI's vulnerability data ({PYPI_PROBE}) nor OSV "
            f"({OSV_PROBE}) answers from this machine, so {lock} was not checked."
        )
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    print(f"Auditing {lock} against the {service} vulnerability service…", flush=True)
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [
        str(pip_audit),
        "--requirement", str(lock),
        "--require-hashes",
        "--disable-pip",
        "--strict",
        "--vulnerability-service", service,
        "--progress-spinner", "off",
    ]  # fmt: skip
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
