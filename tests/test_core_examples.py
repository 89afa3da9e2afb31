"""rowreader.example_folder and .example_store, a person's examples: keep, load, damage, delete/undo, import/export."""

from __future__ import annotations

import errno
import io
import json
import os
import stat

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, features

from rowreader.example_folder import FOLDER_LINK, ExamplesError, PenStroke, load_examples
from rowreader.example_store import ExampleStore, sidecar_bytes

STROKE = (PenStroke(((140.0, 40.0), (140.0, 240.0)), 28.0),)


def drawing(label: int = 1) -> np.ndarray:
    """A 280×280 dark-on-white drawing: a bar (1) or a box (anything else), like the canvas produces."""
    page = np.full((280, 280), 255, np.uint8)
    if label == 1:
        page[40:240, 126:154] = 0
    else:
        page[60:220, 70:98] = page[60:220, 182:210] = page[60:88, 70:210] = page[192:220, 70:210] = 0
    return page


def test_kept_example_is_an_imagefolder_png_with_a_sidecar(tmp_path):
    store = ExampleStore(tmp_path / "examples")
    kept = store.add(1, drawing(1), STROKE)
    assert kept.path.parent == tmp_path / "examples" / "1" and kept.path.suffix == ".png"
    assert np.asarray(Image.open(kept.path)).shape == (280, 280)  # the canvas as drawn, dark on white
    assert np.asarray(Image.open(kept.path))[0, 0] == 255
    side = json.loads(kept.sidecar.read_text())
    assert side["label"] == 1 and side["format"] == "rowreader-example" and side["date"]
    assert side["strokes"] == [{"width": 28.0, "points": [[140.0, 40.0], [140.0, 240.0]]}]
    loaded = store.load()
    assert loaded.problems == [] and len(loaded) == 1
    only = loaded.examples[0]
    assert only.label == 1 and only.strokes == STROKE and only.image.shape == (28, 28)
    assert only.image.max() == pytest.approx(1.0) and loaded.counts()[1] == 1 and loaded.counts()[7] == 0


def test_refuses_bad_labels_and_empty_drawings(tmp_path):
    store = ExampleStore(tmp_path)
    for label in (-1, 10, True, "3"):
        with pytest.raises(ValueError, match="label"):
            store.add(label, drawing())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        store.add(3, np.full((280, 280), 255, np.uint8))
    assert not any(tmp_path.rglob("*.png"))


def test_a_damaged_file_is_reported_and_the_others_still_load(tmp_path):
    store = ExampleStore(tmp_path)
    good = store.add(0, drawing(0))
    bad_png = tmp_path / "7" / "broken.png"
    bad_png.parent.mkdir()
    bad_png.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a PNG")
    bad_side = store.add(1, drawing(1))
    bad_side.sidecar.write_text("{not json")
    wrong_label = store.add(4, drawing(4))
    wrong_label.sidecar.write_text(wrong_label.sidecar.read_text().replace('"label":4', '"label":5'))
    loaded = store.load()
    assert [e.path for e in loaded.examples] == [good.path]
    assert len(loaded.problems) == 3
    text = "\n".join(loaded.problems)
    assert "broken.png: a damaged PNG picture (it begins as one, but cannot be read)" in text
    assert f"{bad_side.path}: sidecar is not JSON" in text
    assert "sidecar says label 5 but the file is in folder 4" in text


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: (root / "seven").mkdir(), "class folders must be named by their digit"),
        (lambda root: (root / "12").mkdir(), "not '12'"),
        (lambda root: Image.new("L", (8, 8)).save(root / "loose.png"), "outside any class folder has no label"),
    ],
)
def test_wrong_layout_is_refused_with_the_reason(tmp_path, make, message):
    """No digit's folder, only what is not one: the folder is not laid out as ImageFolder (a folder of scans not
    sorted yet), so it is refused as a whole, saying how it should be."""
    make(tmp_path)
    with pytest.raises(ExamplesError, match=message):
        load_examples(tmp_path)


def test_a_stray_folder_or_picture_beside_the_digits_is_named_and_hides_nothing(tmp_path):
    """An `old/` of the user's, an unzipped `__MACOSX/` or a loose scan beside 0 … 9 refused the whole folder: the
    dock showed no example, teaching and Import refused, until it was moved away. Each is named and not read (no
    label is guessed); the digits' examples are read, imported and taught."""
    source = tmp_path / "source"
    kept = ExampleStore(source).add(3, drawing(3))
    (source / "old").mkdir()
    Image.fromarray(drawing(5)).save(source / "old" / "a five.png")
    (source / "__MACOSX").mkdir()
    Image.fromarray(drawing(1)).save(source / "loose.png")
    found = load_examples(source)
    assert [e.path for e in found.examples] == [kept.path]
    from rowreader.example_folder import NOT_A_DIGITS_FOLDER, OUTSIDE_THE_DIGITS

    assert sorted(found.problems) == [
        f"{source / '__MACOSX'}: {NOT_A_DIGITS_FOLDER}",
        f"{source / 'loose.png'}: {OUTSIDE_THE_DIGITS}; move it into {source}/<digit>/ to teach it",
        f"{source / 'old'}: {NOT_A_DIGITS_FOLDER}",
    ]
    imported = ExampleStore(tmp_path / "examples").import_folder(source)
    assert [e.label for e in imported.added] == [3] and sorted(imported.problems) == sorted(found.problems)
    assert sorted(p.name for p in (tmp_path / "examples").iterdir()) == ["3"]  # nothing copied under a guessed digit


