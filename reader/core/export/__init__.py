"""Annotations out of the store: Markdown, W3C JSON and CSV (`formats`), and a folder of Markdown files (`folder`)."""
