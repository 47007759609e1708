"""The staff workspace, mounted at /staff/. Applications are addressed by their database id; a NIK is
never part of a URL (search posts it)."""

from django.urls import path

from loket.applications.views import actions, blanks, pages

app_name = "workspace"
urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search, name="search"),
    path("worklist/<slug:status>/", pages.worklist, name="worklist"),
    path("overdue/", pages.overdue, name="overdue"),
    path("applications/new/", actions.application_new, name="application_new"),
    path("applications/new/checklist/", actions.checklist_fragment, name="checklist"),
    path("applications/<int:pk>/", pages.application_detail, name="application"),
    path("applications/<int:pk>/slip/", pages.receipt_slip, name="slip"),
    path("applications/<int:pk>/requirements/", actions.application_requirements, name="requirements"),
    path("applications/<int:pk>/transition/", actions.application_transition, name="transition"),
    path("applications/<int:pk>/print/", actions.application_print, name="print"),
    path("applications/<int:pk>/pickup/", actions.application_pickup, name="pickup"),
    path("applications/<int:pk>/suket/", actions.application_suket, name="suket_issue"),
    path("applications/<int:pk>/suket/<int:suket_pk>.pdf", pages.suket_pdf, name="suket_pdf"),
    path("blanks/", blanks.blanks, name="blanks"),
    path("blanks/receive/", blanks.blanks_receive, name="blanks_receive"),
    path("blanks/correct/", blanks.blanks_correct, name="blanks_correct"),
]