def test_missing_folder_and_file_instead_of_folder(tmp_path):
    with pytest.raises(ExamplesError, match="no such folder"):
        load_examples(tmp_path / "nope")
    (tmp_path / "f.png").write_bytes(b"")
    with pytest.raises(ExamplesError, match="not a folder"):
        load_examples(tmp_path / "f.png")
    assert len(ExampleStore(tmp_path / "absent").load()) == 0  # the app's empty store is not an error


def test_any_picture_and_any_ink(tmp_path):
    """A folder of scans: white-on-black JPEG, RGBA PNG with transparency, hidden files and notes ignored."""
    (tmp_path / "1").mkdir()
    (tmp_path / "0").mkdir()
    Image.fromarray(255 - drawing(1)).save(tmp_path / "1" / "scan.jpg")
    rgba = np.zeros((280, 280, 4), np.uint8)
    rgba[..., 3] = 255 - drawing(0)  # black ink only in the alpha channel
    Image.fromarray(rgba, "RGBA").save(tmp_path / "0" / "clip.png")
    (tmp_path / "0" / "notes.txt").write_text("not a picture")
    (tmp_path / "0" / ".clip.png.1234.tmp").write_bytes(b"half written")
    loaded = load_examples(tmp_path)
    assert loaded.problems == [] and sorted(e.label for e in loaded.examples) == [0, 1]
    ones = next(e for e in loaded.examples if e.label == 1)
    assert ones.image[:, 14].sum() > ones.image[:, 3].sum()  # the bar is ink, not the background


def test_examples_are_read_as_rowreader_predict_reads_them(tmp_path):
    """One picture reader for both: a 16-bit grey scan keeps its dark-grey ink (it was clipped to white, "no
    ink"), and a picture over the pixel limit is refused from its header (a 41-kB PNG of 12,000² took 1.6 GB)."""
    from rowreader import cli
    from rowreader.preprocess import MAX_PIXELS

    (tmp_path / "1").mkdir()
    deep = np.full((280, 280), 65535, np.uint16)
    deep[40:240, 126:154] = 16384  # a quarter of full scale: dark grey
    Image.fromarray(deep).save(tmp_path / "1" / "deep.png")
    side = int(MAX_PIXELS**0.5) + 1
    Image.new("1", (side, side), 1).save(tmp_path / "1" / "huge.png")
    loaded = load_examples(tmp_path)
    assert [e.path.name for e in loaded.examples] == ["deep.png"]
    np.testing.assert_array_equal(
        loaded.examples[0].image, cli.normalise(cli.read_image(tmp_path / "1" / "deep.png")[0]).image
    )
    reason = f"{side}×{side} pixels is more than the {MAX_PIXELS:,} this program reads (scale the picture down first)"
    assert loaded.problems == [f"{tmp_path / '1' / 'huge.png'}: {reason}"]


def test_remove_and_restore_give_back_the_same_bytes(tmp_path):
    store = ExampleStore(tmp_path)
    kept = store.add(2, drawing(2), STROKE)
    before = (kept.path.read_bytes(), kept.sidecar.read_bytes())
    removed = store.remove(kept)
    assert not kept.path.exists() and not kept.sidecar.exists() and len(store.load()) == 0
    back = store.restore(removed)
    assert back.path == kept.path and (back.path.read_bytes(), back.sidecar.read_bytes()) == before


def test_a_sidecar_belongs_to_one_picture_of_its_name(tmp_path):
    """a.png and a.jpg in one folder both read a.json's strokes, and removing a.jpg deleted a.png's sidecar."""
    store = ExampleStore(tmp_path / "mine")
    kept = store.add(1, drawing(1), STROKE)
    jpg = kept.path.with_suffix(".jpg")
    Image.fromarray(drawing(1)).save(jpg)
    by_name = {e.path.suffix: e for e in store.load().examples}
    assert by_name[".png"].strokes == STROKE and by_name[".png"].sidecar == kept.sidecar
    assert by_name[".jpg"].strokes == () and by_name[".jpg"].sidecar is None
    removed = store.remove(by_name[".jpg"])
    assert removed.sidecar is None and kept.sidecar.is_file() and store.load().examples[0].strokes == STROKE
    store.restore(removed)
    exported, skipped, _ = store.export_folder(tmp_path / "out")  # the .jpg is not skipped for a.json being there
    assert (exported, skipped) == (2, []) and (tmp_path / "out" / "1" / jpg.name).is_file()
    kept.path.unlink()  # now a.jpg is the only picture called a: a.json is its
    (only,) = store.load().examples
    assert only.path == jpg and only.strokes == STROKE


