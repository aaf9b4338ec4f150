"""ConfirmDialog: a yes-or-no question asked before something is thrown away."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from reader.core.text.display import for_display


class ConfirmDialog(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes (**y**, Enter on Yes) and False for no
    (**n**, **Escape**)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", tooltip="Yes, go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no", tooltip="No, keep it"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        """A dialog asking `question` (plain text, never markup).

        Args:
            question: what to ask, as one or two sentences.
            yes: the label of the button that agrees.
            no: the label of the button that declines.
        """
        super().__init__()
        self.question = question
        """The question shown."""
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(for_display(self.question), id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes_label} (y)", id="confirm-yes", variant="error")
                yield Button(f"{self.no_label} (n)", id="confirm-no", variant="primary")

    def on_mount(self) -> None:
        # Declining is the safe answer, so Enter on the first focus keeps things as they are.
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(yes)

    @on(Button.Pressed)
    def answer_by_button(self, event: Button.Pressed) -> None:
        """Close the dialog with the button's answer."""
        self.dismiss(event.button.id == "confirm-yes")
