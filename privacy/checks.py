from django.core.checks import Error, register


@register()
def encryption_keys_are_usable(app_configs, **kwargs):
    """Every key in FIELD_ENCRYPTION_KEY must open a Fernet (production.py also refuses the
    development key outright)."""
    from .crypto import _fernet

    try:
        _fernet.cache_clear()
        _fernet()
    except Exception as exc:  # noqa: BLE001 - reported as a check error
        return [Error(str(exc), id="privacy.E001")]
    return []
