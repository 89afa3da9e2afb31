"""Qt's file dialogs fitted to their screen, their detail columns to their text.

Qt's own file dialogs (Open image, Open model, Save drawing, the teach folders) are fitted as the app's own dialogs
are (gui/screen_room.py): Qt opened them at a size of its own, whatever the screen (at 200 % on a 1024×700 screen
632 × 412 px on a screen of 512 × 350, the file name box and the Open and Save buttons below its edge, out of the
mouse's reach), their Size, Type and Date columns as narrow as Qt first made them ("975…tes", "JPE…age"). They are
made in several modules and by Qt's static functions; each is a child of the window, so :class:`FileDialogFit`
watches the window's children and fits each as it is shown; each tells its files' types by their names
(gui/file_icons.py), never reading one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QListView, QSplitter, QTreeView, QWidget

from gui.file_icons import name_only_icons
from gui.screen_room import screen_room

DETAIL_COLUMNS = (1, 2, 3)  # Size, Type and Date modified in the file dialog's detail view (0, the name, stretches)


class FileDialogFit(QObject):
    """Installed on a window: every file dialog of that window is made to fit its screen, its columns their text."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A dialog of the window is polished (before it is first shown): its own Show is watched. A file dialog is
        known only then: while a child is made, it is not yet of its final type."""
        if event.type() == QEvent.Type.ChildPolished and isinstance(child := event.child(), QDialog):
            child.installEventFilter(self)  # once: Qt keeps one entry per filter
            if isinstance(child, QFileDialog):  # before its event loop hands it the listing's first files
                child.setIconProvider(name_only_icons())
        elif event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog):
            fit_file_dialog(watched)
        return False


def fit_file_dialog(dialog: QFileDialog) -> None:
    """No larger than its screen's room (Qt then centres it on its window, on the screen), and the detail columns
    widened to their text whenever the files listed change (a folder entered, its sizes and types read)."""
    dialog.resize(dialog.size().boundedTo(screen_room(dialog)).expandedTo(dialog.minimumSizeHint()))
    widen_sidebar(dialog)
    view = dialog.findChild(QTreeView, "treeView")  # the detail view (Qt's own name for it)
    if view is None or view.model() is None:
        return
    widen_columns(view)
    if view.findChild(ColumnWidener) is None:  # a dialog shown again (``exec`` twice) keeps its one
        ColumnWidener(view)


class ColumnWidener(QTimer):
    """Widens its view's detail columns once an event-loop pass after the files listed change (a folder entered,
    its sizes and types read); gone with its view."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view, singleShot=True)
        self.setInterval(0)  # not interval=: see gui.app.create_app
        self.timeout.connect(self._widen)
        model = view.model()
        for changed in (model.rowsInserted, model.layoutChanged, model.dataChanged, model.modelReset):
            changed.connect(self.start)

    def _widen(self) -> None:
        # the view asked for anew: a wrapper kept from the Show was "already deleted" by then, the view alive
        view = self.parent()
        if isinstance(view, QTreeView):
            widen_columns(view)


def widen_sidebar(dialog: QFileDialog) -> None:
    """The side panel of places (Computer, the home folder) as wide as its names, up to a third of the dialog: Qt
    opened it 98 px wide, its names cut without a mark ("home-live12" as "home-live1", "home-window25" as
    "home-wind"), a scroll bar under them; and as wide as its first place's name, one of 60 letters leaving the files
    listed 88 px of 606. One the user made wider is kept (Qt restores it the next time), up to that third."""
    side, splitter = dialog.findChild(QListView, "sidebar"), dialog.findChild(QSplitter, "splitter")
    if side is None or splitter is None or side.model() is None or len(sizes := splitter.sizes()) != 2:
        return
    third = sum(sizes) // 3
    wanted = min(max(sizes[0], side.sizeHintForColumn(0) + 2 * side.frameWidth()), third)
    if wanted != sizes[0]:
        splitter.setSizes([wanted, sum(sizes) - wanted])


def widen_columns(view: QTreeView) -> None:
    """The detail columns at least as wide as the text of the files in sight; wider ones the user made are kept."""
    header = view.header()
    for column in DETAIL_COLUMNS:
        if column < header.count() and not header.isSectionHidden(column):
            header.resizeSection(column, max(header.sectionSize(column), view.sizeHintForColumn(column)))
