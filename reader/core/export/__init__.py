"""Annotations out of the store.

`formats`: Markdown, W3C Web Annotation JSON and Readwise CSV; `folder`: a folder of Markdown
files (an Obsidian vault, a notes repository); `files`: writing a file without ever replacing
one someone else made or changed.
"""
