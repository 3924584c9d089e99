"""Exports: a spreadsheet writer safe against formula injection, and the
datakwaliteitslogboek. Every exporter asks ``core.privacy.identifier_warning``
first when what it writes contains data rows."""
