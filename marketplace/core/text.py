"""Text clean-up shared by every form."""

from __future__ import annotations


def squash_spaces(value: object) -> object:
    """WTForms filter for one-line names: tabs, newlines and runs of spaces become one space.

    Names are shown in lists, CSVs and notifications; a tab or carriage return kept in one
    breaks those layouts and makes look-alike names (`Maju` and `Maju\\t`) possible.
    """
    if isinstance(value, str):
        return " ".join(value.split())
    return value
