"""Create the project's virtual environment with pip, even where Python's ``ensurepip`` is missing.

Debian's ``python3`` package ships the ``venv`` module but not ``ensurepip`` (that is in ``python3-venv``),
so ``python3 -m venv .venv`` fails there. This script (standard library only) creates the environment with
pip when it can; otherwise it creates it without pip, downloads the current pip wheel from PyPI and installs
pip into the environment from that wheel.

    python3 tools/bootstrap_venv.py .venv [--no-ensurepip]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

PYPI_JSON = "https://pypi.org/pypi/pip/json"


def _python(env_dir: Path) -> Path:
    scripts = "Scripts" if sys.platform == "win32" else "bin"
    exe = "python.exe" if sys.platform == "win32" else "python"
    return env_dir / scripts / exe


def _install_pip_from_pypi(python: Path) -> None:
    with urllib.request.urlopen(PYPI_JSON, timeout=60) as resp:
        meta = json.load(resp)
    wheel = next(f for f in meta["urls"] if f["packagetype"] == "bdist_wheel")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        with urllib.request.urlopen(urllib.parse.urljoin(PYPI_JSON, wheel["url"]), timeout=120) as resp:
            data = resp.read()
        if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
            raise SystemExit(f"downloaded {wheel['filename']} does not match its published sha256; try again")
        path.write_bytes(data)
        # a pip wheel can run itself: python pip-X.whl/pip install pip-X.whl
        subprocess.run([str(python), str(path / "pip"), "install", "--no-index", str(path)], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("env_dir", type=Path)
    ap.add_argument("--no-ensurepip", action="store_true", help="skip ensurepip (test the fallback)")
    args = ap.parse_args()
    if not args.no_ensurepip:
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(args.env_dir)
            print(f"created {args.env_dir} with pip from ensurepip")
            return
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"ensurepip is not available ({exc}); installing pip from PyPI instead", file=sys.stderr)
    venv.EnvBuilder(with_pip=False, clear=True).create(args.env_dir)
    _install_pip_from_pypi(_python(args.env_dir))
    print(f"created {args.env_dir} with pip from PyPI")


if __name__ == "__main__":
    main()
