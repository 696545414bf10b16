"""User-facing errors: each carries readable lines that name the file and the problem."""

from __future__ import annotations

__all__ = ["EXIT_BAD_INPUT", "EXIT_NOT_CONFORMING", "EXIT_OK", "ScikgError"]

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_BAD_INPUT = 2


class ScikgError(Exception):
    """A problem the user can fix. The CLI prints `lines()` to stderr, one per problem."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, *lines: str, exit_code: int | None = None) -> None:
        self._lines = [line for line in lines if line]
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__("\n".join(self._lines))

    def lines(self) -> list[str]:
        """The problems, one readable line each."""
        return list(self._lines)
