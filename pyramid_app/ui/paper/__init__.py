"""Paper: a page for every manager and the whole organisation across pages (Qt's PDF writer)."""
