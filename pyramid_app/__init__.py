"""Pyramid Planner: draw an organisation as an inverted pyramid and plan how managers serve."""

__version__ = "0.1.0"
