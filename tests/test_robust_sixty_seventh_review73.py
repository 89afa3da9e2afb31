"""The sixty-seventh round, review73: a review of window25's SVG of no size (a viewBox SVG ignores as invalid)."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from gui.image_io import read_any_picture_and_note, read_any_picture_data_and_note

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="{}"><rect width="15" height="15"/></svg>'


@pytest.mark.parametrize("box", ["0 0 0", "0 0 -5", "a b 0 10", "0 0 0 10 5", "0 0 0px 10", "0,0,,0,10"])
def test_an_svg_of_a_view_box_svg_ignores_is_drawn_at_its_width_and_height(qapp, tmp_path, box: str) -> None:
    """A viewBox not of four numbers is an error SVG ignores (Qt and a browser draw the file at its width and height):
    one whose third or fourth word was 0 or below ("0 0 0", "a b 0 10") was "an SVG drawing of no size", its 20 × 20
    drawing refused, pasted, opened or gzipped."""
    data = SVG.format(box).encode()
    (tmp_path / "a.svg").write_bytes(data)
    (tmp_path / "a.svgz").write_bytes(gzip.compress(data))
    read = [read_any_picture_data_and_note(data, "pasted")[0]]
    read += [read_any_picture_and_note(tmp_path / name)[0] for name in ("a.svg", "a.svgz")]
    for image in read:
        assert image.shape[:2] == (20, 20)
        assert np.count_nonzero(image[..., 3]) == 15 * 15  # its square drawn, at the drawing's own scale


@pytest.mark.parametrize("box", ["0 0 0 10", "0,0,10,-1", " 0 0 .0e3 10 ", "0 0 +0 10"])
def test_an_svg_of_a_view_box_0_or_below_is_still_of_no_size(qapp, tmp_path, box: str) -> None:
    """The control: four numbers, one of the size 0 or below, draw nothing (SVG), as window25 made them."""
    with pytest.raises(Exception, match="an SVG drawing of no size"):
        read_any_picture_data_and_note(SVG.format(box).encode(), "pasted")
