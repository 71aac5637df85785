"""Errors a user can be told about: each carries a catalogue key and its parameters."""

from __future__ import annotations

from typing import Any

__all__ = [
    "DuplicateName",
    "NoAccess",
    "ReadOnlyRole",
    "SignInRequired",
    "FieldProblem",
    "ImportFailed",
    "InvalidInput",
    "NotFound",
    "NotInvited",
    "StaleWrite",
    "StorageUnavailable",
    "WorkbenchError",
]


class WorkbenchError(Exception):
    """Base for errors shown to the user: `key` names a message in the i18n catalogue."""

    key = "errors.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotFound(WorkbenchError):
    key = "errors.client_not_found"


class NoAccess(NotFound):
    """The client is in another workspace: to this user it does not exist."""

    key = "errors.no_access"


class ReadOnlyRole(WorkbenchError):
    """A viewer (or an editor managing members) tried a change their role does not allow."""

    key = "errors.read_only_role"


class NotInvited(WorkbenchError):
    """Signed in, but no workspace has this user and they may not found one."""

    key = "errors.not_invited"


class SignInRequired(WorkbenchError):
    """Sign-in is configured and nobody is signed in for this request."""

    key = "errors.sign_in_required"


class DuplicateName(WorkbenchError):
    key = "errors.duplicate_name"


class StorageUnavailable(WorkbenchError):
    """The database refused a write (read-only, locked, unreachable)."""

    key = "errors.db_unavailable"


class StaleWrite(WorkbenchError):
    """Someone saved the same part of the strategy after this copy was loaded."""

    key = "errors.stale_write"


class ImportFailed(WorkbenchError):
    key = "errors.import_failed"


class FieldProblem:
    """One invalid field: where it is (a path of names and row numbers) and what is wrong."""

    __slots__ = ("loc", "key", "params")

    def __init__(self, loc: tuple[str | int, ...], key: str, **params: Any) -> None:
        self.loc = loc
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"FieldProblem({self.loc!r}, {self.key!r}, {self.params!r})"


class InvalidInput(WorkbenchError):
    """One or more fields are invalid; `problems` names each one."""

    key = "errors.invalid_input"

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__(self.key, count=len(problems))
