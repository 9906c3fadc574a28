"""Allow ``python -m pyramid_app``."""

from pyramid_app.cli import main

raise SystemExit(main())
