"""The thirty-seventh round of hostile testing, mutants: one small change at a time to the modules the thirty-sixth
round's mutants did not reach (a training state, the stream, the picture's normalising, the pen digits, merge, ship,
the settings, the Models menu), the tests that name each module run against it. Each test here kills a change that
lived (docs/robustness.md says which, and what was tried)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from gui_window import opened_menu
from PySide6.QtCore import QByteArray, QSettings

from gui.main_window import MainWindow
from gui.models_menu import MAX_RECENT_MODELS
from gui.settings import read_int, read_text
from gui.taught_models import models_dir
from rowreader.checkpoint import save_checkpoint
from rowreader.model import MAX_WIDTH, ReaderConfig
from rowreader.network import RowReader
from rowreader.player import DEFAULT_SPEED, MAX_SPEED
from rowreader.preprocess import normalise, to_mnist
from rowreader.stream import decided_at
from training.merge import main as merge_main
from training.merge import merged_config
from training.state import TrainingState, check_epoch, check_schedule, form_differs, load_state, state_bytes


def _state(**fields: object) -> TrainingState:
    """A training state of the right form, small: what load_state checks, without a training run's seconds."""
    values: dict = {
        "model": {"input.weight": torch.zeros(2, 3)},
        "optimizer": {"state": {}, "param_groups": []},
        "scheduler": {},
        "cpu_rng": torch.get_rng_state(),
        "aug_rng": torch.get_rng_state(),
        "epoch": 1,
        "step": 4,
        "best": 0.5,
        "elapsed": 3.0,
        "train_seconds": 2.0,
        "config": {},
        "history": [],
    }
    return TrainingState(**(values | fields))


def _saved(tmp_path: Path, state: TrainingState) -> Path:
    path = tmp_path / "m.state.pt"
    path.write_bytes(state_bytes(state))
    return path


# ---- training/state.py ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["best", "elapsed", "train_seconds"])
@pytest.mark.parametrize("value", [0, 0.0])
def test_a_state_whose_best_or_times_are_zero_is_resumed(tmp_path, field, value):
    """An epoch of a run on a few digits may read none right (best 0.0), and a clock may say 0 s: "≥ 0" means it.
    The mutant `value > 0` refused such a state as damaged ("best must be a number in [0, 1]")."""
    assert getattr(load_state(_saved(tmp_path, _state(**{field: value}))), field) == value


@pytest.mark.parametrize("best", [1.0000001, 2.0, 100.0])
def test_a_best_accuracy_over_one_is_damage(tmp_path, best):
    """An accuracy is a share: 100.0 (a percentage written by hand) went on as the best, and no epoch's accuracy ever
    passed it, so no later epoch was called best. The mutant without `v <= 1` took it."""
    with pytest.raises(ValueError, match=r"best must be a number in \[0, 1\]"):
        load_state(_saved(tmp_path, _state(best=best)))
    assert load_state(_saved(tmp_path, _state(best=1.0))).best == 1.0


def test_a_state_with_a_field_of_another_version_is_named_so(tmp_path):
    """A state of a later version (a field this one does not know) is "of another version", in words: the mutant that
    asked only for the fields it knows ended in TrainingState's TypeError ("unexpected keyword argument")."""
    path = tmp_path / "m.state.pt"
    data = torch.load(_saved(tmp_path, _state()), weights_only=True) | {"ema": {}}
    torch.save(data, path)
    with pytest.raises(ValueError, match="not a training state of this version"):
        load_state(path)


def test_a_last_epoch_cut_short_by_train_samples_is_resumed_where_it_ended():
    """``--train-samples`` may end the last epoch mid-way (10 steps planned at 4 an epoch: epochs end at 4, 8 and 10).
    The mutant without ``min(…, total_steps)`` refused the state saved after that epoch ("ends at step 12"), so a run
    stopped while its last epoch's checkpoint was reported could not be resumed to write its report."""
    for epoch, step in ((1, 4), (2, 8), (3, 10)):
        check_epoch(epoch, step, steps_per_epoch=4, total_steps=10)
    with pytest.raises(ValueError, match="an epoch 3 of its recipe ends at step 10"):
        check_epoch(3, 12, steps_per_epoch=4, total_steps=10)


@pytest.mark.parametrize("field", ["cpu_rng", "aug_rng"])
def test_a_random_generators_state_of_another_type_is_damage(tmp_path, field):
    """A generator's state is torch's bytes (uint8): one of floats (a tensor edited, or another program's) is named as
    damage before a step. The mutant that asked only for a tensor passed it on to the generator's ``set_state``:
    "TypeError: RNG state must be a torch.ByteTensor", the state file unnamed."""
    damaged = _state(**{field: torch.get_rng_state().float()})
    with pytest.raises(ValueError, match=f"{field} must be a uint8 tensor"):
        load_state(_saved(tmp_path, damaged))


