"""The reading screen: `ReadingScreen` (screen.py), which composes and routes, and the plain
controllers beside it: `Annotator` (highlights and notes, undo), `AnalysisRunner` (the
cached or running analysis), `SearchController` (the search prompt) and `EntityMarker`
(which entity's mentions are coloured); its keys are in bindings.py.

Its stylesheet is reading.tcss in this package, as listed in
`ReaderApp.CSS_PATH`. A screen reads `CHILD_PROCESS_CHARS` from here when it is made, so
setting it here (as tests do, to treat an article as a book) takes effect.
"""

from reader.ui.screens.reading.analysis_runner import CHILD_PROCESS_CHARS
from reader.ui.screens.reading.annotator import RELOAD_DELAY
from reader.ui.screens.reading.screen import ReadingScreen

__all__ = ["CHILD_PROCESS_CHARS", "RELOAD_DELAY", "ReadingScreen"]
