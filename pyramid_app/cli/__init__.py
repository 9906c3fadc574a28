"""The ``pyramid-app`` command line: :mod:`pyramid_app.cli.main` chooses the window or a headless
subcommand; each subcommand is a module here (validate, render, project, plan, coverage, export,
apply_updates), the options they share are in :mod:`pyramid_app.cli.options` and what they share
to run and print in :mod:`pyramid_app.cli.running`."""

from pyramid_app.cli.main import EXIT_READER_GONE, build_window_parser, main

__all__ = ["EXIT_READER_GONE", "build_window_parser", "main"]