def test_a_schedule_without_its_base_rates_is_damage():
    """A schedule whose ``base_lrs`` was lost (cut by hand, another program's) is damage, named before a step: the
    mutant that asked only where it stands compared the fields both hold, passed it, and torch restored a schedule
    without its base rates."""
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    fresh = torch.optim.lr_scheduler.OneCycleLR(optimizer, 0.01, total_steps=10).state_dict()
    saved = dict(fresh)
    del saved["base_lrs"]
    with pytest.raises(ValueError, match="learning-rate schedule stands at step 0, the run at 0"):
        check_schedule(saved, fresh, 0)
    check_schedule(fresh, fresh, 0)


class _Runs:
    """What a pickle may hold: an object made by calling something as it is read (here, touching a file)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return Path.touch, (self.marker,)


def test_a_state_holding_code_is_refused_before_any_of_it_runs(tmp_path):
    """A training state is read with ``weights_only=True``: one holding an object (a state handed on, a file of
    someone else's) is refused as unreadable, and nothing in it runs. The mutant reading it whole ran it (here, a
    file was made) before refusing the state for its fields."""
    path, ran = tmp_path / "m.state.pt", tmp_path / "ran"
    data = torch.load(_saved(tmp_path, _state()), weights_only=True) | {"config": _Runs(ran)}
    torch.save(data, path)
    with pytest.raises(ValueError, match="is not a readable training state"):
        load_state(path)
    assert not ran.exists()


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_saved_tensor_setting_that_is_not_finite_differs_in_form(value):
    """Where the recipe's optimiser or schedule holds a tensor (torch takes a tensor lr), a saved one of NaN is no
    setting of its form, as a NaN float is: the mutant that compared tensors by shape alone passed it on, to say
    "loss became nan" a step later. (No state the recipe saves today holds one: kept for the day one does.)"""
    fresh = {"lr": torch.tensor(0.01), "betas": (0.9, 0.999)}
    assert form_differs({"lr": torch.tensor(value), "betas": (0.9, 0.999)}, fresh, "") == ".lr"
    assert form_differs({"lr": torch.tensor(0.5), "betas": (0.9, 0.999)}, fresh, "") is None


# ---- training/merge.py ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [2, 4])
def test_readers_that_merge_exactly_as_wide_as_a_reader_may_be_merge(k):
    """k readers of MAX_WIDTH / k units make a reader of MAX_WIDTH, which a config allows: the mutant `>=` refused
    them as "would be wider than 4096 units". One more unit each is refused."""
    width = MAX_WIDTH // k
    merged = merged_config([ReaderConfig(input_size=width, hidden_size=width)] * k)
    assert (merged.input_size, merged.hidden_size) == (MAX_WIDTH, MAX_WIDTH)
    with pytest.raises(ValueError, match="would be wider than 4096 units"):
        merged_config([ReaderConfig(hidden_size=width + 1)] * k)


def test_readers_that_differ_in_their_forget_bias_alone_are_refused_by_it():
    """Every field of the two configs must agree, ``forget_bias`` too (both readers read "lstm 1×8 (input 128, pixels
    0.1307±0.3081)"): the mutant that passed over it merged them, the merged reader recording the first's bias for
    both halves."""
    with pytest.raises(ValueError, match=r"they differ in forget_bias \(0\.5 and 1\.0\)"):
        merged_config([ReaderConfig(hidden_size=8), ReaderConfig(hidden_size=8, forget_bias=0.5)])


def test_a_merge_asked_for_a_curve_on_a_folder_without_mnist_is_refused(tmp_path, capsys):
    """``--data-dir`` names the folder the merged reader's curve is measured on: one without MNIST (a typo) is refused,
    status 2, nothing written. The mutant that treated it as the default's missing MNIST merged unmeasured, status 0,
    "note: no MNIST test curve recorded", the folder asked for passed over."""
    members = [tmp_path / "a.safetensors", tmp_path / "b.safetensors"]
    for seed, path in enumerate(members):
        save_checkpoint(path, RowReader(ReaderConfig(hidden_size=8)).initialise(torch.Generator().manual_seed(seed)))
    (tmp_path / "empty").mkdir()
    out = tmp_path / "ab.safetensors"
    assert merge_main([*map(str, members), "--out", str(out), "--data-dir", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "--data-dir: " in err and "leave --data-dir out to merge without a test curve" in err
    assert not out.exists()


# ---- rowreader/stream.py ----------------------------------------------------------------------------------------


def test_beliefs_of_no_row_read_are_decided_nowhere():
    """Before its first row a stream holds no belief (``stream.probabilities`` is ``[0, 10]``, a batch's
    ``[0, B, 10]``): decided at no row, 0, as an unsure digit. The mutant answering 1 said "decided at row 1" of a
    digit not read at all."""
    assert decided_at(np.zeros((0, 10))) == 0
    np.testing.assert_array_equal(decided_at(np.zeros((0, 3, 10)), batch_first=False), [0, 0, 0])


# ---- rowreader/preprocess.py ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.uint16])
def test_a_mask_of_zeros_and_ones_in_any_integer_type_is_read_as_the_same_mask_of_booleans(dtype):
    """``(grey > 128).astype(np.uint8)`` is a mask: its 1s are the digit, as a mask of booleans. The mutant that read
    it as 8-bit shades made its 1s 1/255 of white: "no ink", None."""
    mask = np.zeros((60, 40), bool)
    mask[10:50, 18:23] = True  # a 1
    mask[10:14, 12:23] = True  # its flag
    expected = to_mnist(mask)
    assert expected is not None
    np.testing.assert_array_equal(to_mnist(mask.astype(dtype)), expected)


def test_a_digit_no_larger_than_the_box_keeps_its_strokes():
    """A crop no larger than the 20-px box (MNIST's own digits at 28 px) is only enlarged, its strokes kept as they
    are (3 Dec 2026: thinning them read MNIST's digits worse): the mutant that normalised every crop's strokes gave
    this heavy 20-px 1 strokes of another width."""
    digit = np.zeros((28, 28), np.float32)
    digit[4:24, 11:17] = 1.0  # a heavy 1, 20 px tall: its crop is the box itself
    np.testing.assert_array_equal(to_mnist(digit), to_mnist(digit, normalise_strokes=False))


def test_the_soft_edge_of_a_faint_stroke_on_grainy_paper_is_ink():
    """The paper's shades reach as far as its grain, but never within MIN_CONTRAST of the darkest ink: a faint pencil
    1 (0.12 darker than grey paper whose grain reaches ±0.013) keeps the soft edge of its stroke (0.055 darker), read
    as the crop's columns 16 to 23. The mutant without the `min` let the grain take the paper up to the edge's shade:
    the edges were paper, the stroke two pixels thinner (columns 17 to 22)."""
    page = np.full((40, 40), 0.5)
    grain = np.linspace(-0.013, 0.013, 40)
    page[0], page[-1], page[:, 0], page[:, -1] = 0.5 + grain, 0.5 - grain, 0.5 + grain, 0.5 - grain
    page[8:32, 17:23] = 0.38
    page[8:32, [16, 23]] = 0.445
    placement = normalise(page, ink="dark").placement
    assert placement is not None and placement.crop == (8, 16, 32, 24)


# ---- gui/settings.py --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("speed", ["57", "1e9", "inf"])
def test_a_scan_speed_remembered_over_the_most_starts_the_app_at_the_most(qtbot, tmp_path, speed):
    """A hand-edited ``rows_per_second=1000`` is read as the fastest speed (56), as 1e9 brush widths are read as the
    widest: the mutant that clamped only from below handed 1000 to the player, which refuses it ("speed must be
    1–56 rows per second") as the window restores its settings."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("scan/rows_per_second", speed)
    settings.sync()
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "user")
    qtbot.addWidget(window)
    assert window.session.player.speed == (MAX_SPEED if speed != "inf" else DEFAULT_SPEED)  # inf: no number


@pytest.mark.parametrize(("text", "read"), [("12.6", 13), ("12.4", 12), ("0.6", 1), ("55.5", 56)])
def test_a_whole_number_setting_written_with_a_fraction_is_read_to_the_nearest(tmp_path, text, read):
    """A hand-edited ``rows_per_second=12.6`` is read as the nearest whole number, 13: the mutant `int(…)` cut it to 12
    (55.5 to 55, short of the fastest)."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("scan/rows_per_second", text)
    assert read_int(settings, "scan/rows_per_second", 8, 1, 56) == read


@pytest.mark.parametrize("value", [["a", "b"], QByteArray(b"true")])
def test_a_setting_that_is_not_text_is_read_as_its_default(tmp_path, value):
    """Text settings (the window maximised, a note said once) read what is not text as missing: the mutant that wrote
    it out as text read a list as "['a', 'b']" and bytes as "b'true'", values no one saved."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/maximized", value)
    assert read_text(settings, "window/maximized", "unset") == "unset"


# ---- gui/models_menu.py -----------------------------------------------------------------------------------------


def _window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "user")
    qtbot.addWidget(window)
    return window


