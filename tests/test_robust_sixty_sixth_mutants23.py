"""The sixty-sixth round, mutants23: hand mutants of the round's new lines, each test here killing one that the
round's own tests let live (the mutant named in each docstring: seen failing on it, passing on the real code)."""

from __future__ import annotations

import io
import os
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_robust_twentysixth_library import bar_of_ink

from gui.number_box import NumberBox
from rowreader import example_store
from rowreader.cli import main
from rowreader.example_store import ExampleStore
from rowreader.output import name_said, name_text, shell_word


def test_every_c1_control_and_every_byte_not_utf8_is_escaped_to_its_ends() -> None:
    """The round's tests named U+009B and the byte 0x9b alone: C1 as ``\\u`` escapes cut to U+0080..U+009E left
    U+009F raw, ``_BYTES`` cut to 0x80..0xFE left the byte 0xff a lone surrogate, and a C1 control in a suggested
    ``$'…'`` written ``\\u0085`` (which LANG=C bash reads as a backslash, a u and 0085) passed them all."""
    assert name_text("\x80\x9f\x7f") == "\\u0080\\u009f\\x7f"
    assert name_text(os.fsdecode(b"\x80\xff")) == "\\x80\\xff"
    assert shell_word("a\x85") == "$'a\\xc2\\x85'"


def test_an_ascii_output_writes_a_character_of_the_basic_plane_in_four_digits() -> None:
    """Only é (U+00E9) and U+1F600 were written: ``\\U`` from U+0100 on (``\\U00000101``) passed."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="rowreader.names", write_through=True)
    stream.write("\u0101\uffff")
    assert raw.getvalue() == b"\\u0101\\uffff"


@pytest.mark.parametrize(
    "one",
    [
        "\u2764\ufe0f",  # a heart and its variation selector (drawn as an emoji)
        "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # England's flag: tags
        "\r\n",
        "\u1100\u1100\u1161",  # Hangul: two leading jamo and a vowel
        "\u1100\uac00",  # a leading jamo and a syllable
    ],
    ids=["variation selector", "tags", "CR LF", "two leads", "lead and syllable"],
)
def test_a_long_name_keeps_every_kind_of_cluster_whole(one: str) -> None:
    """Cut after its 60th character, each end keeps whole what shows as one character: the round's tests held no
    variation selector, tag, CR LF or a Hangul lead before a lead or a syllable, and dropping any of those rules
    from ``_joined`` passed them."""
    said = name_said("a" * 59 + one * 3000)
    assert said.startswith("a" * 59 + one + "…"), said[:80]


@pytest.mark.parametrize("typed", ["-1e-3", "-1E+3", "-.5"])
def test_a_negative_number_with_a_signed_exponent_is_a_flags_value(capsys, typed: str) -> None:
    """``-1e3`` alone was tested: an exponent's sign dropped from NEGATIVE_NUMBER passed, and ``--sure -1e-3`` was
    again "expected one argument"."""
    with pytest.raises(SystemExit) as refused:
        main(["evaluate", "--sure", typed])
    said = capsys.readouterr().err
    assert refused.value.code == 2 and f"--sure: must be a belief above 0 and at most 1, got '{typed}'" in said, said


@pytest.mark.parametrize("typed", ["1", "100", "1e2"])
def test_gui_latency_takes_the_ends_of_its_step(bench_module, typed: str) -> None:
    """Only refusals were tested: ``MIN_STEP < value`` refused ``--step 1``, which the help offers."""
    assert bench_module("bench_gui_latency").parse_args(["--step", typed]).step == float(typed)


def _a_killed_writer_first(monkeypatch, picture: bytes | None = None) -> None:
    """The first write finds its name taken an instant after it looked: by a writer killed after placing ``picture``
    (the write's own picture where ``None``) and before its sidecar."""
    real, taken = example_store._write_files, []
    monkeypatch.setattr(example_store, "PAIR_SETTLES_S", 0.2)

    def killed_writer_first(path, *files, **kwargs):
        if not taken:
            taken.append(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[0] if picture is None else picture)
        return real(path, *files, **kwargs)

    monkeypatch.setattr(example_store, "_write_files", killed_writer_first)


def test_an_export_beside_a_picture_a_killed_writer_left_alone_says_the_name_is_taken(tmp_path, monkeypatch) -> None:
    """The round tested two exports at once, which find the same pair either way: ``_holds(picture)`` alone in
    place of ``_same_pair_there`` passed, and counted an example "already there" whose strokes are not (its
    sidecar never came)."""
    store = ExampleStore(tmp_path / "examples")
    store.add(3, bar_of_ink())
    _a_killed_writer_first(monkeypatch)
    done = store.export_folder(tmp_path / "out")
    assert (done.written, done.already_there, len(done.skipped)) == (0, 0, 1), done
    assert "already exists" in done.skipped[0]


def test_an_undo_of_an_example_without_strokes_keeps_it_where_another_picture_took_its_name(tmp_path, monkeypatch):
    """An example with no sidecar: ``_same_pair_there`` returning ``sidecar is None`` without looking at the picture
    passed the round's tests, and an undo whose name another picture took said it was back, that picture in its
    place and the example lost."""
    store = ExampleStore(tmp_path)
    removed = replace(store.remove(store.add(3, bar_of_ink())), sidecar=None)  # a picture kept by hand, say
    _a_killed_writer_first(monkeypatch, b"another picture")
    back = store.restore(removed)
    assert back.path != removed.path and back.path.read_bytes() == removed.picture
    assert removed.path.read_bytes() == b"another picture"


def test_a_value_the_box_wrote_is_no_typed_edit_for_ctrl_z(qapp) -> None:
    """An arrow's step writes the box's value (``_written``): no edit of what was typed, so Ctrl+Z has nothing of its
    own to step back through. The round's tests let ``_written`` drop out of that rule: Ctrl+Z then took 11 back
    to 10, an arrow's step undone as if typed."""
    box = NumberBox()
    box.setRange(4, 64)
    box.setSuffix(" px")
    box.setValue(10)
    box.show()
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Up)
    QTest.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (box.lineEdit().text(), box.value()) == ("11 px", 11)
    box.close()