def test_export_then_import_round_trip_and_export_never_overwrites(tmp_path):
    store = ExampleStore(tmp_path / "mine")
    for label in (0, 1, 1):
        store.add(label, drawing(label), STROKE)
    written, skipped, _ = store.export_folder(tmp_path / "shared")
    assert written == 3 and skipped == []
    assert store.export_folder(tmp_path / "shared") == (0, [], 3)  # the same files there: none written over
    other = ExampleStore(tmp_path / "theirs")
    added, problems, *_ = other.import_folder(tmp_path / "shared")
    assert len(added) == 3 and problems == []
    assert other.load().counts() == store.load().counts()
    assert all(e.strokes == STROKE for e in other.load().examples)


def test_import_and_export_refuse_the_examples_folder_itself(tmp_path):
    """Importing your own folder doubled every example; exporting into it made a class folder not named 0–9,
    after which none of the examples could be used."""
    store = ExampleStore(tmp_path / "mine")
    store.add(1, drawing(1), STROKE)
    with pytest.raises(ExamplesError, match="is your examples folder itself"):
        store.import_folder(tmp_path / "mine")
    for inside in (tmp_path / "mine", tmp_path / "mine" / "backup", tmp_path / "mine" / "1"):
        with pytest.raises(ExamplesError, match="is inside your examples folder"):
            store.export_folder(inside)
    assert len(store.load()) == 1 and sorted(p.name for p in store.root.iterdir()) == ["1"]


def json_containers(children: st.SearchStrategy) -> st.SearchStrategy:
    # a named function: Hypothesis could not read the wrapped lambda's source, warned that it never used its
    # argument ("can't actually recurse") although it did
    return st.lists(children) | st.dictionaries(st.text(), children)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    content=st.one_of(
        st.binary(max_size=200),
        st.recursive(st.none() | st.integers() | st.text(), json_containers, max_leaves=10).map(
            lambda v: json.dumps(v).encode()
        ),
    )
)
def test_any_sidecar_content_is_loaded_or_reported_never_a_crash(tmp_path_factory, content):
    root = tmp_path_factory.mktemp("ex")
    kept = ExampleStore(root).add(5, drawing(5))
    kept.sidecar.write_bytes(content)
    loaded = load_examples(root)
    assert len(loaded) + len(loaded.problems) == 1


def test_pictures_in_sub_folders_of_a_class_count_as_torchvision_finds_them(tmp_path):
    """DIR/3/batch1/x.png is a 3 for torchvision's ImageFolder; it was skipped without a word."""
    (tmp_path / "1" / "batch1" / ".hidden").mkdir(parents=True)
    Image.fromarray(drawing(1)).save(tmp_path / "1" / "top.png")
    Image.fromarray(drawing(1)).save(tmp_path / "1" / "batch1" / "nested.png")
    Image.fromarray(drawing(1)).save(tmp_path / "1" / "batch1" / ".hidden" / "not-this.png")
    (tmp_path / "1" / "batch1" / "loop").symlink_to(tmp_path / "1", target_is_directory=True)  # never followed
    loaded = load_examples(tmp_path)
    assert sorted(e.path.name for e in loaded.examples) == ["nested.png", "top.png"]
    assert all(e.label == 1 for e in loaded.examples)
    # named, not passed over: ImageFolder follows such a link (1/more linking to a folder of 1s lost them all)
    assert loaded.problems == [f"{tmp_path / '1/batch1/loop'}: {FOLDER_LINK}"]
    store = ExampleStore(tmp_path)
    nested = next(e for e in loaded.examples if e.path.name == "nested.png")
    assert store.restore(store.remove(nested)).label == 1  # undo puts it back under its class


@pytest.mark.parametrize("target", ["root", "parent", "sibling", "inside a sibling", "around a sibling"])
def test_a_class_folder_linked_to_the_root_or_to_another_class_is_refused(tmp_path, target):
    # 3 -> the examples folder made every example there a 3 (its 1s included), taught as such without a word;
    # 3 -> 1/odd made the pictures in 1/odd both 1s and 3s (fifth round)
    root = tmp_path / "examples"
    ExampleStore(root).add(1, drawing(1))
    (root / "1" / "odd").mkdir()
    Image.fromarray(drawing(1)).save(root / "1" / "odd" / "scan.png")
    if target == "around a sibling":  # 1 itself a link into the folder 3 links to
        (tmp_path / "all" / "ones").mkdir(parents=True)
        Image.fromarray(drawing(1)).save(tmp_path / "all" / "ones" / "scan.png")
        (root / "1").rename(tmp_path / "mine")
        (root / "1").symlink_to(tmp_path / "all" / "ones", target_is_directory=True)
    link_to = {"root": root, "parent": tmp_path, "sibling": root / "1", "inside a sibling": root / "1" / "odd"}
    link_to = link_to.get(target, tmp_path / "all")
    (root / "3").symlink_to(link_to, target_is_directory=True)
    with pytest.raises(ExamplesError, match="3"):
        load_examples(root)
    (root / "3").unlink()
    assert {e.label for e in load_examples(root).examples} == {1}
    elsewhere = tmp_path / "scans"  # a link to a folder outside is a class folder like any other
    (elsewhere / "threes").mkdir(parents=True)
    Image.fromarray(drawing(3)).save(elsewhere / "threes" / "scan.png")
    (root / "3").symlink_to(elsewhere / "threes", target_is_directory=True)
    assert sorted({e.label for e in load_examples(root).examples}) == [1, 3]


