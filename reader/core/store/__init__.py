"""The annotation store: one SQLite file through sqlite-utils (schema, records, full-text search).

The package imports nothing itself, so `reader search` can use `fulltext` without loading
sqlite-utils."""
