"""The spreadsheet that comes in: an HR export read, checked and built into an organisation."""
