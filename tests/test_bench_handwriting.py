"""bench/bench_handwriting.py, the yardstick for real handwriting: each of its pieces on small inputs.

The shipped model's score on a 500-digit sample is in test_core_handwriting.py; here: the drawings are
deterministic and keep the writer's shape, the test writers are disjoint from the training writers, the tables add
up, the targets are checked, and `rowreader predict` on the saved PNGs reads what the in-process path reads.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from rowreader import save_checkpoint, to_mnist
from rowreader.unipen import PenDigit


@pytest.fixture(scope="module")
def bench(bench_module):
    return bench_module("bench_handwriting")


@pytest.fixture(scope="module")
def test_digits(bench, unipen) -> list[PenDigit]:
    return bench.test_split(unipen)


def _digit(person: str, split: str, label: int = 1) -> PenDigit:
    stroke = np.array([[0.0, 0.0], [0.0, 10.0]], np.float32)
    contributor = person.split("/")[0]
    return PenDigit(label, person, contributor, split, (stroke,), f"data/1a/{person}.dat", "1")


def test_the_test_split_is_writer_disjoint_from_the_train_split(bench, unipen, test_digits):
    train_people = {d.person for d in unipen if d.split == "train"}
    assert test_digits and all(d.split == "test" for d in test_digits)
    assert len(test_digits) == sum(d.split == "test" for d in unipen)
    assert not train_people & {d.person for d in test_digits}
    assert len({d.person for d in test_digits}) == 58  # the data README's list of test persons


def test_a_writer_in_both_splits_is_refused(bench):
    digits = [_digit("tos/1", "train"), _digit("tos/2", "test"), _digit("tos/1", "test")]
    with pytest.raises(ValueError, match=r"not writer-disjoint.*tos/1"):
        bench.test_split(digits)
    assert bench.test_split(digits[:2]) == [digits[1]]
    with pytest.raises(ValueError, match="no digit"):
        bench.test_split(digits[:1])


def test_the_sample_is_uniform_fixed_and_in_file_order(bench, test_digits):
    picked = bench.sample(test_digits, 500, seed=0)
    assert len(picked) == 500 == len({id(d) for d in picked})
    assert picked == bench.sample(test_digits, 500, seed=0)
    assert picked != bench.sample(test_digits, 500, seed=1)
    positions = [test_digits.index(d) for d in picked[:50]]
    assert positions == sorted(positions)
    assert bench.sample(test_digits, None, seed=0) == test_digits


def test_rendering_is_deterministic_for_a_seed_and_independent_of_the_subset(bench, test_digits):
    few = test_digits[100:106]
    first, again = bench.render(few, seed=3), bench.render(few, seed=3)
    assert np.array_equal(first.images, again.images)
    assert first.images.shape == (6, 28, 28) and first.images.dtype == np.float32
    assert first.images.min() >= 0.0 and first.images.max() <= 1.0
    # a digit is drawn the same way whichever sample it is read in
    assert np.array_equal(bench.render(few[2:4], seed=3).images, first.images[2:4])
    other = bench.render(few, seed=4)
    assert not np.array_equal(other.images, first.images)
    assert first.labels.tolist() == [d.label for d in few]


def test_drawings_span_the_ranges_and_keep_the_writers_shape(bench, test_digits):
    ranges = bench.CanvasRanges()
    drawings = [bench.drawing_for(d, 0, ranges) for d in test_digits[:300]]
    pens = np.array([d.pen for d in drawings])
    sizes = np.array([d.size for d in drawings])
    assert ranges.pen[0] <= pens.min() and pens.max() <= ranges.pen[1]
    assert pens.min() < 12 and pens.max() > 40  # the whole range is used, not one pen
    assert sizes.min() < 0.45 and sizes.max() > 0.8
    for digit, drawing in zip(test_digits[:40], drawings, strict=False):
        canvas = bench.draw_canvas(digit, drawing)
        assert canvas.shape == (280, 280) and canvas.dtype == np.uint8
        assert canvas[0].min() == 255 == canvas[-1].min()  # black on white, the ink stays on the canvas
        rows, cols = np.nonzero(canvas < 128)
        points = np.concatenate(digit.strokes)
        extent = points.max(axis=0) - points.min(axis=0)
        ink_w, ink_h = np.ptp(cols) - drawing.pen, np.ptp(rows) - drawing.pen
        # no shape distortion: the ink's box minus the pen is the trajectory's box, scaled the same both ways
        scale = max(ink_w, ink_h) / extent.max()
        assert abs(ink_w - extent[0] * scale) <= 3 and abs(ink_h - extent[1] * scale) <= 3, digit.segment


def test_tables_sum_to_the_whole(bench, test_digits):
    correct = np.random.default_rng(0).random(len(test_digits)) < 0.9
    for keys in ([d.label for d in test_digits], [d.contributor for d in test_digits], [d.person for d in test_digits]):
        rows = bench.breakdown(keys, correct)
        assert sum(n for _, n, _ in rows) == len(test_digits)
        assert sum(e for _, _, e in rows) == int((~correct).sum())
        assert len(rows) == len(set(keys))
    by_class = bench.breakdown([d.label for d in test_digits], correct)
    assert [k for k, _, _ in by_class] == list(range(10))
    labels = np.array([d.label for d in test_digits])
    assert by_class[0][1:] == (int((labels == 0).sum()), int((~correct[labels == 0]).sum()))


def test_the_targets(bench):
    labels = np.repeat(np.arange(10), 100)
    assert bench.missed_targets(labels.copy(), labels) == []
    final = labels.copy()
    final[:15] = 1  # 15 zeros wrong: 98.5 % overall, but class 0 at 85 %
    missed = bench.missed_targets(final, labels)
    assert missed == ["class 0 reads 85.00%, below 96%"]
    final[100:101] = 2  # one more: below 98.5 % as well
    assert bench.missed_targets(final, labels)[0].startswith("accuracy after row 28 is 98.40%, below 98.5%")
    final = labels.copy()
    final[400:404] = 0  # class 4 at exactly 96 %: met
    assert bench.missed_targets(final, labels) == []


def test_the_cli_reads_the_pngs_as_the_bench_does(bench, bench_module, test_digits, tiny_reader, tmp_path):
    """`rowreader predict --json` over the saved canvases, in two batches, gives the in-process predictions."""
    model = tmp_path / "tiny.safetensors"
    save_checkpoint(model, tiny_reader)
    few = test_digits[::500]  # 7 digits of different writers
    rendered = bench.render(few, seed=0, png_dir=tmp_path)
    assert [p.name for p in rendered.pngs] == [f"{n:05d}.png" for n in range(len(few))]
    for path, image in zip(rendered.pngs, rendered.images, strict=True):
        with Image.open(path) as png:
            assert png.mode == "L" and png.size == (280, 280)
            assert np.array_equal(to_mnist(np.asarray(png)), image)  # lossless: the CLI sees the same digit
    from_cli = bench.cli_predict_rows(rendered.pngs, model, batch=4)
    in_process = bench.predict_rows(tiny_reader, rendered.images)
    assert from_cli.shape == (len(few), 28)
    assert np.array_equal(from_cli, in_process)


def test_the_whole_bench_on_a_sample_reports_and_checks(bench, tiny_reader, tmp_path, capsys):
    """A random model misses the targets: --check turns that into exit status 1, and the report is complete."""
    model = tmp_path / "tiny.safetensors"
    save_checkpoint(model, tiny_reader)
    grid = tmp_path / "errors.png"
    argv = ["--checkpoint", str(model), "--sample", "30", "--mnist", "200", "--save-errors", str(grid)]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    for heading in ("after row", "per contributor", "confusion matrix", "weakest writers", "targets MISSED"):
        assert heading in out
    assert "30 digits of" in out and "first 200 test digits" in out
    with Image.open(grid) as image:
        assert image.format == "PNG" and image.height > 100
    assert bench.main([*argv, "--via-cli", "--check"]) == 1
    assert "the same predictions as in-process for all 30 digits" in capsys.readouterr().out


def test_a_sample_of_every_digit_is_not_called_a_sample(bench, tiny_reader, tmp_path, capsys):
    """`--sample 100000` reads every test digit (3,020), and its header called them "a uniform sample" (the
    fourteenth round)."""
    import gzip
    import json

    lines = [
        {"label": k % 10, "writer": f"abc/w{k % 2}", "contributor": "abc", "source": "s", "segment": str(k),
         "split": "test", "strokes": [[[0, 0], [3, 9], [k % 5, 2]]]}
        for k in range(6)
    ]  # fmt: skip
    (tmp_path / "pen").mkdir()
    (tmp_path / "pen" / "digits.jsonl.gz").write_bytes(
        gzip.compress("".join(map("{}\n".format, map(json.dumps, lines))).encode())
    )
    model = tmp_path / "tiny.safetensors"
    save_checkpoint(model, tiny_reader)
    argv = ["--checkpoint", str(model), "--pen-dir", str(tmp_path / "pen"), "--mnist", "20"]
    assert bench.main([*argv, "--sample", "100000"]) == 0
    out = capsys.readouterr().out
    assert "6 digits of 2 test writers; no test writer" in out and "uniform sample" not in out
    assert bench.main([*argv, "--sample", "4"]) == 0
    assert "4 digits of 2 test writers (uniform sample, seed 0)" in capsys.readouterr().out


def test_save_errors_never_overwrites_a_file_that_is_not_ours(bench, tmp_path, capsys):
    """A file named as a PNG and not one, and a user's own PNG (a photo), are kept: only a grid this bench wrote
    (its PNG marked Software: RowReader) is replaced; the test above runs the bench twice over its own grid."""
    notes = tmp_path / "notes.png"  # named as a PNG, and not one (a name not ending in .png is refused earlier)
    notes.write_text("mine")
    photo = tmp_path / "photo.png"
    Image.new("RGB", (4, 4), "orange").save(photo)
    kept = photo.read_bytes()
    for path in (notes, photo):
        assert bench.main(["--sample", "5", "--mnist", "10", "--save-errors", str(path)]) == 2
        assert "exists and is not a picture RowReader made; it is kept" in capsys.readouterr().err
    assert notes.read_text() == "mine" and photo.read_bytes() == kept


@pytest.mark.parametrize("flag", ["--sample", "--mnist", "--cli-batch"])
def test_bad_counts_are_refused(bench, flag, capsys):
    with pytest.raises(SystemExit) as exit_:
        bench.main([flag, "0"])
    assert exit_.value.code == 2
    assert f"argument {flag}: must be a whole number " in capsys.readouterr().err  # of at least 1, or 1 to 10,000
