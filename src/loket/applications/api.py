"""The JSON API for the staff workspace's operations, mounted at /api/applications/.

Thin: each endpoint reads through ``selectors`` (scoped to the caller's office, another office's
record is a 404) or writes through ``services`` (which check role and office and raise
ServiceError, turned into ``{code, message}`` by ``loket.api``). Nothing here writes a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from ninja import Query, Router
from ninja.responses import Status as HttpStatus

from loket.applications import schemas as s
from loket.applications import selectors, services
from loket.applications.services.lifecycle import STATION_OTHER_OFFICE
from loket.applications.services.printing import NOT_A_PRINT_STATION
from loket.core.api_auth import staff_auth
from loket.core.errors import ServiceError
from loket.offices.access import PERSONAL_DATA_ROLES, require_role, scope_to_offices, visible_offices
from loket.offices.models import Office, Region, RegionLevel, ServiceType, Station

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from loket.applications.models import Application
    from loket.offices.models import Staff

router = Router(auth=staff_auth(), tags=["applications"])
# Answers carry citizens' data: no browser or proxy keeps a copy.
router.add_decorator(never_cache, mode="view")

OFFICE_REQUIRED = _("Say which office (office_id): your account is not tied to one.")
# Django's own wording for a choice that does not exist, already in its catalogue.
UNKNOWN_VILLAGE = _("Select a valid choice. That choice is not one of the available choices.")


def _user(request: HttpRequest) -> Staff:
    return request.auth  # type: ignore[attr-defined]


def _office(user: Staff, office_id: int | None) -> Office:
    """The office asked for (404 if the caller may not see it), or the caller's own."""
    if office_id is None:
        if user.office_id is None:
            raise ServiceError(OFFICE_REQUIRED, code="office_required")
        office_id = user.office_id
    return get_object_or_404(visible_offices(user), pk=office_id)


def _optional_office(user: Staff, office_id: int | None) -> Office | None:
    return _office(user, office_id) if office_id is not None else None


def _application(user: Staff, application_id: int) -> Application:
    """For writes: the application without its history (the service locks and reloads it)."""
    return get_object_or_404(selectors.applications_for(user), pk=application_id)


def _detail(user: Staff, application_id: int) -> s.ApplicationDetail:
    app = selectors.application_get(user, application_id)
    return s.application_detail(app, user=user, now=timezone.now())


def _page(queryset: QuerySet[Application], page: s.PageIn, user: Staff) -> s.ApplicationPage:
    now = timezone.now()
    items = queryset[page.offset : page.offset + page.limit]
    return s.ApplicationPage(
        count=queryset.count(),
        limit=page.limit,
        offset=page.offset,
        items=[s.application_summary(app, user=user, now=now) for app in items],
    )


# Reading -----------------------------------------------------------------------------------------


@router.get(
    "/service-types",
    response={200: list[s.ServiceTypeOut], **s.ERRORS},
    summary="Service types and the documents each requires",
)
def service_types(request: HttpRequest) -> list[s.ServiceTypeOut]:
    return [s.service_type_out(service_type) for service_type in ServiceType]


@router.post(
    "/search",
    response={200: s.SearchOut, **s.ERRORS},
    summary="Find applications by receipt number, NIK or name",
    description="A POST so that a NIK never appears in a URL or an access log. NIK and name search "
    "need a role that may see personal data; others can search by receipt number only. At most 50 results.",
)
def search(request: HttpRequest, body: s.SearchIn) -> s.SearchOut:
    user = _user(request)
    office = _optional_office(user, body.office_id)
    now = timezone.now()
    items = [
        s.application_summary(app, user=user, now=now)
        for app in selectors.application_search(user, body.query, office=office)
    ]
    return s.SearchOut(count=len(items), items=items)


@router.get(
    "/worklists", response={200: list[s.WorklistOut], **s.ERRORS}, summary="Open applications per status"
)
def worklists(request: HttpRequest, filters: Query[s.OfficeFilterIn]) -> list[s.WorklistOut]:
    user = _user(request)
    counts = selectors.worklist_counts(user, office=_optional_office(user, filters.office_id))
    return [
        s.WorklistOut(status=s.Status(status), label=str(s.Status(status).label), count=count)
        for status, count in counts.items()
    ]