@settings(max_examples=40, deadline=None)
@given(
    names=st.sets(
        st.tuples(st.sampled_from(["a", "b"]), st.sampled_from([".png", ".PNG", ".jpg", ".gif", ".tif"])), min_size=1
    ),
    sidecars=st.sets(st.sampled_from(["a", "b"])),
)
def test_every_sidecar_is_read_by_one_picture_at_most_and_by_name_png_first(tmp_path_factory, names, sidecars):
    root = tmp_path_factory.mktemp("owners")
    (root / "1").mkdir()
    for stem, suffix in names:
        Image.fromarray(drawing(1)).save(
            root / "1" / f"{stem}{suffix}", format=Image.registered_extensions()[suffix.lower()]
        )
    for stem in sidecars:
        (root / "1" / f"{stem}.json").write_bytes(sidecar_bytes(1, STROKE))
    loaded = load_examples(root)
    assert loaded.problems == [] and len(loaded) == len(names)
    for stem in ("a", "b"):
        pictures = [e for e in loaded.examples if e.path.stem == stem]
        png = [e for e in pictures if e.path.suffix == ".png"]
        owner = [e.path for e in png or (pictures if len(pictures) == 1 else [])]  # NAME.png, else the only NAME.*
        assert [e.path for e in pictures if e.sidecar is not None] == owner
        assert all(e.sidecar == e.path.with_suffix(".json") for e in pictures if e.sidecar is not None)
        assert [e.path for e in pictures if e.strokes] == (owner if stem in sidecars else [])


@pytest.mark.parametrize("suffix", [".avif", ".jfif", ".pbm"])
def test_pictures_predict_reads_are_examples_too(tmp_path, suffix):
    """A phone's .avif, a browser's .jfif and a bilevel .pbm were skipped without a word, though predict reads them."""
    if suffix == ".avif" and not features.check("avif"):
        pytest.skip("this Pillow has no AVIF codec")
    (tmp_path / "1").mkdir()
    picture = Image.fromarray(drawing(1))
    picture.convert("1" if suffix == ".pbm" else "L").save(
        tmp_path / "1" / f"photo{suffix}", format=Image.registered_extensions()[suffix]
    )
    loaded = load_examples(tmp_path)
    assert loaded.problems == [] and [e.path.name for e in loaded.examples] == [f"photo{suffix}"]


def test_export_past_a_file_named_like_a_digit_folder_writes_the_other_digits(tmp_path):
    """Exporting into a folder that held a file named ``5`` wrote the 1s, then stopped at the first 5 with "[Errno 17]
    File exists: '…/5'", the 7s never written. The 5s are left out with the reason; the other digits are written."""
    store = ExampleStore(tmp_path / "examples")
    for label in (1, 5, 7):
        store.add(label, drawing(label))
    target = tmp_path / "shared"
    target.mkdir()
    (target / "5").write_text("notes")
    written, skipped, _ = store.export_folder(target)
    assert written == 2 and (target / "7").is_dir() and (target / "5").read_text() == "notes"
    assert len(skipped) == 1 and "5 is a file, not a folder" in skipped[0]


def test_a_picture_that_is_a_link_to_nothing_is_named_not_passed_over(tmp_path):
    """A class folder's ``x.png`` linking to a file moved away was skipped without a word (the dock and the fine-tune
    counted one example fewer, and said nothing); it is named, with where it leads."""
    store = ExampleStore(tmp_path / "examples")
    store.add(1, drawing(1))
    (tmp_path / "examples" / "1" / "moved.png").symlink_to(tmp_path / "elsewhere.png")
    found = store.load()
    assert len(found) == 1 and len(found.problems) == 1
    assert "moved.png" in found.problems[0] and "elsewhere.png, which does not exist" in found.problems[0]


