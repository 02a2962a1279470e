from django.apps import AppConfig


class ArgumentsConfig(AppConfig):
    name = "arguments"
    verbose_name = "Debates and arguments"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import flag_one_time_password

        user_logged_in.connect(flag_one_time_password, dispatch_uid="flag_one_time_password")
