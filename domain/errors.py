"""Errors the domain raises when a rule is broken. No transport knowledge here."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """Base of every rule violation found by the domain."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule, pointing at the field path the client sent (``contacts[1].value``)."""

    field: str
    message: str


class InvalidInput(DomainError):
    """The data would put an entity in an invalid state; carries every problem found."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))

    @classmethod
    def single(cls, field: str, message: str) -> InvalidInput:
        return cls(Problem(field, message))


class PermissionDenied(DomainError):
    """The caller's role may not perform the action."""


class RuleConflict(DomainError):
    """The request is well-formed but contradicts the current state (a stage move to itself...)."""


class ProblemCollector:
    """Gathers every problem of one payload so the client sees them all at once."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self._problems.append(Problem(field, message))

    def check(self, condition: bool, field: str, message: str) -> None:
        if not condition:
            self.add(field, message)

    def absorb(self, error: InvalidInput, prefix: str = "") -> None:
        for problem in error.problems:
            field = (
                f"{prefix}.{problem.field}" if prefix and problem.field else prefix or problem.field
            )
            self._problems.append(Problem(field, problem.message))

    def raise_if_any(self) -> None:
        if self._problems:
            raise InvalidInput(*self._problems)
