"""The JSONPath subset flows read, and the condition operators of R8.2.

Supported paths (dotted only; no brackets, wildcards or filters):

    $.Attributes.<key>        user-defined contact attributes (<key> is the rest of the path)
    $.External.<key>          results of an external call (set by the app)
    $.Metrics.<a>.<b>...      values filled by GetMetricData (R8.5), e.g. $.Metrics.Queue.Size
    $.Queue.Name|ARN|Id       the working (target) queue
    $.<Name>[.<Sub>...]       system values the app provides, e.g. $.Channel, $.ContactId

Unknown paths resolve to None. All values are strings, as in Connect.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

NAMESPACES = ("Attributes", "External", "Metrics")


def resolve_path(
    path: str,
    *,
    attributes: Mapping[str, str],
    external: Mapping[str, str],
    metrics: Mapping[str, str],
    system: Mapping[str, str],
) -> str | None:
    """The value at `path` (`$.`-prefixed), or None when nothing is there."""
    if not path.startswith("$."):
        return None
    rest = path[2:]
    head, _, tail = rest.partition(".")
    if head == "Attributes":
        return attributes.get(tail) if tail else None
    if head == "External":
        return external.get(tail) if tail else None
    if head == "Metrics":
        return metrics.get(tail) if tail else None
    return system.get(rest)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def operand_matches(operator: str, value: str | None, operand: str) -> bool:
    """One `value <operator> operand` test; a missing value never matches."""
    if value is None:
        return False
    if operator == "Equals":
        return value == operand
    if operator == "TextStartsWith":
        return value.startswith(operand)
    if operator == "TextEndsWith":
        return value.endswith(operand)
    if operator == "TextContains":
        return operand in value
    left, right = _number(value), _number(operand)
    if left is None or right is None:
        return False
    if operator == "NumberGreaterThan":
        return left > right
    if operator == "NumberGreaterOrEqualTo":
        return left >= right
    if operator == "NumberLessThan":
        return left < right
    if operator == "NumberLessOrEqualTo":
        return left <= right
    return False


def condition_holds(operator: str, value: str | None, operands: Sequence[str]) -> bool:
    """R8.2: the condition holds when it holds for any operand (ASSUMPTION)."""
    return any(operand_matches(operator, value, operand) for operand in operands)
