"""The organisation model: plain Python and numpy, never Qt."""
