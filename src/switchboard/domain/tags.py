"""Tag rules shared by every taggable resource (TagResource / UntagResource / create-time tags)."""

from __future__ import annotations

from collections.abc import Mapping

from switchboard.domain.errors import InvalidArgumentError, LimitExceededError

MAX_TAGS_PER_RESOURCE = 50
_RESERVED_PREFIX = "aws:"


def merged_tags(current: Mapping[str, str], new: Mapping[str, str]) -> dict[str, str]:
    """Tags after TagResource: new keys added, existing keys overwritten."""
    for key in new:
        if key.lower().startswith(_RESERVED_PREFIX):
            raise InvalidArgumentError("tags", f"tag key '{key}' uses the reserved prefix aws:")
    result = {**current, **new}
    if len(result) > MAX_TAGS_PER_RESOURCE:
        raise LimitExceededError(
            f"A resource can have at most {MAX_TAGS_PER_RESOURCE} tags; this request makes "
            f"{len(result)}"
        )
    return result


def without_tags(current: Mapping[str, str], keys: list[str]) -> dict[str, str]:
    """Tags after UntagResource: keys not present are ignored, as AWS does."""
    drop = set(keys)
    return {k: v for k, v in current.items() if k not in drop}
