"""The fiftieth round of hostile testing, leftovers2: small defects the round's other areas saw and left, an ICO's
bitmap decoded before its memory was counted (and refused by its doubled height), the "Inside the LSTM" view's float
button out of the keyboard's reach, the Shift+F1 status tooltip hanging over the window's edge; each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from gui_window import window_without_model
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from gui.focus_chain import tab_stops
from rowreader.picture import read_picture
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PictureError, TooLarge


def _ico_of_bitmap(width: int, height: int, bits: int, whole: bool, path: Path) -> Path:
    """An ICO holding one Windows bitmap of ``width`` × ``height`` pixels of ``bits`` bits (its header's height twice
    that, the AND mask's rows too), its pixels zeros, sparse when ``whole``, else cut off 1,000 bytes in."""
    head = struct.pack("<IiiHHIIiiII", 40, width, 2 * height, 1, bits, 0, 0, 0, 0, 0, 0)
    length = len(head) + ((width * bits + 31) // 32 * 4 + (width + 31) // 32 * 4) * height
    with path.open("wb") as file:
        file.write(bytes([0, 0, 1, 0, 1, 0]) + struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, bits, length, 22) + head)
        if whole:
            file.truncate(22 + length)
        else:
            file.write(bytes(1000))
    return path


def _refusal(path: Path) -> PictureError:
    with pytest.raises(PictureError) as refused:
        read_picture(path)
    return refused.value


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "cut off"])
def test_an_icos_bitmap_too_large_to_read_is_refused_from_its_header(tmp_path: Path, whole: bool) -> None:
    """An ICO holding a 32-bit bitmap of 9,000² (a 330 MB file) was decoded by PIL as it opened the icon, 734 MB
    and 2.5 s, before it was refused as taking "about 309 MB" (its RGBA picture alone); cut off, it was "a damaged ICO
    icon" and ``too_large`` said False. Its memory is now counted from its header, as PIL decodes it (9 bytes a pixel
    of more than 8 bits: its pixels, the file's bytes read again for their alpha, the mask, the RGBA picture), and it
    is refused as too large, whole or cut off, before a pixel is decoded."""
    path = _ico_of_bitmap(9000, 9000, 32, whole, tmp_path / "big.ico")
    refused = _refusal(path)
    assert isinstance(refused, TooLarge), refused
    assert str(refused).startswith("an ICO icon's 32-bit bitmap of 9,000×9,000 pixels would take about 695 MB"), refused
    assert too_large(path) is True


def test_an_icos_bitmap_past_pillows_limit_is_named_by_its_real_size(tmp_path: Path) -> None:
    """A bitmap of 11,000² in an ICO (121 million pixels, under the 134 million read) was refused by Pillow's own
    limit as "242,000,000 pixels", double its real size: its header's height holds the AND mask's rows too. It is now
    refused before Pillow opens it, by its real size."""
    refused = _refusal(_ico_of_bitmap(11_000, 11_000, 8, False, tmp_path / "big.ico"))
    assert isinstance(refused, TooLarge), refused
    assert "11,000×11,000 pixels" in str(refused) and "242,000,000" not in str(refused), refused


@pytest.mark.parametrize("bits", [1, 4, 8, 24, 32])
def test_an_icos_bitmap_is_counted_by_its_own_bits(tmp_path: Path, bits: int) -> None:
    """A bitmap of 8 bits or fewer decodes to a byte a pixel, not four: counted at 6 bytes a pixel (6.1 measured for
    8,000² of 8 bits, 413 MB, which was read though over the 256 MB a picture may take: now refused), the wider at 9
    (8.97 measured); one just under the limit either way is not refused for its size."""
    each = 9 if bits > 8 else 6
    under = int((2**28 / each) ** 0.5) - 1
    with pytest.raises(PictureError) as refused:
        read_picture(_ico_of_bitmap(under, under, bits, False, tmp_path / "under.ico"))
    assert not isinstance(refused.value, TooLarge), refused.value
    assert isinstance(_refusal(_ico_of_bitmap(under + 2, under + 2, bits, False, tmp_path / "over.ico")), TooLarge)