@router.get(
    "/",
    response={200: s.ApplicationPage, **s.ERRORS},
    summary="List applications (a worklist when filtered by status)",
    description="With a status: the longest-waiting first (by due date). Without: the newest first.",
)
def application_list(
    request: HttpRequest, filters: Query[s.ListFilterIn], page: Query[s.PageIn]
) -> s.ApplicationPage:
    user = _user(request)
    office = _optional_office(user, filters.office_id)
    if filters.status is not None:
        applications = selectors.worklist(user, filters.status, office=office)
    else:
        applications = selectors.applications_for(user).order_by("-submitted_at", "-id")
        if office is not None:
            applications = applications.filter(office=office)
    return _page(applications, page, user)


@router.get(
    "/overdue",
    response={200: s.ApplicationPage, **s.ERRORS},
    summary="Applications past their due date",
    description="Open, not yet completed, and past the due date of the office's service standard.",
)
def overdue(
    request: HttpRequest, filters: Query[s.OfficeFilterIn], page: Query[s.PageIn]
) -> s.ApplicationPage:
    user = _user(request)
    office = _optional_office(user, filters.office_id)
    return _page(selectors.overdue_applications(user, office=office), page, user)


@router.get(
    "/{int:application_id}",
    response={200: s.ApplicationDetail, **s.ERRORS},
    summary="One application: person, checklist, due date, timeline, allowed actions",
)
def application_detail(request: HttpRequest, application_id: int) -> s.ApplicationDetail:
    return _detail(_user(request), application_id)


# Writing -----------------------------------------------------------------------------------------


@router.post(
    "/",
    response={201: s.ApplicationDetail, **s.ERRORS},
    summary="Register a citizen's application",
    description="Creates or updates the citizen's record (NIK checked against date of birth and sex) "
    "and submits the application, or writes nothing.",
)
def register(request: HttpRequest, body: s.RegisterIn) -> HttpStatus[s.ApplicationDetail]:
    user = _user(request)
    office = _office(user, body.office_id)
    village = None
    if body.village_code:
        village = Region.objects.filter(code=body.village_code, level=RegionLevel.VILLAGE).first()
        if village is None:
            raise ServiceError(UNKNOWN_VILLAGE, code="unknown_village")
    station = None
    if body.station_id is not None:
        station = office.stations.filter(pk=body.station_id).first()
        if station is None:
            raise ServiceError(STATION_OTHER_OFFICE, code="station_other_office")
    app = services.application_register(
        actor=user,
        office=office,
        service_type=body.service_type,
        nik=body.nik,
        kk_number=body.kk_number,
        full_name=body.full_name,
        birth_date=body.birth_date,
        sex=body.sex,
        address=body.address,
        birth_place=body.birth_place,
        village=village,
        phone=body.phone,
        email=body.email,
        channel=body.channel,
        fulfilled=body.fulfilled,
        station=station,
    )
    return HttpStatus(201, _detail(user, app.pk))


@router.put(
    "/{int:application_id}/requirements",
    response={200: s.ApplicationDetail, **s.ERRORS},
    summary="Set the requirement checklist (the whole list of what is met)",
)
def requirements_set(
    request: HttpRequest, application_id: int, body: s.RequirementsIn
) -> s.ApplicationDetail:
    user = _user(request)
    app = _application(user, application_id)
    services.application_requirements_set(application=app, actor=user, fulfilled=body.fulfilled)
    return _detail(user, application_id)


@router.post(
    "/{int:application_id}/transitions",
    response={200: s.ApplicationDetail, **s.ERRORS},
    summary="Move the application to another status",
    description="Any step of the lifecycle the caller's role allows, including the outcomes of central "
    "processing typed in from SIAK (print_ready, duplicate_record, enrollment_failed, adjudication). "
    "Printing and handing over the card have their own endpoints.",
)
def transition(request: HttpRequest, application_id: int, body: s.TransitionIn) -> s.ApplicationDetail:
    user = _user(request)
    app = _application(user, application_id)
    services.application_transition(
        application=app,
        to_status=body.to_status,
        actor=user,
        note=body.note,
        expected_status=body.expected_status,
    )
    return _detail(user, application_id)


@router.post(
    "/{int:application_id}/print",
    response={200: s.ApplicationDetail, **s.ERRORS},
    summary="Print the card (takes one blank; a spoiled print takes one too)",
)
def print_card(request: HttpRequest, application_id: int, body: s.PrintIn) -> s.ApplicationDetail:
    user = _user(request)
    app = _application(user, application_id)
    station = scope_to_offices(Station.objects.all(), user).filter(pk=body.station_id).first()
    if station is None:
        raise ServiceError(NOT_A_PRINT_STATION, code="not_a_print_station")
    services.card_print(application=app, actor=user, station=station, spoiled=body.spoiled, note=body.note)
    return _detail(user, application_id)


