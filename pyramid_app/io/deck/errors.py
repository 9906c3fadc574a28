"""What can go wrong writing a deck, said so the user can act on it."""

from __future__ import annotations


class DeckError(Exception):
    """The deck was not written (a slide name unknown, a file that cannot be replaced); the
    message says what and what to do."""
