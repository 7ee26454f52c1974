"""Coded errors.  The library raises these; only the CLI turns them into exit codes."""
from __future__ import annotations


class MtauditError(Exception):
    """Base class: a problem the user can fix (bad input, bad config, missing model)."""

    code = "E100"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(MtauditError):
    code = "E101"


class UnknownRuleError(ConfigError):
    code = "E102"


class InputFormatError(MtauditError):
    """A file that cannot be read or parsed; the run goes on with the other files."""

    code = "E201"


class ModelError(MtauditError):
    """The language model is missing, corrupt or cannot be loaded."""

    code = "E301"
