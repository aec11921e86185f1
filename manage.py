#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, connection

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # One line naming the variable, not a traceback ending in "KeyError: 'import_feed'".
        sys.exit(f"Configuration error: {error}")
    except OperationalError as error:
        if connection.connection is not None:
            raise  # connected, then a query failed: that traceback is worth reading
        # A typo in the host, a database not created yet, PostgreSQL not started: one line
        # naming the variable, not fifty lines of psycopg's connection code.
        name = connection.settings_dict["NAME"]
        sys.exit(f"Cannot connect to the database {name} (DATABASE_URL): {str(error).strip()}")
