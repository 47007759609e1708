"""The staff workspace: thin views over ``selectors`` (every read) and ``services`` (every write).

Every view is a ``workspace_view`` (see ``base``): logged in, a role that works on citizens'
applications (the system administrator uses the Django admin instead), and the office being worked
on. NIK is typed only into POST forms, so it never appears in a URL or a server log.
"""