def test_a_taught_model_taught_on_no_example_before_says_nothing_of_it(qtbot, tmp_path):
    """A taught model records how many of the examples it was measured on had been taught before (``learnt_before``):
    0 of them is the plain case, and the Models menu says only "(your examples 90.0% → 95.0%)". The mutant that
    dropped `and seen` listed it as "…, 0 taught before"; 3 are still said."""
    window = _window(qtbot, tmp_path)
    folder = models_dir(tmp_path / "user")
    folder.mkdir(parents=True)
    for name, seen in (("mine-20260101-000001", 0), ("mine-20260101-000002", 3)):
        held = {"before": 0.9, "after": 0.95, "learnt_before": seen}
        save_checkpoint(
            folder / f"{name}.safetensors", RowReader(ReaderConfig(hidden_size=8)), {"heldout_accuracy": held}
        )
    texts = [text for text, _ in window.teaching.models_menu.choices()]
    assert "Yours: mine-20260101-000001 (your examples 90.0% → 95.0%)" in texts
    assert "Yours: mine-20260101-000002 (your examples 90.0% → 95.0%, 3 taught before)" in texts


def _open_from_the_models_folder(window: MainWindow, qtbot, tmp_path: Path, *names: str) -> list[Path]:
    """Small models saved in the user's models folder under these names; the first opened and in use."""
    folder = models_dir(tmp_path / "user")
    folder.mkdir(parents=True)
    paths = [folder / f"{name}.safetensors" for name in names]
    for path in paths:
        save_checkpoint(path, RowReader(ReaderConfig(hidden_size=8)))
    window.open_model(paths[0])
    qtbot.waitUntil(lambda: window.session.checkpoint is not None and not window.tasks.busy, timeout=20_000)
    return paths


