"""The one error type of ``kg fetch``: a failed harvest, said in one line."""

from __future__ import annotations

from kg.errors import KgError


class FetchError(KgError):
    """A request, response or saved state that stops the harvest; pages already written stay valid."""


class RefusedError(FetchError):
    """The service said no (a bad query, an expired resumption token): asking again the same way will not help."""