@pytest.mark.parametrize("name", ["~/my-digits", "link"])
def test_an_examples_folder_not_found_says_why(tmp_path, monkeypatch, name):
    """``--examples '~/my-digits'`` (quoted, so no shell expanded it) and a link to a folder moved away were "no such
    folder", though the home folder holds it and `ls` lists the link; each says why it is not found."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path / "moved")
    with pytest.raises(ExamplesError, match=r"no shell expanded|a link to .*moved, which does not exist"):
        load_examples(name)


@pytest.fixture
def read_only(monkeypatch):
    """Every new file refused as on a read-only mount (a test run as root writes anywhere, whatever the mode bits)."""
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


def test_keeping_in_a_read_only_folder_names_the_folder_not_a_file_never_made(tmp_path, read_only):
    """Keep on a read-only examples folder said "[Errno 30] Read-only file system: '…/examples/1/20261201-101115-
    432e6d.png'", a file that was never made, where Teach says "cannot write to …/models: Read-only file system"."""
    store = ExampleStore(tmp_path / "examples")
    (tmp_path / "examples" / "1").mkdir(parents=True)
    with pytest.raises(OSError) as raised:
        store.add(1, drawing(1))
    assert str(raised.value) == f"cannot write to {tmp_path / 'examples' / '1'}: Read-only file system"


def test_importing_into_a_read_only_folder_is_refused_before_any_copy(tmp_path, read_only):
    """It failed at the first copy, in the system's words, and the app then said "Any examples copied before this are
    kept"; it is refused before any copy, as an export to a read-only folder is."""
    source = ExampleStore(tmp_path / "scans")
    source.root.mkdir()
    (source.root / "1").mkdir()
    Image.fromarray(drawing(1)).save(source.root / "1" / "a.png")
    (tmp_path / "examples").mkdir()
    with pytest.raises(ExamplesError, match="Read-only file system"):
        ExampleStore(tmp_path / "examples").import_folder(source.root)


def test_export_keeps_examples_of_one_name_in_two_sub_folders(tmp_path):
    """Scans copied into ``examples/3/monday/`` and ``examples/3/tuesday/`` (both counted, as ImageFolder counts them)
    were exported flat into ``3/``: the second ``scan1.png`` was "already exists, left as it is", though this export had
    written the first, and one example was missing from the copy. The sub-folders are kept."""
    store = ExampleStore(tmp_path / "examples")
    for day in ("monday", "tuesday"):
        (store.root / "3" / day).mkdir(parents=True)
        Image.fromarray(drawing(3)).save(store.root / "3" / day / "scan1.png")
    assert len(store.load()) == 2
    written, skipped, _ = store.export_folder(tmp_path / "shared")
    assert (written, skipped) == (2, [])
    assert len(load_examples(tmp_path / "shared")) == 2


def test_a_class_folder_that_is_a_link_to_nothing_is_named(tmp_path):
    """``examples/3`` linking to a folder on a stick since unplugged was passed over without a word: every 3 missing
    from the dock and the fine-tune, nothing said. It is named among the problems, with where it leads."""
    store = ExampleStore(tmp_path / "examples")
    store.add(1, drawing(1))
    (store.root / "3").symlink_to(tmp_path / "stick" / "3")
    found = store.load()
    assert len(found) == 1 and len(found.problems) == 1
    assert found.problems[0].startswith(f"{store.root / '3'}: ") and "stick" in found.problems[0]


def test_a_file_where_a_class_folder_should_be_is_named(tmp_path):
    """A file named ``3`` in the examples folder (a zip of the 3s, a note, a pipe) was passed over without a word:
    no 3 in the dock, and ``--finetune`` taught without them. It is named among the problems, with what it is."""
    store = ExampleStore(tmp_path / "examples")
    store.add(1, drawing(1))
    (store.root / "3").write_bytes(b"PK\x03\x04 the 3s, zipped")
    os.mkfifo(store.root / "5")
    found = store.load()
    assert len(found) == 1 and found.problems == [
        f"{store.root / '3'}: it is a file, not a folder, so no 3 is read from it",
        f"{store.root / '5'}: it is a named pipe (FIFO), not a folder, so no 5 is read from it",
    ]


def test_a_picture_kept_under_two_digits_is_named(tmp_path):
    """A 1 copied into the 7s' folder (or a link in 4/ to a 3) was taught as both digits, and the held-out accuracy
    stayed below 100 % without a word of why; the examples name the clash."""
    store = ExampleStore(tmp_path / "examples")
    one = store.add(1, drawing(1))
    (store.root / "7").mkdir()
    (store.root / "7" / "copy.png").write_bytes(one.path.read_bytes())
    store.add(0, drawing(0))
    found = store.load()
    assert found.label_clashes() == [f"the same picture is kept as a 1 (1/{one.path.name}) and as a 7 (7/copy.png)"]


def test_a_picture_kept_many_times_under_two_digits_names_each_digit_once(tmp_path):
    """One drawing kept five times as a 0 and five as a 7 (Ctrl+K and a digit typed again and again) was one clash of
    ten files, "kept as a 0 (…) and as a 0 (…) and as a 0 …": twelve lines in the dock, its examples pushed out of
    sight. Each digit is named once, with its first file and how many more."""
    store = ExampleStore(tmp_path / "examples")
    zeros = [store.add(0, drawing(1)) for _ in range(3)]
    sevens = [store.add(7, drawing(1)) for _ in range(2)]
    first_zero, first_seven = sorted(e.path.name for e in zeros)[0], sorted(e.path.name for e in sevens)[0]
    assert store.load().label_clashes() == [
        f"the same picture is kept as a 0 (0/{first_zero} and 2 more) and as a 7 (7/{first_seven} and 1 more)"
    ]


