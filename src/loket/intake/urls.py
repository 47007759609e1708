"""Intake pages, mounted at /queue/. Public: kiosk, ticket pages, display board, online booking.
Staff: counter console, bookings of the day, outreach. No personal data in any address."""

from django.urls import path

from loket.intake.views import board, booking, console, kiosk, outreach, staff_bookings

app_name = "intake"
urlpatterns = [
    # Public
    path("kiosk/<slug:office>/", kiosk.kiosk, name="kiosk"),
    path("kiosk/<slug:office>/check-in/", kiosk.kiosk_check_in, name="kiosk_check_in"),
    path("kiosk/<slug:office>/enrol/", kiosk.kiosk_enrol, name="kiosk_enrol"),
    path("t/<str:token>/", kiosk.ticket_live, name="ticket"),
    path("t/<str:token>/print/", kiosk.ticket_print, name="ticket_print"),
    path("board/<slug:office>/", board.board, name="board"),
    path("board/<int:office_id>/state/", board.board_update, name="board_state"),
    path("booking/", booking.offices, name="booking_offices"),
    path("booking/find/", booking.find, name="booking_find"),
    path("booking/new/<slug:office>/", booking.book, name="book"),
    path("booking/<str:code>/", booking.booking, name="booking"),
    path("booking/<str:code>/cancel/", booking.cancel, name="booking_cancel"),
    path("booking/<str:code>/reschedule/", booking.reschedule, name="booking_reschedule"),
    # Staff
    path("console/", console.index, name="console_index"),
    path("console/<int:station>/", console.console, name="console"),
    path("console/<int:station>/panel/", console.panel, name="console_panel"),
    path("console/<int:station>/call-number/", console.call_number, name="console_call_number"),
    path("console/<int:station>/transfer/", console.transfer, name="console_transfer"),
    path("console/<int:station>/link/", console.link, name="console_link"),
    path("console/<int:station>/register/", console.register, name="console_register"),
    path("console/<int:station>/cancel/<int:ticket>/", console.cancel, name="console_cancel"),
    path("console/<int:station>/<slug:action>/", console.act, name="console_act"),
    path("bookings/", staff_bookings.bookings, name="bookings"),
    path("bookings/<int:pk>/<slug:action>/", staff_bookings.booking_action, name="booking_action"),
    path("outreach/", outreach.index, name="outreach"),
    path("outreach/requests/new/", outreach.request_new, name="outreach_request_new"),
    path("outreach/events/new/", outreach.event_new, name="outreach_event_new"),
    path("outreach/events/<int:pk>/", outreach.event, name="outreach_event"),
    path("outreach/events/<int:pk>/close/", outreach.event_close, name="outreach_event_close"),
    path("outreach/people/<int:pk>/outcome/", outreach.outcome, name="outreach_outcome"),
]
