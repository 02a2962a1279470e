from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development commands: `benchmark`, `loadtest`, `generate_debate`. Installed when
    DEBUG is on (or DEVTOOLS=1); production settings leave them out."""

    name = "arguments.devtools"
    label = "devtools"
