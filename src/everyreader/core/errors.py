"""Domain errors and explicit state machines shared by every workflow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain was broken. `message` is translated and shown to the user as is."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


class IllegalTransition(DomainError):
    def __init__(self, *, current, target):
        super().__init__(
            _("This change is not possible now: it cannot go from “%(current)s” to “%(target)s”.")
            % {"current": getattr(current, "label", current), "target": getattr(target, "label", target)},
            code="illegal_transition",
        )
        self.current = current
        self.target = target


class StateMachine:
    """A transition table: state -> states it may move to."""

    def __init__(self, transitions: Mapping[str, Iterable[str]]):
        self.transitions = {str(k): frozenset(str(t) for t in v) for k, v in transitions.items()}

    def can(self, current, target) -> bool:
        return str(target) in self.transitions.get(str(current), frozenset())

    def check(self, current, target, choices=None) -> None:
        if not self.can(current, target):
            if choices is not None:
                current, target = choices(current), choices(target)
            raise IllegalTransition(current=current, target=target)

    def targets(self, current) -> frozenset[str]:
        return self.transitions.get(str(current), frozenset())
