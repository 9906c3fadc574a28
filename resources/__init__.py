"""Files shipped with the app (installed as the ``pyramid_app.resources`` package)."""
