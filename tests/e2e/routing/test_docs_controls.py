"""The Python example in docs/controls.md runs, against a virtual-clock server."""

from __future__ import annotations

import re

from tests.conftest import ROOT, ServerProcess

DOC = ROOT / "docs" / "controls.md"


def test_controls_doc_example_runs_when_pointed_at_virtual_server(
    virtual_server: ServerProcess,
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    assert len(blocks) == 1
    code = blocks[0].replace('"http://127.0.0.1:8585"', repr(virtual_server.url))
    assert code != blocks[0]
    exec(compile(code, str(DOC), "exec"), {})  # noqa: S102 - the documented example itself
