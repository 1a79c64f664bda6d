"""Assertions shared by the complaint tests."""

from __future__ import annotations


def refused(cli, *args, code: int = 1) -> str:
    """Run a command that must be refused: one `Error: ...` line on stderr; returns it."""
    result = cli(*args, code=code)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert result.stdout == ""
    return lines[0]
