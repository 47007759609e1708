"""Errors raised by services when they refuse an operation.

A service raises one of these *before* writing anything (or inside the transaction it rolls back),
so a refused operation never leaves a half-written record. ``message`` is already in the user's
language; views show it, the API returns it with ``code``.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    http_status = 400

    def __init__(self, message: Any, *, code: str = "invalid", **params: Any) -> None:
        self.code = code
        self.params = params
        text = str(message)
        self.message = text % params if params else text
        super().__init__(self.message)


class NotPermitted(ServiceError):
    """The actor's role or office does not allow this."""

    http_status = 403


class Conflict(ServiceError):
    """The record changed underneath, or a limited resource ran out (the last blank, a full slot)."""

    http_status = 409
