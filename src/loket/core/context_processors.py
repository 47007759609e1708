from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from loket.offices.models import OFFICE_BOUND_ROLES, Role

# Which rooms of the workspace each role uses; the pages themselves check again.
_NAV = {
    "register": {Role.OPERATOR, Role.HEAD},
    "queue": {Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD},
    "overdue": {Role.HEAD, Role.CITY_ADMIN},
    "survey_analysis": {Role.HEAD, Role.CITY_ADMIN},
    "survey_paper": {Role.OPERATOR},
    "sync": {Role.HEAD, Role.CITY_ADMIN},
    "workspace": {Role.OPERATOR, Role.RECORDING_OFFICER, Role.HEAD, Role.CITY_ADMIN},
}


def workspace(request: HttpRequest) -> dict[str, Any]:
    """What every staff page's header and menu need: the user's office, role and menu entries,
    whichever room's view renders the page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = getattr(user, "role", "")
    nav = {name: role in roles for name, roles in _NAV.items()}
    nav["register"] = nav["register"] and (role not in OFFICE_BOUND_ROLES or user.office_id is not None)
    return {
        "staff_office": getattr(user, "office", None),
        "staff_role": user.get_role_display(),
        "staff_nav": nav,
    }
