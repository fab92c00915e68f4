"""Extension points of the staff workspace and the reader's account pages.

Apps register what they contribute in their AppConfig.ready(); the shell renders what the
signed-in user may see. Nothing here holds per-request or mutable shared state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class StaffSection:
    key: str
    label: str
    url_name: str
    permission: str | None = None  # None: any staff member
    group: str = ""
    order: int = 50
    description: str = ""

    def visible_to(self, user) -> bool:
        return user.is_authenticated and user.is_staff_member and (
            self.permission is None or user.has_perm(self.permission)
        )

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


@dataclass(frozen=True)
class AttentionItem:
    """Something that needs the user's attention on the staff home page."""

    label: str
    count: int
    url: str = ""
    severity: str = "info"  # info | warning | urgent


@dataclass(frozen=True)
class ReaderSection:
    key: str
    label: str
    url_name: str
    order: int = 50


@dataclass(frozen=True)
class PortalLink:
    """A link in the reader portal's main navigation."""

    key: str
    label: str
    url_name: str
    order: int = 50

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


@dataclass
class _Registry:
    staff_sections: dict[str, StaffSection] = field(default_factory=dict)
    attention_providers: list[Callable] = field(default_factory=list)
    reader_sections: dict[str, ReaderSection] = field(default_factory=dict)
    portal_links: dict[str, PortalLink] = field(default_factory=dict)


_registry = _Registry()


def register_section(section: StaffSection) -> None:
    _registry.staff_sections[section.key] = section


def register_attention(provider: Callable) -> None:
    """provider(user) -> iterable of AttentionItem; called on the staff home page."""
    if provider not in _registry.attention_providers:
        _registry.attention_providers.append(provider)


def register_reader_section(section: ReaderSection) -> None:
    _registry.reader_sections[section.key] = section


def staff_sections_for(user) -> list[StaffSection]:
    """The sections the user may open, each group together (the navigation shows one heading per
    group): groups in the order of their first section, sections by order within a group."""
    sections = sorted((s for s in _registry.staff_sections.values() if s.visible_to(user)),
                      key=lambda s: (s.order, str(s.label)))
    group_rank: dict[str, int] = {}
    for section in sections:
        group_rank.setdefault(str(section.group), len(group_rank))
    return sorted(sections, key=lambda s: group_rank[str(s.group)])  # stable: keeps the order within


def attention_for(user) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for provider in _registry.attention_providers:
        items.extend(provider(user))
    rank = {"urgent": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda i: rank.get(i.severity, 3))


def reader_sections() -> list[ReaderSection]:
    return sorted(_registry.reader_sections.values(), key=lambda s: (s.order, str(s.label)))


def register_portal_link(link: PortalLink) -> None:
    _registry.portal_links[link.key] = link


def portal_links() -> list[PortalLink]:
    return sorted(_registry.portal_links.values(), key=lambda s: (s.order, str(s.label)))
