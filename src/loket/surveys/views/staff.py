"""Staff pages for the head of office and the city administrator: the analysis with its tables
and charts, report downloads, paper forms, imports, and the QR posters and kiosks."""

from __future__ import annotations

import json
from typing import Any

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.applications.views.base import Workspace, render_page, workspace_view
from loket.core.errors import ServiceError
from loket.surveys import selectors
from loket.surveys.forms import AnalysisForm, EntryPointForm, ImportForm, PaperResponseForm, current_semester
from loket.surveys.reports.context import report_context
from loket.surveys.services import (
    ImportRejected,
    public_link,
    questionnaire_by_key,
    survey_entry_point_create,
    survey_entry_point_deactivate,
    survey_import,
    survey_response_enter,
)
from loket.surveys.services.responses import DATA_ENTRY_ROLES, current_version

CHOOSE_OFFICE = _("Choose an office first (at the top of the page).")
PAPER_SAVED = _("Paper form saved. The next one:")
IMPORTED = _("%(count)s responses imported into %(period)s.")
IMPORTED_SKIPPED = _(
    "%(count)s responses imported into %(period)s; %(skipped)s rows with errors were skipped."
)
POINT_CREATED = _("“%(name)s” is ready: print its poster.")
POINT_DEACTIVATED = _("“%(name)s” no longer takes responses.")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _forbidden(request: HttpRequest, ws: Workspace) -> HttpResponse:
    return render_page(request, ws, "403.html", http_status=403)


def _analysis_form(request: HttpRequest) -> AnalysisForm:
    data = {
        "survey": request.GET.get("survey") or "skm",
        "period": request.GET.get("period") or current_semester(),
    }
    return AnalysisForm(data)


@workspace_view
def dashboard(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if ws.role not in selectors.SURVEY_VIEWERS:
        return _forbidden(request, ws)
    form = _analysis_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        language = translation.get_language() or "id"
        report = selectors.survey_report(
            ws.user,
            questionnaire=form.cleaned_data["survey"],
            period=form.cleaned_data["period"],
            office=ws.office,
            language=language,
        )
        context.update(report_context(report, language=language))
        context["query"] = f"survey={report.questionnaire.key}&period={report.period.label}"
    return render_page(
        request, ws, "surveys/staff/dashboard.html", http_status=200 if form.is_valid() else 400, **context
    )


@workspace_view
def report_download(request: HttpRequest, ws: Workspace, fmt: str) -> HttpResponse:
    from loket.surveys.reports.json import report_dict
    from loket.surveys.reports.pdf import report_pdf
    from loket.surveys.reports.xlsx import report_xlsx

    if fmt not in CONTENT_TYPES:
        raise Http404
    if ws.role not in selectors.SURVEY_VIEWERS:
        return _forbidden(request, ws)
    form = _analysis_form(request)
    if not form.is_valid():
        return redirect("surveys:dashboard")
    language = translation.get_language() or "id"
    report = selectors.survey_report(
        ws.user,
        questionnaire=form.cleaned_data["survey"],
        period=form.cleaned_data["period"],
        office=ws.office,
        language=language,
    )
    if fmt == "pdf":
        body = report_pdf(report, language=language)
    elif fmt == "xlsx":
        body = report_xlsx(report, language=language)
    else:
        body = json.dumps(report_dict(report), ensure_ascii=False, indent=2).encode()
    office = ws.office.code if ws.office else "all"
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"{report.questionnaire.key}-{office}-{report.period.label}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@workspace_view
def paper_entry(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if ws.role not in DATA_ENTRY_ROLES:
        return _forbidden(request, ws)
    if ws.office is None:
        messages.warning(request, CHOOSE_OFFICE)
        return render_page(request, ws, "surveys/staff/paper.html")
    questionnaire = questionnaire_by_key(request.GET.get("survey") or "skm")
    questions = list(current_version(questionnaire).questions.all())
    form = PaperResponseForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        language=translation.get_language() or "id",
        public=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_enter(
                actor=ws.user,
                office=ws.office,
                questionnaire=questionnaire,
                answers=form.answers(),
                profile=form.profile(),
                submitted_on=form.cleaned_data["submitted_on"],
                suggestion=form.cleaned_data["suggestion"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, PAPER_SAVED)
            return redirect(f"{request.path}?survey={questionnaire.key}")
    status = 400 if request.method == "POST" else 200
    return render_page(
        request,
        ws,
        "surveys/staff/paper.html",
        http_status=status,
        form=form,
        questionnaire=questionnaire,
        questionnaires=selectors.questionnaires(),
    )


@workspace_view
def import_file(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if ws.role not in DATA_ENTRY_ROLES:
        return _forbidden(request, ws)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"survey": "skm", "period": current_semester()},
    )
    errors: list[Any] = []
    office = ws.office
    if request.method == "POST" and office is None:
        messages.error(request, CHOOSE_OFFICE)
    elif request.method == "POST" and office is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = survey_import(
                actor=ws.user,
                office=office,
                questionnaire=form.cleaned_data["survey"],
                period=form.cleaned_data["period"],
                data=upload.read(),
                filename=upload.name,
                skip_bad_rows=form.cleaned_data["skip_bad_rows"],
            )
        except ImportRejected as error:
            messages.error(request, error.message)
            errors = error.errors
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            params = {
                "count": result.imported,
                "period": result.batch.period,
                "skipped": len({e.row for e in result.skipped}),
            }
            messages.success(request, (IMPORTED_SKIPPED if result.skipped else IMPORTED) % params)
            return redirect(f"{request.path}")
    status = 400 if request.method == "POST" else 200
    return render_page(request, ws, "surveys/staff/import.html", http_status=status, form=form, errors=errors)


@workspace_view
def entry_points(request: HttpRequest, ws: Workspace) -> HttpResponse:
    if ws.role not in selectors.SURVEY_VIEWERS:
        return _forbidden(request, ws)
    form = EntryPointForm(request.POST if request.method == "POST" else None, initial={"survey": "skm"})
    office = ws.office
    if request.method == "POST" and office is None:
        messages.error(request, CHOOSE_OFFICE)
    elif request.method == "POST" and office is not None and form.is_valid():
        try:
            point = survey_entry_point_create(
                actor=ws.user,
                office=office,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                questionnaire_key=form.cleaned_data["survey"].key,
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, POINT_CREATED % {"name": point.name})
            return redirect("surveys:points")
    points = selectors.entry_points_for(ws.user)
    if ws.office is not None:
        points = points.filter(office=ws.office)
    return render_page(request, ws, "surveys/staff/points.html", form=form, points=points)


@workspace_view
def poster(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    if ws.role not in selectors.SURVEY_VIEWERS:
        return _forbidden(request, ws)
    point = get_object_or_404(selectors.entry_points_for(ws.user), pk=pk)
    url = public_link(point)
    qr = segno.make(url, error="m").svg_inline(scale=8, dark="#000")
    return render_page(
        request, ws, "surveys/staff/poster.html", point=point, url=url, qr=qr, year=timezone.localdate().year
    )


@require_POST
@workspace_view
def entry_point_deactivate(request: HttpRequest, ws: Workspace, pk: int) -> HttpResponse:
    point = get_object_or_404(selectors.entry_points_for(ws.user), pk=pk)
    try:
        survey_entry_point_deactivate(actor=ws.user, entry_point=point)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, POINT_DEACTIVATED % {"name": point.name})
    return redirect("surveys:points")
