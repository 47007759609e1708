"""WSGI entry point of the central registry (``loket central serve`` runs gunicorn on it)."""

import os

from django.core.wsgi import get_wsgi_application

# Always the centre's settings, whatever the shell says: the office's settings would serve its own site.
os.environ["DJANGO_SETTINGS_MODULE"] = "loket.central.settings"
application = get_wsgi_application()
