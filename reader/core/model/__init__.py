"""The document model: articles, highlights and notes, and the labels shown for them. The lowest core layer."""
