"""The pyramid view and its scene items."""
