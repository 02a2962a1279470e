import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Read by the settings: no persistent database connections under ASGI (see DATABASES).
os.environ["LEDGER_ASGI"] = "1"
application = get_asgi_application()
