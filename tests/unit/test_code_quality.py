"""The tree stays lint-clean and strictly typed (STYLE §8): ruff on everything, mypy --strict on src."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_finds_nothing_when_linting_the_tree() -> None:
    exe = shutil.which("ruff")
    assert exe, "ruff is a test dependency: pip install -e '.[test]'"
    result = _run([exe, "check", "src", "tests", "bench"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_when_checking_the_package() -> None:
    result = _run([sys.executable, "-m", "mypy", "-p", "switchboard"])
    assert result.returncode == 0, result.stdout + result.stderr