def test_keeping_on_a_full_disk_names_the_folder_not_a_file_never_made(tmp_path, monkeypatch):
    """Keep on a full disk said "[Errno 28] No space left on device: '…/examples/3/20261201-124822-fd8d47.png'", a
    file never made, as a read-only folder once did; it names the folder, and nothing is left."""
    real_open = os.open

    def full(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, *args, **kwargs)

    store = ExampleStore(tmp_path / "examples")
    (tmp_path / "examples" / "3").mkdir(parents=True)
    monkeypatch.setattr(os, "open", full)
    with pytest.raises(OSError) as raised:
        store.add(3, drawing(3))
    assert str(raised.value) == f"cannot write to {tmp_path / 'examples' / '3'}: No space left on device"
    assert raised.value.errno == errno.ENOSPC and list((tmp_path / "examples" / "3").iterdir()) == []


def _counting_decodes(monkeypatch) -> list:
    """Every picture decoded and normalised from now on (the costly part of reading an example), by path."""
    import rowreader.example_folder as examples

    decoded, real = [], examples.read_picture_and_note
    monkeypatch.setattr(examples, "read_picture_and_note", lambda path: decoded.append(path) or real(path))
    return decoded


def test_a_folder_read_again_in_a_new_run_decodes_only_what_changed(tmp_path, monkeypatch):
    """10,000 examples took one to two and a half minutes to list at every start of the app (and again in every
    teach's fine-tune): each picture was decoded and normalised anew. Their inputs are kept in the user cache; a new
    run (a new store) decodes only the pictures rewritten since, and reads the same inputs."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    first = ExampleStore(root, index=True)
    kept = [first.add(digit % 2, drawing(digit % 2)) for digit in range(4)]
    before = first.load()
    decoded = _counting_decodes(monkeypatch)
    again = ExampleStore(root, index=True).load()
    assert decoded == [] and [e.path for e in again.examples] == [e.path for e in before.examples]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(again.examples, before.examples, strict=True))
    kept[1].path.write_bytes(kept[0].path.read_bytes())  # a 1 replaced by a 0, its size and date as before or not
    changed = ExampleStore(root, index=True).load()
    assert decoded == [kept[1].path]
    assert np.array_equal(changed.examples[[e.path for e in changed.examples].index(kept[1].path)].image, kept[0].image)
    assert load_examples(root, index=True).arrays()[0].tobytes() == changed.arrays()[0].tobytes()


def test_the_index_is_compressed(tmp_path, monkeypatch):
    """The index kept each 28×28 input as 3,136 bytes of float32 (33 MB for 10,000 examples; on a nearly full disk
    it took the last 40 kB before the first keep). An input is mostly paper: compressed, it is a tenth of that."""
    from rowreader.example_index import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    store = ExampleStore(root, index=True)
    for shift in range(20):  # different drawings: copies would compress into one another
        page = drawing(0)
        page[100 + 3 * shift : 130 + 3 * shift, 100 + 2 * shift : 120 + 2 * shift] = 0
        store.add(0, page)
    read = store.load()
    assert len(read) == 20 and index_path(root).stat().st_size < 20 * 1000
    assert np.array_equal(load_examples(root, index=True).arrays()[0], read.arrays()[0])


def test_writing_the_index_removes_what_a_killed_writer_left(tmp_path, monkeypatch):
    """The app or a fine-tune killed while it wrote the index left its temporary (``.NAME.npz.<hex>.tmp``, as large as
    the index) in the user cache for good. The next write of that index removes it, whatever its age (since the
    fifty-sixth round); a live writer's, whose lock it holds, is kept."""
    from rowreader.atomic import lock_file
    from rowreader.example_index import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    ExampleStore(root).add(1, drawing(1))
    index = index_path(root)
    index.parent.mkdir(parents=True)
    stale, fresh = (index.parent / f".{index.name}.{tail}.tmp" for tail in ("0123456789abcdef", "fedcba9876543210"))
    stale.write_bytes(b"half an index")
    fresh.write_bytes(b"being written")
    writing = os.open(fresh, os.O_RDONLY)  # a write under way holds its temporary's lock until its rename
    try:
        assert lock_file(writing)
        load_examples(root, index=True)
    finally:
        os.close(writing)
    assert index.is_file() and not stale.exists() and fresh.exists()


def test_an_index_read_every_day_is_not_forgotten(tmp_path, monkeypatch):
    """An index is removed once not used for a month, but its age was its last write: examples left unchanged for a
    month, read at every start, lost their index when another folder's was written (a fine-tune on a folder of
    scans), and the next start decoded them all again (minutes for 10,000). Reading it counts as using it."""
    from rowreader.example_index import FORGET_AFTER_S, index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mine, scans = tmp_path / "examples", tmp_path / "scans"
    ExampleStore(mine).add(1, drawing(1))
    ExampleStore(scans).add(0, drawing(0))
    load_examples(mine, index=True)
    month_ago = index_path(mine).stat().st_mtime - FORGET_AFTER_S - 3600
    os.utime(index_path(mine), (month_ago, month_ago))
    decoded = _counting_decodes(monkeypatch)
    load_examples(mine, index=True)  # a start of the app: read, nothing decoded, nothing written
    assert decoded == []
    load_examples(scans, index=True)  # another folder's index written
    assert index_path(mine).is_file() and index_path(scans).is_file()


