"""The document model: articles, highlights and notes, and their labels. The lowest layer."""