def test_an_ico_of_bitmaps_saved_by_pillow_still_reads(tmp_path: Path) -> None:
    """Icons as they are made (bitmaps of 16² to 256², 32-bit) read as before."""
    picture = Image.new("RGBA", (256, 256), (255, 255, 255, 255))
    picture.paste((0, 0, 0, 255), (100, 40, 156, 216))
    buffer = io.BytesIO()
    picture.save(buffer, "ICO", sizes=[(16, 16), (256, 256)], bitmap_format="bmp")
    path = tmp_path / "icon.ico"
    path.write_bytes(buffer.getvalue())
    assert read_picture(path) is not None
    assert too_large(path) is False


def _pixels_of(widget: QWidget, colour: QColor) -> int:
    """How many of ``widget``'s pixels, as it paints itself, are ``colour``."""
    image = widget.grab().toImage()
    return sum(image.pixelColor(x, y) == colour for x in range(image.width()) for y in range(image.height()))


def test_the_lstm_views_float_button_is_reached_by_tab_and_named(qtbot, tmp_path: Path) -> None:
    """ "Inside the LSTM"'s float button took no keys (Qt's dock buttons are the mouse's alone) and was named "Float",
    not whose or what it does: a keyboard user could not float the view, and a screen reader heard "Float". It is
    now the Tab stop after the view, framed in the highlight colour while it has the keys (Qt draws none), named for
    what Space on it does, floating the view and docking it again (Space there is the button's, not the window's
    Play)."""
    window = window_without_model(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    dock = window.heatmap_dock
    button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    stops = tab_stops(window)  # no model: the views take no keys, the canvas alone
    assert stops == [window.canvas, button], stops
    focus_chain = [window.heatmap]
    while focus_chain[-1] is not button and len(focus_chain) < 10:
        focus_chain.append(focus_chain[-1].nextInFocusChain())
    assert focus_chain[-1] is button, focus_chain  # next after the view, where it takes the keys
    assert button.accessibleName() == "Float Inside the LSTM in a window of its own", button.accessibleName()
    assert button.toolTip() == button.accessibleName()
    highlight = button.palette().color(QPalette.ColorRole.Highlight)
    assert _pixels_of(button, highlight) == 0  # Qt draws its dock buttons no focus: framed here, as the views are
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    assert _pixels_of(button, highlight) >= 2 * button.width()
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(dock.isFloating)
    assert button.accessibleName() == "Dock Inside the LSTM in the window again", button.accessibleName()
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dock.isFloating())


def _tooltip() -> QWidget:
    """Qt's tooltip window, shown."""
    shown_tips = [w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label" and w.isVisible()]
    assert len(shown_tips) == 1, shown_tips
    return shown_tips[0]


def test_the_status_lines_whole_text_opens_inside_the_window(qtbot, tmp_path: Path) -> None:
    """Shift+F1 opened the status bar's whole text at the bar's top-left corner, where Qt places a tooltip 16 px
    below the point it is given: over the bar and past the window's bottom edge (58 of its 66 px below a window
    of 644 × 567), over whatever lay under the window. It now opens just above the bar, inside the window, the bar it
    speaks of left in sight."""
    window = window_without_model(qtbot, tmp_path, size=(640, 480))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.status.say("Examples cannot be kept: " + "/a/long/folder" * 12 + " is a file, not a folder", 20_000)
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    tip = _tooltip().frameGeometry()
    bar = window.statusBar()
    bar_top = bar.mapToGlobal(QPoint(0, 0)).y()
    assert window.frameGeometry().contains(tip), (tip, window.frameGeometry())
    assert tip.bottom() < bar_top, (tip, bar_top)