def test_a_named_pipe_in_the_index_place_is_never_opened(tmp_path, monkeypatch):
    """A named pipe where the index goes was opened as the index: with no writer, the reading (the dock's, the
    fine-tune's) waited for good. Only a regular file is read as an index; the pipe is left as it is."""
    import contextlib
    import threading

    from rowreader.example_index import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    ExampleStore(root).add(1, drawing(1))
    fifo = index_path(root)
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    opened = []

    def writer() -> None:  # its open returns once a reader opens the pipe (the old reading), or the test's own below
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as pipe:  # the test's own reader is gone at once
            opened.append(True)
            pipe.write(b"not an index")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    assert len(load_examples(root, index=True)) == 1
    read_by_the_reading = list(opened)
    while thread.is_alive():  # lets the writer go, whatever the reading did; held open until it has (under load
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the thread reached its open after one brief opening,
        thread.join(0.05)  # and waited for a reader for good)
        os.close(reader)
    assert read_by_the_reading == [] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_damaged_or_foreign_index_is_only_a_cache(tmp_path, monkeypatch):
    """Whatever is in the index's place (garbage, a pickle, another folder's index), the pictures are read anew,
    and nothing in it is used or executed."""
    from rowreader.example_index import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    ExampleStore(root).add(1, drawing(1))
    expected = load_examples(root).arrays()[0]
    other = tmp_path / "other"
    ExampleStore(other).add(0, drawing(0))
    load_examples(other, index=True)
    foreign = index_path(other).read_bytes()
    index_path(root).parent.mkdir(parents=True, exist_ok=True)
    pickled = io.BytesIO()
    np.savez(pickled, identity=np.zeros(3, np.uint8), names=np.array([{"run": "me"}], dtype=object))
    for content in (b"garbage", b"PK\x03\x04" + bytes(100), foreign, pickled.getvalue()):
        index_path(root).write_bytes(content)
        decoded = _counting_decodes(monkeypatch)
        assert np.array_equal(load_examples(root, index=True).arrays()[0], expected)
        assert len(decoded) == 1
        monkeypatch.undo()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_an_import_decodes_each_picture_once_and_the_next_reading_none(tmp_path, monkeypatch):
    """After an import the dock read the whole folder again, every picture decoded a second time (and the import
    itself decoded each copy twice): 10,000 imported examples took minutes more."""
    source = tmp_path / "source"
    for digit in (1, 7):
        ExampleStore(source).add(digit, drawing(digit))
    store = ExampleStore(tmp_path / "examples")
    decoded = _counting_decodes(monkeypatch)
    imported = store.import_folder(source)
    assert len(imported.added) == 2 and len(decoded) == 2  # the source's two pictures
    assert len(store.load()) == 2 and len(decoded) == 2


def test_an_example_kept_as_the_wrong_digit_moves_to_its_own_with_its_sidecar(tmp_path):
    """Kept as the wrong digit, an example could only be opened, kept again and deleted (the keep dialog offered the
    wrong digit it was kept as). It moves, its name and strokes with it, the sidecar saying its new digit; where
    its name is taken there, it gets a new one, and nothing is overwritten."""
    store = ExampleStore(tmp_path / "examples")
    wrong = store.add(8, drawing(1), STROKE)
    moved = store.relabel(wrong, 1)
    assert moved.path == store.root / "1" / wrong.path.name and moved.label == 1 and moved.strokes == wrong.strokes
    assert not wrong.path.exists() and not wrong.sidecar.exists()
    assert json.loads(moved.sidecar.read_text())["label"] == 1
    found = store.load()
    assert [(e.path, e.label) for e in found.examples] == [(moved.path, 1)] and found.problems == []
    (store.root / "8" / wrong.path.name).write_bytes(b"the user's own file")
    back = store.relabel(moved, 8)
    assert back.path != wrong.path and back.path.parent == store.root / "8"
    assert (store.root / "8" / wrong.path.name).read_bytes() == b"the user's own file"
    with pytest.raises(ValueError, match="label must be a digit"):
        store.relabel(back, 10)


