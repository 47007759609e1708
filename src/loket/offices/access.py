"""Who may see and do what, in one place.

Every view, API endpoint and service asks here. Office-bound staff (operator, recording officer,
head of office) see only their own office; the city administrator sees every office; the system
administrator manages accounts and reference data but not citizens' personal data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from loket.core.errors import NotPermitted
from loket.offices.models import OFFICE_BOUND_ROLES, Office, Role

if TYPE_CHECKING:
    from loket.offices.models import Staff

M = TypeVar("M", bound=Model)

NOT_YOUR_OFFICE = _("This record belongs to another office.")
ROLE_NOT_ALLOWED = _("Your role (%(role)s) may not do this.")
NOT_STAFF = _("Log in as a staff member first.")

# Roles that handle citizens' records and may therefore see NIK, KK, address and phone (UU 27/2022).
PERSONAL_DATA_ROLES = frozenset({Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD, Role.CITY_ADMIN})


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return str(user.role) if user.role else None


def sees_all_offices(user: Staff) -> bool:
    return role_of(user) in (Role.CITY_ADMIN, Role.SYSTEM_ADMIN)


def can_access_office(user: Staff, office_id: int | None) -> bool:
    role = role_of(user)
    if role is None:
        return False
    if role not in OFFICE_BOUND_ROLES:
        return True
    return office_id is not None and user.office_id == office_id


def can_see_personal_data(user: Staff) -> bool:
    return role_of(user) in PERSONAL_DATA_ROLES


def require_role(user: Staff, roles: frozenset[str] | tuple[str, ...] | set[str]) -> None:
    role = role_of(user)
    if role is None:
        raise NotPermitted(NOT_STAFF, code="not_staff")
    if role not in roles:
        raise NotPermitted(ROLE_NOT_ALLOWED, code="role_not_allowed", role=user.get_role_display())


def require_office(user: Staff, office_id: int | None) -> None:
    if role_of(user) is None:
        raise NotPermitted(NOT_STAFF, code="not_staff")
    if not can_access_office(user, office_id):
        raise NotPermitted(NOT_YOUR_OFFICE, code="other_office")


def require(
    user: Staff, *, roles: frozenset[str] | tuple[str, ...] | set[str], office_id: int | None
) -> None:
    """Role and office checked together: the check every service makes before it writes."""
    require_role(user, roles)
    require_office(user, office_id)


def scope_to_offices(queryset: QuerySet[M], user: Staff, *, field: str = "office") -> QuerySet[M]:
    """Only the rows of offices the user may see; nothing at all for anyone else."""
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role in OFFICE_BOUND_ROLES:
        return queryset.filter(**{f"{field}_id": user.office_id})
    return queryset


def visible_offices(user: Staff) -> QuerySet[Office]:
    offices = Office.objects.filter(is_active=True)
    role = role_of(user)
    if role is None:
        return offices.none()
    if role in OFFICE_BOUND_ROLES:
        return offices.filter(pk=user.office_id or 0)
    return offices
