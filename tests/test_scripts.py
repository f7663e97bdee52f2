"""scripts/setup.sh's install_if_changed: pip runs on the first start and after a change, never on a repeat.

A stand-in ``.venv/bin/python`` records each call instead of running pip, so these tests install nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .processes import ROOT

FAKE_PYTHON = """#!/bin/sh
if [ "$1" = "-V" ]; then echo "Python 3.11.9"; exit 0; fi
echo "$*" >> "$(dirname "$0")/../../pip-calls.log"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project directory with a pyproject.toml and a .venv whose python only logs its arguments."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "example"\ndependencies = ["django"]\n')
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return tmp_path


def start(project: Path, label: str, *requirements: str) -> str:
    """What scripts/run.sh and scripts/test.sh do first: source setup.sh, then install_if_changed."""
    script = f'set -euo pipefail; . "{ROOT}/scripts/setup.sh"; install_if_changed "$@"'
    out = subprocess.run(
        ["bash", "-c", script, "start", label, *requirements],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout


def installs(project: Path) -> list[str]:
    log = project / "pip-calls.log"
    calls = log.read_text().splitlines() if log.exists() else []
    return [call for call in calls if "--upgrade pip" not in call]


def test_pip_runs_once_for_the_same_requirements(project: Path) -> None:
    start(project, "example", "-e", ".")
    assert installs(project) == ["-m pip install -q --disable-pip-version-check -e ."]
    assert start(project, "example", "-e", ".") == ""
    assert len(installs(project)) == 1  # the second start calls no pip at all
    assert len((project / "pip-calls.log").read_text().splitlines()) == 2  # the first: pip upgrade + install


def test_pip_runs_again_when_pyproject_or_the_requirements_change(project: Path) -> None:
    start(project, "example", "-e", ".")
    start(project, "test", "-e", ".[test]")  # the test toolchain has its own stamp
    start(project, "example", "-e", ".")
    assert installs(project)[1:] == ["-m pip install -q --disable-pip-version-check -e .[test]"]
    (project / "pyproject.toml").write_text(
        '[project]\nname = "example"\ndependencies = ["django", "celery"]\n'
    )
    start(project, "example", "-e", ".")
    start(project, "example", "-e", ".")
    assert len(installs(project)) == 3


def test_a_failed_install_leaves_no_stamp(project: Path) -> None:
    python = project / ".venv" / "bin" / "python"
    python.write_text(FAKE_PYTHON.replace('>> "$(dirname "$0")/../../pip-calls.log"', ">&2; exit 1"))
    with pytest.raises(subprocess.CalledProcessError):
        start(project, "example", "-e", ".")
    assert not (project / ".venv" / ".linebot-install-example").exists()


def test_run_sh_installs_the_example_without_the_test_toolchain() -> None:
    run = (ROOT / "scripts" / "run.sh").read_text()
    # The project with the extras the example uses (the REST API, Redis), never the test toolchain.
    assert (
        'install_if_changed example -e ".[api,redis]"\n' in run
        and "test" not in run.split("install_if_changed")[1]
    )
    setup = (ROOT / "scripts" / "setup.sh").read_text().splitlines()
    pip_lines = [line for line in setup if "pip install" in line and not line.startswith("#")]
    assert pip_lines and all(line.startswith("  ") for line in pip_lines)  # only in install_if_changed's body
