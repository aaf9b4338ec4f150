"""The UI-free core: document model, loaders, store and export. Never imports Textual."""