@router.post(
    "/{int:application_id}/pickup",
    response={200: s.ApplicationDetail, **s.ERRORS},
    summary="Hand the card over and close the application",
)
def pickup(request: HttpRequest, application_id: int, body: s.PickupIn) -> s.ApplicationDetail:
    user = _user(request)
    app = _application(user, application_id)
    services.card_pickup(
        application=app,
        actor=user,
        collector_kind=body.collector_kind,
        identity_check=body.identity_check,
        collector_name=body.collector_name,
        collector_relation=body.collector_relation,
        note=body.note,
    )
    return _detail(user, application_id)


# Suket -------------------------------------------------------------------------------------------


@router.post(
    "/{int:application_id}/sukets",
    response={201: s.SuketOut, **s.ERRORS},
    summary="Issue a Suket (temporary certificate)",
    tags=["suket"],
)
def suket_issue(request: HttpRequest, application_id: int) -> HttpStatus[s.SuketOut]:
    user = _user(request)
    suket = services.suket_issue(application=_application(user, application_id), actor=user)
    return HttpStatus(201, s.suket_out(suket))


@router.get(
    "/{int:application_id}/sukets/{int:suket_id}/pdf",
    response=s.ERRORS,
    url_name="suket_pdf",
    summary="The Suket as a PDF to print",
    description="It identifies the citizen, so only roles that may see personal data get it.",
    tags=["suket"],
    openapi_extra={
        "responses": {
            200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
        }
    },
)
def suket_pdf(request: HttpRequest, application_id: int, suket_id: int) -> HttpResponse:
    from loket.applications.suket_pdf import render_suket_pdf  # WeasyPrint is heavy: load when needed

    user = _user(request)
    app = _application(user, application_id)
    require_role(user, PERSONAL_DATA_ROLES)
    suket = get_object_or_404(
        app.sukets.select_related("application__person", "application__office"), pk=suket_id
    )
    response = HttpResponse(render_suket_pdf(suket), content_type="application/pdf")
    filename = "suket-" + "".join(ch if ch.isalnum() else "-" for ch in suket.number) + ".pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Blank stock -------------------------------------------------------------------------------------


@router.get(
    "/blank-stock",
    response={200: s.BlankStockOut, **s.ERRORS},
    summary="Blank cards on hand at an office",
    tags=["blank stock"],
)
def blank_stock(request: HttpRequest, filters: Query[s.OwnOfficeIn]) -> s.BlankStockOut:
    office = _office(_user(request), filters.office_id)
    return s.BlankStockOut(office=s.office_ref(office), on_hand=selectors.blank_stock(office))


@router.get(
    "/blank-stock/movements",
    response={200: s.MovementPage, **s.ERRORS},
    summary="The blank stock ledger, newest first",
    tags=["blank stock"],
)
def blank_movements(
    request: HttpRequest, filters: Query[s.OwnOfficeIn], page: Query[s.PageIn]
) -> s.MovementPage:
    user = _user(request)
    office = _office(user, filters.office_id)
    movements = selectors.blank_movements(user, office=office, limit=s.MAX_OFFSET + s.MAX_LIMIT)
    return s.MovementPage(
        count=movements.count(),
        limit=page.limit,
        offset=page.offset,
        items=[s.movement_out(m) for m in movements[page.offset : page.offset + page.limit]],
    )


@router.post(
    "/blank-stock/deliveries",
    response={201: s.MovementOut, **s.ERRORS},
    summary="Record a delivery of blanks",
    tags=["blank stock"],
)
def blank_delivery(request: HttpRequest, body: s.DeliveryIn) -> HttpStatus[s.MovementOut]:
    user = _user(request)
    movement = services.blank_stock_receive(
        office=_office(user, body.office_id),
        actor=user,
        quantity=body.quantity,
        reference=body.reference,
        note=body.note,
    )
    return HttpStatus(201, s.movement_out(movement))


@router.post(
    "/blank-stock/corrections",
    response={201: s.MovementOut, **s.ERRORS},
    summary="Correct the stock after a physical count (head of office)",
    tags=["blank stock"],
)
def blank_correction(request: HttpRequest, body: s.CorrectionIn) -> HttpStatus[s.MovementOut]:
    user = _user(request)
    movement = services.blank_stock_correct(
        office=_office(user, body.office_id), actor=user, delta=body.delta, note=body.note
    )
    return HttpStatus(201, s.movement_out(movement))
