"""The layering holds: import-linter contracts from pyproject.toml, and the public API."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold_when_linted() -> None:
    exe = shutil.which("lint-imports")
    assert exe, "import-linter is a test dependency: pip install -e '.[test]'"
    result = subprocess.run(
        [exe], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_public_api_is_sorted_and_importable_when_package_loads() -> None:
    import switchboard

    assert switchboard.__all__ == sorted(switchboard.__all__)
    for name in switchboard.__all__:
        assert hasattr(switchboard, name), name
    assert switchboard.__version__
