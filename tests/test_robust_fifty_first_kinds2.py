"""The fifty-first round of hostile testing, kinds2: the files RowReader writes say what they are (outs, outs2 and
review22 recorded kinds in pictures and models); what was left: the two window commands' one kind, two models told
apart only by ``.safetensors``, and each kind read back with the words it was written with; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PIL import Image
from test_robust_fiftieth_review17 import opened_model

from gui import screenshot, teach_screenshot
from rowreader.checkpoint import load_checkpoint, pretrained_path, save_checkpoint
from rowreader.own_png import KIND_KEY
from training.files import OutputError, refuse_another_kind

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _examples(folder: Path) -> Path:
    """An ImageFolder of one example a class, enough for teach_screenshot's checks before its teach."""
    for digit in range(10):
        (folder / str(digit)).mkdir(parents=True)
        Image.new("L", (28, 28), 0).save(folder / str(digit) / "0.png")
    return folder


def test_gui_screenshot_does_not_replace_a_teach_screenshots_picture(tmp_path: Path, capsys) -> None:
    """``gui.screenshot`` and ``gui.teach_screenshot`` both recorded "a picture of a window", so each took the
    other's picture for its own: ``python -m gui.screenshot docs/teach-chart.png`` (a name mistyped in the
    checkout) replaced the teach's chart with the app's window. Each now records its own kind, and the other's
    picture is refused before any window is made, kept byte for byte."""
    chart = tmp_path / "teach-chart.png"
    chart.write_bytes((DOCS / "teach-chart.png").read_bytes())
    with pytest.raises(SystemExit) as refused:
        screenshot.main([str(chart)])
    assert refused.value.code == 2 and chart.read_bytes() == (DOCS / "teach-chart.png").read_bytes()
    assert f"is {teach_screenshot.TAUGHT} RowReader made, not {screenshot.APP}; it is kept" in capsys.readouterr().err


def test_gui_teach_screenshot_does_not_replace_the_apps_picture(tmp_path: Path, capsys) -> None:
    """The other way: a copy of docs/screenshot.png (the app's window) named ``OUT_DIR/teach-window.png`` was
    replaced by ``gui.teach_screenshot OUT_DIR`` after its teach. It is refused before the teach, kept."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "teach-window.png").write_bytes((DOCS / "screenshot.png").read_bytes())
    with pytest.raises(SystemExit) as refused:
        teach_screenshot.main([str(out), "--examples", str(_examples(tmp_path / "examples"))])
    assert refused.value.code == 2
    assert (out / "teach-window.png").read_bytes() == (DOCS / "screenshot.png").read_bytes()
    assert f"is {screenshot.APP} RowReader made, not {teach_screenshot.TAUGHT}" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.png") if p.name != "teach-left.png"))
def test_each_window_picture_in_docs_records_the_kind_of_its_own_command(name: str) -> None:
    """docs/'s pictures of windows recorded the one kind both commands wrote; each now records its own command's."""
    with Image.open(DOCS / name) as picture:
        kind = picture.info.get(KIND_KEY)
    assert kind == (teach_screenshot.TAUGHT if name in teach_screenshot.PICTURES else screenshot.APP), kind


def test_two_models_differing_only_by_their_suffix_are_told_apart_as_shown(qtbot, tmp_path: Path) -> None:
    """review22 told apart models named alike once ``.safetensors`` is dropped in different folders, yet left two
    in one folder, ``runs/rowreader.safetensors`` and ``runs/rowreader``: the menu named each by its whole path (no
    folder told them apart), and the status bar and the chart, dropping the suffix, named both "…/runs/rowreader" (a
    narrow status bar drops it from the whole name too). The one with the suffix keeps it where it alone tells them
    apart, and no folder is named where none helps."""
    first, second = tmp_path / "runs" / "rowreader.safetensors", tmp_path / "runs" / "rowreader"
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    first.parent.mkdir()
    for model in (first, second):
        shutil.copyfile(pretrained_path(), model)
    opened_model(qtbot, window, first)
    window.comparing.compare_with(second)
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    named = window.model_named(first)
    assert named == "rowreader.safetensors", named
    assert window.model_named(second) == "rowreader"
    assert window.timeline.comparison.name == "rowreader"
    metrics = window.status.model_label.fontMetrics()  # a status bar with no room for both whole names
    room = metrics.horizontalAdvance("rowreader.safetensorsrowreader  ·  vs  (dashed)") - 2
    assert "rowreader  ·  vs rowreader (dashed)" not in window.status._short_model_text([named], "rowreader", room)


def test_a_model_taught_from_a_huge_name_is_refused_in_a_short_line(tmp_path: Path) -> None:
    """review22 cut a picture's long kind in the refusal to replace it, yet a model's kind is read back in words too:
    a fine-tune's model whose recorded base (``finetuned_from``'s path, any text) was 200 kB long made a merge's or a
    training run's refusal to replace it ("holds a model taught from …") one line of 200,172 characters, and the note
    of a fine-tune replacing it likewise. The model is still refused, kept, in a line a person can read."""
    model = tmp_path / "taught.safetensors"
    base = "/x/" + "a" * 200_000 + ".safetensors"
    save_checkpoint(
        model, load_checkpoint(pretrained_path()), {"finetuned_from": {"path": base}, "examples": {"count": 3}}
    )
    before = model.read_bytes()
    with pytest.raises(OutputError) as refused:
        refuse_another_kind(model, "a merge's")
    assert "holds a model taught from aaaa" in str(refused.value) and "aaa.safetensors on 3 examples" in str(
        refused.value
    )
    assert len(str(refused.value)) < 400 and model.read_bytes() == before, len(str(refused.value))
