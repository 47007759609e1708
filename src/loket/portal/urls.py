"""The portal owns the site root. Public pages have Indonesian paths (the citizen's language); the
staff pages for complaints live under /complaints/ like the other staff areas."""

from django.urls import path

from loket.portal import staff_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("kantor/<slug:code>/", views.office_detail, name="office"),
    path("persyaratan/", views.requirements, name="requirements"),
    path("standar-pelayanan/", views.service_standard, name="standard"),
    path("tanya-jawab/", views.faq, name="faq"),
    path("lacak/", views.track, name="track"),
    path("lacak/pesan/", views.track_messages, name="track_messages"),
    path("pengaduan/", views.complaint_new, name="complaint_new"),
    path("pengaduan/terkirim/", views.complaint_filed, name="complaint_filed"),
    path("pengaduan/lacak/", views.complaint_follow, name="complaint_follow"),
    path("complaints/", staff_views.complaint_index, name="staff_complaints"),
    path("complaints/figures/", staff_views.complaint_figures, name="staff_complaint_figures"),
    path("complaints/<int:pk>/", staff_views.complaint_detail, name="staff_complaint"),
    path("complaints/<int:pk>/staff/", staff_views.complaint_staff, name="staff_complaint_staff"),
    path(
        "complaints/<int:pk>/attachment/", staff_views.complaint_attachment, name="staff_complaint_attachment"
    ),
]
