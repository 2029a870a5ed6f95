"""README's table of supported operations is generated from the code and must stay true."""

from __future__ import annotations

from pathlib import Path

from switchboard.cli.coverage import coverage_markdown

ROOT = Path(__file__).resolve().parents[2]
BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"


def readme_table() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


def test_readme_operation_table_matches_code_when_regenerated() -> None:
    assert readme_table() == coverage_markdown().strip("\n"), (
        "README.md's operation table is stale: run `switchboard coverage --readme`"
    )
