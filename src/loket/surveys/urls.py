from django.urls import path

from loket.surveys.views import editing, public, staff

app_name = "surveys"
urlpatterns = [
    # Public: anonymous, mobile first.
    path("i/<str:token>/", public.invitation, name="invitation"),
    path("o/<str:token>/", public.entry, name="entry"),
    path("o/<str:token>/thanks/", public.entry_thanks, name="entry_thanks"),
    path("thanks/", public.thanks, name="thanks"),
    # Staff.
    path("staff/", staff.dashboard, name="dashboard"),
    path("staff/report.<str:fmt>", staff.report_download, name="report"),
    path("staff/paper/", staff.paper_entry, name="paper"),
    path("staff/import/", staff.import_file, name="import"),
    path("staff/points/", staff.entry_points, name="points"),
    path("staff/points/<int:pk>/poster/", staff.poster, name="poster"),
    path("staff/points/<int:pk>/deactivate/", staff.entry_point_deactivate, name="point_deactivate"),
    path("staff/questionnaires/", editing.questionnaire_list, name="questionnaires"),
    path("staff/questionnaires/<slug:key>/", editing.questionnaire_edit, name="questionnaire_edit"),
]
