"""The offices a caller may see, their stations, and the caller ("me"). Mounted at /api/offices/.

Office-bound staff see their own office only; another office is a 404, as everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.decorators.cache import never_cache
from ninja import Field, Query, Router, Schema

from loket.core.api_auth import staff_auth
from loket.offices.access import can_see_personal_data, sees_all_offices, visible_offices
from loket.offices.models import Role, ServiceType, StandardUnit, StationKind

if TYPE_CHECKING:
    from loket.offices.models import Office, Staff

router = Router(auth=staff_auth(), tags=["offices"])
# Answers carry citizens' data: no browser or proxy keeps a copy.
router.add_decorator(never_cache, mode="view")

MAX_LIMIT = 100


class ErrorOut(Schema):
    code: str
    message: str


class DetailOut(Schema):
    detail: str | list[dict[str, Any]]


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: DetailOut}


class PageIn(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)


class OfficeRef(Schema):
    id: int
    code: str
    name: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: Role
    role_label: str
    office: OfficeRef | None
    sees_all_offices: bool
    sees_personal_data: bool = Field(description="Whether responses carry NIK, KK, address and phone.")
    language: str = Field(description="The language of messages and labels in responses.")


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Monday.")
    weekday_label: str
    opens: dt.time
    closes: dt.time
    break_start: dt.time | None
    break_end: dt.time | None


class ServiceStandardOut(Schema):
    service_type: ServiceType
    service_label: str
    amount: int
    unit: StandardUnit
    unit_label: str


class OfficeOut(Schema):
    id: int
    code: str
    name: str
    region_code: str
    address: str
    phone: str
    email: str
    timezone: str


class OfficeDetailOut(OfficeOut):
    opening_hours: list[OpeningHoursOut]
    service_standards: list[ServiceStandardOut]


class OfficePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OfficeOut]


class StationOut(Schema):
    id: int
    number: int = Field(description="The number called out: 'loket 2'.")
    name: str
    kind: StationKind
    kind_label: str
    in_service: bool
    out_of_service_reason: str


def _user(request: HttpRequest) -> Staff:
    return request.auth  # type: ignore[attr-defined]


def _office_out(office: Office) -> OfficeOut:
    return OfficeOut(
        id=office.pk,
        code=office.code,
        name=office.name,
        region_code=office.region_id,
        address=office.address,
        phone=office.phone,
        email=office.email,
        timezone=office.timezone,
    )


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who is calling: role, office and language")
def me(request: HttpRequest) -> MeOut:
    user = _user(request)
    office = user.office
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.get_full_name(),
        role=Role(user.role),
        role_label=str(Role(user.role).label),
        office=OfficeRef(id=office.pk, code=office.code, name=office.name) if office else None,
        sees_all_offices=sees_all_offices(user),
        sees_personal_data=can_see_personal_data(user),
        language=translation.get_language() or "",
    )


@router.get("/", response={200: OfficePage, **ERRORS}, summary="Offices you may see")
def office_list(request: HttpRequest, page: Query[PageIn]) -> OfficePage:
    offices = visible_offices(_user(request)).order_by("name", "id")
    return OfficePage(
        count=offices.count(),
        limit=page.limit,
        offset=page.offset,
        items=[_office_out(office) for office in offices[page.offset : page.offset + page.limit]],
    )


@router.get(
    "/{int:office_id}",
    response={200: OfficeDetailOut, **ERRORS},
    summary="One office, its hours and standards",
)
def office_detail(request: HttpRequest, office_id: int) -> OfficeDetailOut:
    office = get_object_or_404(
        visible_offices(_user(request)).prefetch_related("opening_hours", "service_standards"), pk=office_id
    )
    return OfficeDetailOut(
        **_office_out(office).model_dump(),
        opening_hours=[
            OpeningHoursOut(
                weekday=h.weekday,
                weekday_label=h.get_weekday_display(),
                opens=h.opens,
                closes=h.closes,
                break_start=h.break_start,
                break_end=h.break_end,
            )
            for h in office.opening_hours.all()
        ],
        service_standards=[
            ServiceStandardOut(
                service_type=ServiceType(st.service_type),
                service_label=st.get_service_type_display(),
                amount=st.amount,
                unit=StandardUnit(st.unit),
                unit_label=st.get_unit_display(),
            )
            for st in office.service_standards.all()
        ],
    )


@router.get(
    "/{int:office_id}/stations", response={200: list[StationOut], **ERRORS}, summary="The office's stations"
)
def stations(request: HttpRequest, office_id: int) -> list[StationOut]:
    office = get_object_or_404(visible_offices(_user(request)), pk=office_id)
    return [
        StationOut(
            id=station.pk,
            number=station.number,
            name=station.name,
            kind=StationKind(station.kind),
            kind_label=station.get_kind_display(),
            in_service=station.in_service,
            out_of_service_reason=station.out_of_service_reason,
        )
        for station in office.stations.all()
    ]