def test_a_reading_says_what_it_has_read_as_it_goes(tmp_path, monkeypatch):
    """A first reading of 10,000 examples took minutes, and the app could show none of them until the last: the
    reading hands on what it has read every quarter second, with how many files are done of how many, and the
    rest at the end, each example once."""
    import rowreader.example_folder as examples

    root = tmp_path / "examples"
    store = ExampleStore(root)
    for digit in (0, 1, 1, 3, 7):
        store.add(digit, drawing(digit))
    clock = iter(range(0, 1000, 1))  # every file a second later: every file is a batch of its own
    monkeypatch.setattr(examples.time, "monotonic", lambda: next(clock))
    calls: list[tuple[list, int, int]] = []
    found = load_examples(root, progress=lambda batch, done, total: calls.append((list(batch), done, total)))
    assert [e.path for batch, _, _ in calls for e in batch] == [e.path for e in found.examples]
    assert {total for _, _, total in calls} == {5} and calls[-1][1] == 5
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)  # it only goes forward
    assert len(calls) > 2  # along the way, not only at the end


def test_a_reading_stopped_half_way_keeps_what_it_decoded_for_the_next_run(tmp_path, monkeypatch):
    """The app closed two minutes into its first reading of 10,000 examples (the reading stops when the window
    closes) kept nothing of it: the next start decoded every picture again. What was decoded is in the index."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "examples"
    store = ExampleStore(root)
    for digit in range(6):
        store.add(digit, drawing(digit))
    decoded = _counting_decodes(monkeypatch)
    partial = load_examples(root, index=True, stop=lambda: len(decoded) >= 4)
    assert len(partial) == 4
    first = list(decoded)
    whole = load_examples(root, index=True)
    assert len(whole) == 6 and len(decoded) == len(first) + 2  # only the two not reached are decoded
    assert set(decoded[len(first) :]) == {e.path for e in whole.examples} - set(first)


@settings(max_examples=60, deadline=None)
@given(labels=st.lists(st.integers(0, 9), min_size=1, max_size=12))
def test_a_clash_names_each_digit_once_with_how_many_copies_it_has(labels):
    """Copies of one picture kept under any digits: one clash sentence when there are two digits or more, naming
    each digit once, its first file, and how many more; the counts add up to the copies."""
    from pathlib import Path

    from rowreader.example_folder import Example, ExampleSet

    image = np.zeros((28, 28), np.float32)
    image[10:18, 13:15] = 1
    other = np.eye(28, dtype=np.float32)  # another picture, under digit 0: never part of the clash
    examples = [Example(Path(f"/x/{label}/{i:02}.png"), label, image) for i, label in enumerate(labels)]
    examples.append(Example(Path("/x/0/other.png"), 0, other))
    clashes = ExampleSet(examples).label_clashes()
    digits = sorted(set(labels))
    if len(digits) < 2:
        assert clashes == []
        return
    [clash] = clashes
    parts = clash.removeprefix("the same picture is kept as ").split(" and as ")
    assert len(parts) == len(digits)
    copies = 0
    for digit, part in zip(digits, parts, strict=True):
        first = min(i for i, label in enumerate(labels) if label == digit)
        more = labels.count(digit) - 1
        assert part == f"{'an' if digit == 8 else 'a'} {digit} ({digit}/{first:02}.png" + (
            f" and {more} more)" if more else ")"
        )
        copies += more + 1
    assert copies == len(labels)


def test_export_leaves_a_link_to_nothing_where_an_example_would_go(tmp_path):
    """Export wrote over a link of the user's to a file moved away (``out/1/NAME.png`` and its ``.json``), replacing
    the link by the example: only an existing file was left alone. A link is left as it is, and named."""
    store = ExampleStore(tmp_path / "examples")
    kept = store.add(1, drawing(1))
    out = tmp_path / "out" / "1"
    out.mkdir(parents=True)
    for name in (kept.path.name, kept.sidecar.name):
        (out / name).symlink_to(tmp_path / "moved" / name)
    assert store.export_folder(tmp_path / "out") == (0, [f"{out / kept.path.name}: already exists, left as it is"], 0)
    assert all((out / name).is_symlink() for name in (kept.path.name, kept.sidecar.name))
    (out / kept.path.name).unlink()  # its sidecar's name alone is taken: the pair is written together or not at all
    assert store.export_folder(tmp_path / "out")[0] == 0 and (out / kept.sidecar.name).is_symlink()


def test_import_copies_the_other_digits_past_a_file_named_like_one(tmp_path):
    """A file named ``3`` in the examples folder (a zip of the 3s) ended an import at its first 3, "[Errno 17] File
    exists", the 5s after it never copied. The 3s are named and left, the other digits copied, as Export does."""
    source = ExampleStore(tmp_path / "source")
    for digit in (1, 3, 5):
        source.add(digit, drawing(digit))
    store = ExampleStore(tmp_path / "examples")
    store.add(0, drawing(0))
    (store.root / "3").write_bytes(b"PK the 3s, zipped")
    added, problems, already, *_ = store.import_folder(source.root)
    assert sorted(e.label for e in added) == [1, 5] and already == 0
    (three,) = source.load().examples[1:2]
    assert problems == [f"{three.path}: not copied, as {store.root / '3'} is a file, not a folder"]
    assert (store.root / "3").read_bytes() == b"PK the 3s, zipped"
    assert {digit: n for digit, n in store.load().counts().items() if n} == {0: 1, 1: 1, 5: 1}