def test_the_taught_model_in_use_among_the_newest_is_listed_once(qtbot, tmp_path):
    """The models in use and compared with are listed whatever their age (the ninth round), but one among the newest
    five is listed there already: the mutant that added it again without asking listed the taught model in use
    twice, both marked as in use (and twice under Compare with, where it is not)."""
    window = _window(qtbot, tmp_path)
    (mine,) = _open_from_the_models_folder(window, qtbot, tmp_path, "mine-20260101-000001")
    assert window.session.checkpoint.path == mine
    assert [path for _, path in window.teaching.models_menu.choices()].count(mine) == 1


def test_compare_with_never_offers_the_model_in_use(qtbot, tmp_path):
    """Compare with lists the Models menu's models but the one in use: read beside itself, its dashed line would lie
    on its own. The mutant that listed it too offered "Yours: mine-…1" under Compare with while it was in use."""
    window = _window(qtbot, tmp_path)
    mine, other = _open_from_the_models_folder(window, qtbot, tmp_path, "mine-20260101-000001", "mine-20260101-000002")
    opened_menu(window.teaching.models_menu)
    (compare,) = [a.menu() for a in window.teaching.models_menu.actions() if a.menu() is not None]
    offered = [a.toolTip() for a in compare.actions() if a.toolTip()]
    assert str(other) in offered and str(mine) not in offered


def test_the_models_opened_this_session_are_the_newest_few(qtbot, tmp_path):
    """The Models menu "stays short": of the models opened from elsewhere, the newest MAX_RECENT_MODELS, newest first.
    The mutant without the cut listed every model opened this session (eight here)."""
    window = _window(qtbot, tmp_path)
    files = [tmp_path / f"model-{i}.safetensors" for i in range(MAX_RECENT_MODELS + 3)]
    for path in files:
        save_checkpoint(path, RowReader(ReaderConfig(hidden_size=8)))
        window.open_model(path)
        qtbot.waitUntil(lambda p=path: window.session.checkpoint is not None and window.session.checkpoint.path == p)
        qtbot.waitUntil(lambda: not window.tasks.busy)
    opened = [path for text, path in window.teaching.models_menu.choices() if text.startswith("Opened: ")]
    assert opened == files[::-1][:MAX_RECENT_MODELS]


def test_a_model_in_use_from_the_models_folder_under_a_name_of_its_own_is_listed(qtbot, tmp_path):
    """The models in use and compared with are always listed (the ninth round). A taught model renamed in a file
    manager (``favourite.safetensors``, no ``mine-`` name) and opened was listed nowhere: not among the taught ones
    (their names), not among the opened ones (its folder), so the menu marked no model in use."""
    window = _window(qtbot, tmp_path)
    (favourite,) = _open_from_the_models_folder(window, qtbot, tmp_path, "favourite")
    assert ("Yours: favourite", favourite) in window.teaching.models_menu.choices()
