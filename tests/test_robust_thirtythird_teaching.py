"""The thirty-third round of hostile testing, teaching: the warning for examples kept under another digit
(``ExampleSet.kept_under_another_digit``), as the command line and the app's Ctrl+T dialog say it."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import rowreader
from gui.teach import warning_lines
from rowreader import load_pretrained
from rowreader.example_folder import Example, ExampleSet
from training.finetune import main

SHIPPED = load_pretrained()
SHIPPED_FILE = Path(rowreader.__file__).parent / "pretrained" / "rowreader.safetensors"


@pytest.fixture(scope="module")
def sure_digits(mnist_test) -> dict[int, np.ndarray]:
    """MNIST test 1s, 3s and 7s that the shipped model reads as themselves, 99 % sure or more."""
    images, labels = mnist_test
    found = {}
    for digit in (1, 3, 7):
        some = images[labels == digit][:80].astype(np.float32) / 255
        stream = SHIPPED.stream(batch=len(some))
        stream.feed_image(some)
        last = stream.probabilities[-1]
        found[digit] = some[(last.argmax(axis=1) == digit) & (last.max(axis=1) >= 0.99)]
    return found


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(misfiled=st.integers(4, 7), shown=st.integers(1, 3))
def test_the_examples_counted_after_those_named_agree_with_their_number(sure_digits, misfiled, shown) -> None:
    """Four 7s kept among 1s, three named: the last line said "and 1 more examples read as another digit than their
    folder's" → "and 1 more example reads as another digit than its folder's"; two or more stay plural."""
    kept = [(1, image) for image in sure_digits[1][:70]] + [(1, image) for image in sure_digits[7][:misfiled]]
    examples = ExampleSet([Example(Path(f"/f/1/{i}.png"), label, image) for i, (label, image) in enumerate(kept)])
    lines = examples.kept_under_another_digit(SHIPPED, shown=shown)
    more = misfiled - shown
    assert len(lines) == shown + 1, lines
    if more == 1:
        assert lines[-1] == "and 1 more example reads as another digit than its folder's, likewise"
    else:
        assert lines[-1] == f"and {more} more examples read as another digit than their folder's, likewise"


def _picture(image: np.ndarray) -> Image.Image:
    """A 28×28 input as a 280-px dark-on-white picture, as a scanner's folder holds it."""
    return Image.fromarray(np.kron(255 - (image * 255).astype(np.uint8), np.ones((10, 10), np.uint8)))


class _Stop(Exception):
    """Raised where the teach would read its replay data: the warnings are said by then."""


def test_the_dialog_hides_only_warnings_the_dock_names(tmp_path, sure_digits, monkeypatch, capsys) -> None:
    """Four 7s kept among 1s, a lone 3 and two damaged files: the fine-tune said the skipped files first, then the
    four lines of the 7s, then "only one drawing of 3", and the dialog, showing five, hid the last two behind "… and
    2 more (the My examples dock names them)", though the dock does not name the 4th 7 or the lone 3. Now what the
    dock does not list comes first, and every line of it is in the dialog."""
    root = tmp_path / "examples"
    for digit, images in ((1, sure_digits[1][:40]), (1, sure_digits[7][:4]), (3, sure_digits[3][:1])):
        (root / str(digit)).mkdir(parents=True, exist_ok=True)
        for image in images:
            _picture(image).save(root / str(digit) / f"{len(list((root / str(digit)).iterdir()))}.png")
    for name in ("damaged.png", "damaged-too.png"):
        (root / "3" / name).write_bytes(b"not a picture")

    def stop(config):
        raise _Stop

    monkeypatch.setattr("training.finetune.load_replay", stop)
    args = ["--finetune", str(SHIPPED_FILE), "--examples", str(root), "--out", str(tmp_path / "out.safetensors")]
    with pytest.raises(_Stop):
        main([*args, "--threads", "1"])
    warnings = re.findall(r"^warning: (.*)$", capsys.readouterr().err, flags=re.MULTILINE)
    assert len(warnings) == 7 and any(w.startswith("only one drawing of 3") for w in warnings), warnings
    shown = warning_lines(warnings, root)
    not_in_the_dock = [w for w in warnings if not w.startswith(("skipped ", "the same picture is kept as"))]
    for warning in not_in_the_dock:
        assert warning[1:] in shown, (warning, shown)


NAME_CHARACTERS = st.characters(categories=["L", "N"], include_characters=" _-.()")


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(stem=st.text(NAME_CHARACTERS, min_size=1, max_size=200))
def test_the_dialog_keeps_what_a_long_named_example_reads_as(sure_digits, stem) -> None:
    """A scan named "scan_of_my_handwriting_page_3_row_2_digit_4.png" kept among 1,000 1s: the dialog, shortening
    the line in its middle, showed "1/scan_of…digit_4.png reads…f your other 1,052 1s read as 1s. In the wrong
    folder?", what it reads as and how many 1s it reads right cut away. The name now stands between the counts and
    what it reads as, and a long one loses its middle, as names do in the dialog; the sentence stays whole."""
    name = f"{stem}.png"
    ones = [Example(Path(f"/f/1/{i}.png"), 1, image) for i, image in enumerate(sure_digits[1][:30])]
    seven = Example(Path("/f/1") / name, 1, sure_digits[7][0])
    (line,) = ExampleSet([*ones, seven]).kept_under_another_digit(SHIPPED)
    shown = warning_lines([line], Path("/f"))
    assert shown.startswith(f"⚠ {len(ones)} of your other {len(ones)} 1s read as 1s; 1/"), shown
    assert shown.endswith(" reads as a 7. In the wrong folder?"), shown
    assert name[:10] in shown and name[-10:] in shown, shown


KINDS = [
    "skipped 3/bad.png: not a picture",
    "the same picture is kept as a 1 (1/a.png) and as a 7 (7/a.png)",
    "only one drawing of 3: the held-out estimate says little of how it reads your next ones",
    "12 of your other 12 1s read as 1s; 1/a.png reads as a 7. In the wrong folder?",
    "4 of these examples were taught to the model it starts from: not unseen, so held-out accuracy reads high",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(warnings=st.lists(st.sampled_from(KINDS), max_size=12))
def test_the_dialog_says_the_dock_names_the_rest_only_when_it_does(warnings) -> None:
    """The dialog counts the warnings past its fifth and said of them all "(the My examples dock names them)"; the
    dock names files skipped and pictures kept as two digits, not the rest. It says so only of those: the others are
    shown first, in whatever order they come."""
    shown = warning_lines(warnings, Path("/f")).splitlines()
    own = [w for w in warnings if not w.startswith(("skipped ", "the same picture"))]
    assert len(shown) == min(len(warnings), 5) + (len(warnings) > 5)
    assert [line[2:].lower() for line in shown[: min(len(own), 5)]] == [w.lower() for w in own[:5]]
    if len(warnings) > 5:
        in_the_dock = len(own) <= 5
        assert shown[-1] == f"… and {len(warnings) - 5} more" + " (the My examples dock names them)" * in_the_dock
