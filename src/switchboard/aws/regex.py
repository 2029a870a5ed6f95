"""Translation of the model's ``pattern`` traits (Java / ECMA flavoured) to Python ``re``.

Owns ``compile_pattern`` and two module-level audit lists that tests report:

* ``UNCOMPILABLE_PATTERNS``: patterns Python cannot compile even after translation; the
  validator skips the pattern check for them (every other check still applies).
* ``NORMALISED_PATTERNS``: patterns we had to rewrite because the model text is
  over-escaped (``.*\\\\S.*`` would demand a literal backslash, which real Connect plainly
  does not) or wrapped in JavaScript slashes (``/^...$/``).

Translation, only as far as the connect model needs:
    * ``\\p{X}`` / ``\\P{X}`` Unicode general categories (L, N, Z, C, or two-letter ones)
      become explicit code-point ranges computed once from ``unicodedata``.
    * doubled backslashes collapse to one; ``/.../`` delimiters are stripped.

Smithy patterns are not implicitly anchored, so callers must use ``search`` not
``fullmatch``. Imports only the standard library.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import warnings
from functools import cache

__all__ = ["NORMALISED_PATTERNS", "UNCOMPILABLE_PATTERNS", "compile_pattern", "translate"]

UNCOMPILABLE_PATTERNS: list[tuple[str, str]] = []
"""(model pattern, error) for every pattern skipped by validation."""

NORMALISED_PATTERNS: list[tuple[str, str]] = []
"""(model pattern, pattern actually used) for every rewritten over-escaped pattern."""

_PROPERTY = re.compile(r"\\([pP])\{(\w+)\}")


@cache
def _category_runs() -> tuple[tuple[int, int, str], ...]:
    """Maximal runs ``(first, last, category)`` of code points sharing a general category."""
    runs: list[tuple[int, int, str]] = []
    category = unicodedata.category
    start, current = 0, category("\x00")
    for cp in range(1, sys.maxunicode + 1):
        cat = category(chr(cp))
        if cat != current:
            runs.append((start, cp - 1, current))
            start, current = cp, cat
    runs.append((start, sys.maxunicode, current))
    return tuple(runs)


@cache
def _category_ranges(category: str, negate: bool) -> str:
    """Character-class body (no brackets) for a Unicode general category or its complement."""
    ranges: list[list[int]] = []
    for lo, hi, cat in _category_runs():
        if cat.startswith(category) != negate:
            if ranges and ranges[-1][1] == lo - 1:
                ranges[-1][1] = hi
            else:
                ranges.append([lo, hi])
    return "".join(_esc(lo) if lo == hi else f"{_esc(lo)}-{_esc(hi)}" for lo, hi in ranges)


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"


def _replace_properties(pattern: str) -> str:
    """Replace ``\\p{..}``/``\\P{..}`` with explicit ranges, aware of ``[...]`` classes."""
    out: list[str] = []
    in_class = False
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            m = _PROPERTY.match(pattern, i)
            if m:
                body = _category_ranges(m.group(2), m.group(1) == "P")
                out.append(body if in_class else f"[{body}]")
                i = m.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            # a leading ']' or '^]' is literal inside a class
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("\\]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def translate(pattern: str) -> str:
    """Return the Python ``re`` source for a model ``pattern`` (see module docstring)."""
    fixed = pattern
    if len(fixed) > 2 and fixed.startswith("/") and fixed.endswith("/"):
        fixed = fixed[1:-1]
    if "\\\\" in fixed:
        fixed = fixed.replace("\\\\", "\\")
    if fixed != pattern:
        NORMALISED_PATTERNS.append((pattern, fixed))
    if "\\p{" in fixed or "\\P{" in fixed:
        fixed = _replace_properties(fixed)
    return fixed


@cache
def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """Compile a model pattern; ``None`` (and an entry in UNCOMPILABLE_PATTERNS) if impossible."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile(translate(pattern))
    except (re.error, ValueError, OverflowError) as exc:
        UNCOMPILABLE_PATTERNS.append((pattern, str(exc)))
        return None
