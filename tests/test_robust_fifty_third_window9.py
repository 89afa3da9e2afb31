"""The fifty-third round of hostile testing, window9: the app in a real window on small and odd screens, under a light
and a dark theme: what stays reachable and readable, contrast measured on grabbed pixels; each test is checked to fail
on the code before its fix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gui_window import exposed, shown
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from gui.keep_dialog import KeepExampleDialog
from gui.theme import MIN_CONTRAST, MIN_TEXT_CONTRAST, contrast, view_colours
from gui.timeline import BeliefTimeline
from rowreader.session import DigitSession

# Dark themes whose selection colour is itself dark (the fifty-second round's a11y7): Adwaita-dark's on its window,
# Windows' dark mode with a purple accent; and a light one whose selection is pale (a light accent on white)
THEMES = {
    "adwaita-dark": ("#353535", "#15539e", "#ffffff"),
    "windows-dark-purple": ("#202020", "#744da9", "#ffffff"),
    "pale-accent-light": ("#f6f5f4", "#99c1f1", "#000000"),
}


def _palette(window: str, highlight: str, highlighted_text: str) -> QPalette:
    """A palette as a desktop hands it over: text that stands out on ``window``, ``highlighted_text`` on the
    selection ``highlight``."""
    text = "#eeeeec" if QColor(window).lightness() < 128 else "#2e3436"
    palette = QPalette()
    for role, color in {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.Base: window,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: highlighted_text,
    }.items():
        palette.setColor(role, QColor(color))
    return palette


def _colours(image, button) -> list[QColor]:
    """The pixels inside ``button`` (its edges left out), read from the dialog's grab ``image``."""
    at = button.geometry()
    return [
        image.pixelColor(x, y)
        for x in range(at.left() + 3, at.right() - 2)
        for y in range(at.top() + 3, at.bottom() - 2)
    ]


@pytest.fixture(params=sorted(THEMES))
def desktop(request) -> Iterator[str]:
    """The app on a desktop theme's palette, as the system hands it over; the app's own put back after."""
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(_palette(*THEMES[request.param]))
    yield request.param
    app.setPalette(before)


def test_the_keep_dialogs_selected_digit_stands_out_from_the_others_and_its_digit_reads(qtbot, desktop: str) -> None:
    """The selected digit of Keep was filled in the palette's selection colour as given: on Adwaita-dark 1.6:1 from
    the other nine, under WCAG's 3:1 for a selected state, so which digit Enter keeps was all but unseen. Its fill
    must stand out 3:1 from an unselected digit's, and its digit 4.5:1 from its fill, on grabbed pixels."""
    dialog = KeepExampleDialog(7, lambda digit: None)
    qtbot.addWidget(dialog)
    dialog.show()
    exposed(qtbot, dialog)
    image = dialog.grab().toImage()
    chosen, other = _colours(image, dialog.group.button(7)), _colours(image, dialog.group.button(3))
    fill = max(set(c.rgb() for c in chosen), key=[c.rgb() for c in chosen].count)  # the most common: its fill
    fill, others = QColor.fromRgb(fill), max(set(c.rgb() for c in other), key=[c.rgb() for c in other].count)
    assert contrast(fill, QColor.fromRgb(others)) >= MIN_CONTRAST, (fill.name(), QColor.fromRgb(others).name())
    assert max(contrast(c, fill) for c in chosen) >= MIN_TEXT_CONTRAST, fill.name()


def test_a_charts_axis_labels_take_the_window_s_colours_as_it_becomes_active(qtbot) -> None:
    """Under Adwaita-dark (Qt's gtk3 theme, in a real window) a window not in front writes its text dimmer, #919190
    for #ffffff. The chart kept its axes in a layer keyed by the palette's cacheKey, which is the same whichever
    group is current: painted while the window was behind (its start, a floating dock in front), "100 %" and the
    rows' numbers stayed 2.2:1 on #323232 once it was in front, for good. In front, they are as in front."""
    palette = _palette(*THEMES["adwaita-dark"])
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.WindowText, QColor("#919190"))
    chart = BeliefTimeline(DigitSession())
    chart.setPalette(palette)
    other = shown(qtbot, QWidget())
    shown(qtbot, chart, (560, 300))
    other.activateWindow()
    qtbot.waitUntil(lambda: not chart.isActiveWindow())
    chart.grab()  # painted behind
    chart.activateWindow()
    qtbot.waitUntil(chart.isActiveWindow)
    image, plot = chart.grab().toImage(), chart.plot_rect().toRect()
    _, window, muted = view_colours(chart.palette())
    labels = [image.pixelColor(x, y) for x in range(0, plot.left() - 2) for y in range(plot.top(), plot.bottom())]
    assert max(contrast(c, window) for c in labels) >= contrast(muted, window) - 0.1, muted.name()


