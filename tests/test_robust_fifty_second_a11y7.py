"""The fifty-second round of hostile testing, a11y7: the app for a keyboard-only user on the system's own palettes
(high-contrast and dark themes whose selection colour is dark), with a large font and at 200 %: what the keys reach and
whether the frame that shows where they are can be seen, measured on grabbed pixels; each test is checked to fail on
the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import keyed
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from gui.canvas import DrawingCanvas
from gui.teach import TeachDialog
from gui.text_box import TextArea
from gui.theme import MIN_CONTRAST, contrast

# Dark themes whose selection colour is itself dark: white text on it reads well (so the app leaves it), but a frame
# drawn in it all but vanishes on the window. Adwaita-dark's selection on its window, and Windows' dark mode with a
# purple accent chosen (Qt takes the accent as the selection colour).
DARK_SELECTIONS = {"adwaita-dark": ("#353535", "#15539e"), "windows-dark-purple": ("#202020", "#744da9")}


def _palette(window: str, highlight: str) -> QPalette:
    """A dark palette as a desktop hands it over: light text on ``window``, white on the selection ``highlight``."""
    palette = QPalette()
    for role, color in {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.Base: window,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.WindowText: "#eeeeec",
        QPalette.ColorRole.Text: "#eeeeec",
        QPalette.ColorRole.ButtonText: "#eeeeec",
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }.items():
        palette.setColor(role, QColor(color))
    return palette


def _framed_contrast(widget: QWidget, spots: list[tuple[int, int]]) -> float:
    """How far the most standing-out pixel among ``spots`` (where the frame lies) stands out from the window."""
    image = widget.grab().toImage()
    window = widget.palette().color(QPalette.ColorRole.Window)
    return max(contrast(image.pixelColor(x, y), window) for x, y in spots)


@pytest.mark.parametrize("theme", sorted(DARK_SELECTIONS))
def test_the_focus_frame_stands_out_from_a_dark_window_whatever_the_selection_colour(qtbot, theme: str) -> None:
    """Tab showed where the keys were by a frame in the palette's selection colour, as given: on a dark theme whose
    selection is dark (Adwaita-dark's #15539e on #353535: 1.6:1; a purple Windows accent: 2.8:1) the frame round the
    drawing, a view, a text box or a row of examples was under WCAG's 3:1 for a focus indicator, to a person with low
    vision all but unseen. It is now the selection colour lightened (on a light window darkened) until it stands out
    3:1 from the window; where it does already (the app's own light and dark palettes) it is as it was."""
    palette = _palette(*DARK_SELECTIONS[theme])
    area = TextArea(QLabel("Keyboard shortcuts"), "Keyboard shortcuts")
    area.setPalette(palette)
    keyed(qtbot, area, (200, 120))
    frame = [(0, 60), (1, 60), (100, 0), (199, 60)]
    assert _framed_contrast(area, frame) >= MIN_CONTRAST
    canvas = DrawingCanvas()
    canvas.setPalette(palette)
    keyed(qtbot, canvas, (300, 300))
    qtbot.keyClick(canvas, Qt.Key.Key_Tab)  # the only stop: Tab leaves the keys here, framed (shown first, it had them)
    rect = canvas.document_rect()
    middle = int(rect.center().y())
    edge = [(x, middle) for x in range(max(0, int(rect.left()) - 2), int(rect.left()) + 2)]  # the pen's 2 px
    assert _framed_contrast(canvas, edge) >= MIN_CONTRAST


def test_the_focus_frame_keeps_a_selection_colour_that_stands_out_already(qtbot) -> None:
    """The app's own dark palette's selection (#8ab4f8 on #202124, 7.7:1) frames in that very colour."""
    palette = _palette("#202124", "#8ab4f8")
    area = TextArea(QLabel("About"), "About")
    area.setPalette(palette)
    keyed(qtbot, area, (200, 120))
    assert area.grab().toImage().pixelColor(0, 60) == QColor("#8ab4f8")
    assert area.hasFocus() and area.focusPolicy() != Qt.FocusPolicy.NoFocus


@pytest.mark.parametrize("theme", sorted(DARK_SELECTIONS))
def test_the_teach_dialogs_status_line_holding_the_keys_is_framed_to_be_seen(qtbot, theme: str) -> None:
    """Cancel pressed by Space (or the model written) hands the keys to the teach dialog's status line, framed by a
    style sheet in ``palette(highlight)``: on those dark themes 1.6:1 and 2.6:1, the one control with the keys unseen.
    It is framed in the focus colour too."""
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(_palette(*DARK_SELECTIONS[theme]))  # the desktop's: a label with a style sheet takes no other
    try:
        dialog = TeachDialog()
        keyed(qtbot, dialog)
        dialog.cancel_button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(dialog.cancel_button.hasFocus)
        dialog._cancel_off()  # what Cancel and the model's writing call: Cancel off, its keys on the status line
        qtbot.waitUntil(dialog.status.hasFocus)
        middle = dialog.status.height() // 2
        assert _framed_contrast(dialog.status, [(0, middle), (dialog.status.width() - 1, middle)]) >= MIN_CONTRAST
    finally:
        app.setPalette(before)
