from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ModelBackendWithoutGrants(ModelBackend):
    """Checks passwords only: permissions come from roles, never from per-user grants,
    so the user administrator cannot hand anyone (themself included) extra rights.
    With PASSWORD_SIGN_IN off no password signs anyone in, in the admin's login either."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