@pytest.mark.parametrize("theme", ["adwaita-light", "breeze-light", "adwaita-dark-gtk"])
def test_a_charts_axis_labels_read_on_the_desktops_own_palette(qtbot, theme: str) -> None:
    """The charts' axes, the maps' rows and legend and the views' hints are written in a shade 55 % of the way from
    the window to its text: 4.57:1 on the app's own palettes, but the app follows the desktop's, and on Breeze light
    (#232627 on #eff0f1, as KDE hands it to Qt) "100 %" and the rows' numbers stood out 3.4:1, on GTK's own Adwaita
    colours (#2e3436 on #f6f5f4) 3.2:1, on its dark ones 4.4:1, under WCAG's 4.5:1 for text. On the grabbed chart."""
    window, text = {
        "adwaita-light": ("#f6f5f4", "#2e3436"),
        "breeze-light": ("#eff0f1", "#232627"),
        "adwaita-dark-gtk": ("#353535", "#eeeeec"),
    }[theme]
    palette = _palette(window, "#3584e4", "#ffffff")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(text))
    chart = BeliefTimeline(DigitSession())
    chart.setPalette(palette)
    shown(qtbot, chart, (560, 300))
    image, plot = chart.grab().toImage(), chart.plot_rect().toRect()
    labels = [image.pixelColor(x, y) for x in range(0, plot.left() - 2) for y in range(plot.top(), plot.bottom())]
    assert max(contrast(c, QColor(window)) for c in labels) >= MIN_TEXT_CONTRAST


_grey = st.integers(0, 255).map(lambda v: QColor(v, v, v))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(window=_grey, text=_grey)
@example(window=QColor("#f6f5f4"), text=QColor("#2e3436"))
def test_the_muted_shade_reads_wherever_the_text_does(window: QColor, text: QColor) -> None:
    """Whatever the desktop's window and text colours, the views' muted shade stands out 4.5:1 from the window
    wherever the text itself does (else it is the text), and lies between the two."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, window)
    palette.setColor(QPalette.ColorRole.WindowText, text)
    _, _, muted = view_colours(palette)
    assert contrast(muted, window) >= min(MIN_TEXT_CONTRAST, contrast(text, window)) - 1e-9
    assert contrast(muted, window) <= contrast(text, window) + 1e-9


@pytest.mark.parametrize("window", ["#efefef", "#ffffff", "#353535", "#323232"])
def test_the_teach_charts_lines_stand_out_from_the_dialog(qtbot, window: str) -> None:
    """The teach chart drew its two lines in fixed colours: MNIST test's orange stood out 2.6:1 from the app's own
    light dialog (#efefef; 3.0 on white), your held-out examples' blue 2.5–2.7:1 from Adwaita-dark's window (seen in
    the real window at 200 %), under WCAG's 3:1 for graphics. Each legend swatch, as its line, stands out 3:1."""
    from gui.teach_chart import TeachChart

    chart = TeachChart()
    text = "#eeeeec" if QColor(window).lightness() < 128 else "#2e3436"
    chart.setPalette(_palette(window, "#15539e", "#ffffff"))
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    chart.setPalette(palette)
    shown(qtbot, chart, (520, 300))
    picture, metrics = chart.grab().toImage(), chart.fontMetrics()
    ratio = picture.devicePixelRatio()
    for _, name, at in chart._legend():
        left, middle = at.x() - chart.SWATCH_GAP - chart.SWATCH, at.y() - metrics.ascent() / 2 + 1
        row = [picture.pixelColor(round((left + i) * ratio), round(middle * ratio)) for i in range(1, 4)]
        assert max(contrast(c, QColor(window)) for c in row) >= MIN_CONTRAST, (name, [c.name() for c in row])
