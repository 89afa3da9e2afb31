"""Whether a picture's ink is one digit: a speck or a dot too small to be one, a single line (a rule, a dash), a band
along the picture's edge, a printed box round it (or empty), a ring drawn round it, a form's comb boxes under it, or a
thin line under or over it (a rule, an underline), the rules of ruled or squared paper touching or crossing it, or
such rules alone (a page with nothing written on it), marks side by side ("37"), a small mark apart beside the digit
(a tick), many small marks (a page of text, a screenshot).

``rowreader.preprocess.normalise`` asks these of the ink it found: a box's lines, the lines beside and then a small
mark apart beside the digit are taken away and a mark too small, or a line alone, is not read, before the crop; the
marks are counted after it (``Normalised.marks``, ``Normalised.many_marks``). What is said of them is in
``rowreader.picture_words``. Each takes the ink as a mask, cropped to it, and knows nothing of how it was found.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

import numpy as np

from rowreader.caller_values import host_array
from rowreader.strokes import BLOB, morph, stroke_width

if TYPE_CHECKING:
    from collections.abc import Iterator

# "Too small to be a digit": ink spanning less than MIN_EXTENT of the picture's longer side (a speck), or a dot:
# a mark as wide as it is long (pen width over extent above strokes.BLOB, which no MNIST test digit reaches)
# spanning less than MAX_DOT_EXTENT (a click with the app's widest, 64-px brush spans 23 %).
# A mark spanning MIN_MARK_PIXELS or more, more than MNIST's 28-px field, is no speck whatever its share of the picture
# (counted as read, preprocess.MAX_INPUT_SIDE a side at most): a 7 written 100 px tall on a page photographed at
# 3,000 × 2,200 (3 % of its side) was "too small", 30 of 30 MNIST digits so placed; 30 read right now.
# Read anyway with ``allow_small=True``.
MIN_EXTENT = 0.04
MIN_MARK_PIXELS = 32
MAX_DOT_EXTENT = 0.25
# Ink spanning fewer than MIN_DIGIT_PIXELS pixels (as read) holds no digit whatever the picture's size, and no crop
# makes one of it: the smallest pixel fonts draw a digit in 3 × 5. A 2 × 1 picture of one black pixel, or a 3 × 3 one
# with a dot in its middle, was read as an 8 at 44.5 %.
MIN_DIGIT_PIXELS = 5
# Nor is ink lying flat, under FLATTEST as tall as it is wide, a digit: a ruled line or a dash alone (3 × 280 px) was
# read as a 7 at 92.1 %, a dash as a 0. MNIST's flattest digit (of 70,000, as read) is 0.4 as tall as wide, UNIPEN's
# (of 15,003, its points without the pen's width) 0.35. An upright line is a 1.
FLATTEST = 0.25
# Beside a digit, above or below it and apart, a line is taken away where it lies flatter still: UNIPEN's 1s drawn with
# their foot apart (5 of its 3,020 test digits as the bench draws them) have feet 0.17 to 0.24 as tall as wide.
RULE_FLATTEST = 0.12
# and where it is thinner than the digit's strokes, under RULE_THINNER of their width (strokes.stroke_width): a rule
# is printed, a digit's stroke drawn with its pen. A 7 drawn in two strokes, its bar 2 px clear of its stem, lost its
# bar as a rule and was read as a 1 at 100 % (pens of 4 to 24 px). A line drawn with the digit's own pen stays.
RULE_THINNER = 0.5
# A rule touching or crossing the digit (:func:`rules_across`) runs on past it at both ends, by 1 / RULE_LONGER of
# the digit's width or more, as a ruled page's lines do: a digit's own widest row spans about its width (766 of
# MNIST's 10,000 test digits have rows thinner than half their pen across nine tenths of it, a 0's sides, a 7's top;
# test digit 3751 a 7's crossbar, running on past its stem).
# Rules down the page are taken away only on squared paper: DOTTED_MARKS or more alike and evenly spaced; a 1's stem
# standing on its line, full height itself and thin with a wide brush's round ends, is one.
RULE_LONGER = 2
# A rule is found up to MAX_TILT off level (a fall of 1 px in 60: 1°), as a page is scanned or photographed.
MAX_TILT = 1 / 60
# A line is one run of ink across its width, inked in LINE_UNBROKEN of its columns or more: a number written on one
# line, or a line of text, lies as flat but leaves gaps between its digits and letters (counted as marks, not called
# "a single line").
LINE_UNBROKEN = 0.95
# A dotted or dashed line is DOTTED_MARKS marks or more in a row, alike (each within ALIKE of the median mark's height,
# width, top and pitch, plus a pixel), whatever each mark's shape: a dotted rule of 27 round dots was read as a 7 at
# 83 %, eight dashes 10 px tall and 25 wide as a 7 at 88 % ("marks side by side"), a dash being a line only where it
# lay flat itself. A number on a line is not: its digits are not alike, nor evenly spaced.
DOTTED_MARKS = 3
ALIKE = 0.1

# Nor is a band along a side of the picture, touching it along FRAME_COVER of its length or more and reaching in under
# FLATTEST of the picture across: the page's edge, or a scanner's shadow along it (a blank page whose left side fell
# off to 0.1 over 25 px was read as a 1 at 100 %, an upright line being a 1). A digit stands clear of a side.

# Two digits side by side on one page ("37") were read as one digit without a word (a 4 at 97 %). A mark inking
# MIN_MARK_HEIGHT of the ink's rows or more, apart from the next by bare columns wider than MIN_APART of its height,
# is counted (``Normalised.marks``): MNIST's broken strokes leave gaps of a quarter at most (14 of its 10,000 test
# digits have one; none wider), digits written apart a third or more (200 of 200 such pairs counted, 86 of 100 set
# closer); none of MNIST's 70,000 digits is more than one.
MIN_MARK_HEIGHT = 0.5
MIN_APART = 0.3
# A smaller mark so apart from the one digit-sized mark (a tick or a cross beside a 7, a speck of dust) is no part of
# it and is taken away before the crop (:func:`marks_apart`): a 7 with a tick beside it, half its height and a width
# away, was read as a 2 at 86 %, and no note said why. None of UNIPEN's 3,020 test digits drawn with pens of 4, 8, 24
# and 64 px has such a mark; of MNIST's 10,000 test digits one has, a speck of 1 px (13 of its 60,000 training digits,
# of 1 to 5 px): a speck under RULE_THINNER of the digit's pen is dust, left as it was. A full stop, one click of the
# pen, is as wide as the pen, and the digit's strokes measure wider where they curve and join: compared with the whole
# pen, it was kept beside 18 of 18 UNIPEN test digits at pens 8 and 24, and read with them (a 0 as an 8, a 7 as a 2).
# A line, upright or leaning (a 1, a page's margin, a 4's stem drawn apart), keeps what stands beside it, but for a
# dot (strokes.BLOB): "1." read 2 or 6 with its stop (3-7 of 82 UNIPEN 1s that read 1 alone, pens 8-24).
# This and the half pen take away more beside 9 of MNIST's 60,000 training digits (specks; none of its test digits,
# inked from 26 or 128) and one of UNIPEN's 15,003 (a pen tap, pens 4-64): each looked at, none a digit's part.

# A page of text or a screenshot put in an examples folder was taught as that folder's digit. Cut along its bare rows
# and columns (MIN_CUT px wide or wider), and each piece again, text falls into lines, words and letters: 12 to
# thousands of marks, none holding MOST_INK of the ink (53 of 59 pages of text, screenshots and diagrams, the 38 of text
# all; left: a photo, and pictures one frame or drawing of which holds much of the ink). A digit is one mark, or two
# where a stroke is broken; where dust or the pieces of a page's rules make it one of many, it holds most of the ink:
# none of MNIST's 70,000 digits, nor its 10,000 test digits scanned at 300 px and dithered to 1 bit (in black and in
# light grey), 1,000 of them on ruled, squared, turned ruled and dusty pages, nor UNIPEN's 3,020 renderings (two
# drawings each) is read so. Pieces under MIN_PIECE px a side are dust, uncounted.
MANY_MARKS = 10
MIN_CUT = 2
MIN_PIECE = 3
LINE_LENGTH = 20  # a piece this many times longer than wide is a line (a rule, a frame's side), not a mark
MOST_INK = 0.4
MAX_CUTS = 4000  # pieces looked at, at the most (a page of text is decided in far fewer)
# Text lies in lines: marks side by side at one height. A digit drawn in dots or dashes, or in pixel art, is many small
# marks too (a dotted 0 of a 4-px pen: 30 dots), but along its strokes, and at one height lie at most its bars' (BARS:
# a 5's three). Many marks are text only where they lie in lines: BARS + 1 lines or more of LINE_MARKS marks, or
# TEXT_LINES such lines holding a word (two marks less than WORD_GAP of their height apart), or LIST_LINES lines each
# holding a word (a list, a menu); and where they are not all alike (SAME of them within a tenth of one size), closing
# gaps the size of the quarter narrowest does not join them into one (pixel art's squares). Every dotted 0, 1, 7 and 8
# of 3- to 24-px pens, all 10,000 MNIST test digits in pixel art and most UNIPEN test digits drawn in dots were refused.
TEXT_LINES = 2
LINE_MARKS = 5
LIST_LINES = 6
BARS = 3
WORD_GAP = 0.5
SAME = 0.8
MAX_JOIN = 0.05  # gaps closed at the most, of the ink's longer side

# A digit written in a printed box (a form's) was read with the box round it: a 7 as a 9 (7 of 30 such read right).
# A box's four lines cross the ink's whole crop, each along one of its edges: rows and columns within MAX_BOX_LINE of
# them that are ink over FRAME_COVER of their length. Taken away, where what they enclose is a digit's height.
FRAME_COVER = 0.9
MAX_BOX_LINE = 0.1
MIN_BOXED = 0.25  # of the inside's height, the ink left there spans at least this: no empty box, no bar across an 8
# An empty printed box (a form's) was read as a 0 at 99 %: a box with nothing in it, ruled (see below), is no digit
# ("only printed rules"), whatever its lines' width: a box's lines 3-5 px round 40-100 px, over the 4 % of its side
# the boxes round first asked for, read 0 (1 of 120 refused; 52 now, the rest off level or blurred). A 0 drawn square
# with the canvas's pens (round joins: 4 to 24 px, 60 to 260 px tall) is not ruled and reads 0, 126 of 126.
# It is EMPTY_BOX_TALL as tall as wide or more: a 0 written flat (a frame 101 × 51, its pen 2 px) is read.
EMPTY_BOX_TALL = 2 / 3
# A square 0 drawn with a fine pen (2-3 px on a 280-px page) was taken for an empty box, "only printed rules" (2 of
# 30 of the lead's, 124 of 696 square 0s of 1-6 px pens, corners moved 0.5-4 px, bowed, overshot, open, rounded):
# an empty box is printed where its sides are ruled (see :func:`_ruled`), in pixels: each side's middle strays no
# more than RULED_STRAY from its own line, and falls within RULED_FALL of the turn all four share. Printed boxes,
# level or 1-3 px off, sharp or blurred (0.6 px) as scanned, strayed at most 0.55 and fell at most 0.01 px off it.
RULED_STRAY = 0.75
RULED_FALL = 0.25
# A ring drawn round a digit (:func:`ring_round`) crosses the middle row or column twice, the digit once or more; at
# most RING_CROSSINGS in all, and its outside is found in RING_ROUNDS rounds of filling. A ring a hand left a little
# open is found with its gap closed: the ink grown RING_GAP of its pen's width each way (a square), gaps under two pens.
RING_CROSSINGS = 8
RING_ROUNDS = 6
RING_GAP = 1.0
# A slashed 0 (Ø) whose slash stays clear of its oval was taken for a ring round a 1 and read as a 1 at 100 %: a lone
# straight stroke SLASH_TILT degrees or more off upright, under SLASH_THIN pens across, in a ring taller than wide, is
# the 0's slash (:func:`_slash_in_zero`). A 1 leans too: of UNIPEN's 328 test 1s, 159 are such strokes at pen 8, 26 of
# them lean 20° or more, 12 25° or more (at most 34°); a ringed 1 leaning 15.7° was taken for a 0 at 15°. A stroke
# leaning less, in a ring, stays a ringed 1: the two look alike. A line drawn 25° off upright measures 24° and more.
# And it is a stroke: its ink fills SLASH_FILL or more of its box, its length by its width (398 Ø, the slash drawn
# once or twice side by side, at pens 2-40 on the canvas and in pictures: 0.83 and more, a pen-2 line's steps the
# least); a 3 at pen 32 in a C, under two pens across and leaning 24.09°, is a blob filling 0.71 (the 25 UNIPEN digits
# so ringed at pens 16-40 at most 0.75), and was read as a slashed 0. Its ink counted against its length by one pen
# (at most 1.2), a slash drawn twice or at pen 40 lost its oval: 61 of 720 Ø on the canvas, 35 of 240 in pictures.
SLASH_TILT = 24.0
# In a ring as wide as tall or wider (a round 0, or one written flat: 531 of UNIPEN's 1,495 0s), a stroke leaning
# SLASH_TILT_WIDE or more is the 0's slash too: no UNIPEN 1 drawn straight leans past 34° (33.6 of both splits' at pen
# 8, 33.4 at 16), and a slash from corner to corner of a wide 0 leans 45° or more. Asked only of tall rings, a slash
# 40° off upright inside 100 UNIPEN 0s at pen 8 left 23 of the 33 wide ones read as 1 (15 at pen 16), 66 of 67 tall
# ones read 0; a stroke leaning 24-36° in a wide ring stays a ringed 1.
SLASH_TILT_WIDE = 36.0
SLASH_THIN = 2.0
SLASH_FILL = 0.8
# What inks under half a ring's inside rows is a dot or a bar in a 0, kept with it (MIN_MARK_HEIGHT), but a flat digit
# wider than SLASH_THIN pens across: a flat 5 (syn/rcw-dig15/869-870, 0.35 as tall as wide) a pen clear in a C inked
# 0.37 to 0.47 of its rows at pens 4 to 16, kept, the whole read as 8, 3, 9 or 0 (7 of 20 C's, 0 now). Under
# SHORT_DIGIT of them it is a bar, however wide: a 7's crossbar drawn apart, hooked (ced/NAPL4256/489-490, 3.2 to 4.5
# pens across, 0.24 to 0.27 of the rows), in the 7's own curling top taken for a C. A dot filled in is the 0's,
# however wide (strokes.BLOB): a 0 with one blackened 2.8 to 3.6 pens across lost the 0 as a ring, the dot alone
# "too small" (10 of 180 such 0s at pens 8 to 32; 3, as before the rule, now).
SHORT_DIGIT = 1 / 3
# ... and a digit inks a pen's width or more in each row it spans: specks of paper grain scattered over a third of a
# 9's curl (112 px over 58 rows, a pen of 14: 0.14 of it) were taken for a flat digit in a C, the 9 taken away and the
# grain read as 1; the flat digits SHORT_DIGIT keeps ink 2.8 pens a row or more
SPECKS = 1.0
# A ring left wide open (a C, 0.3 of a turn) is the ink touching the drawing's edges, one piece or more, round the rest
# over OPEN_TURN of a turn or more (in OPEN_BINS steps), the rest clear of every edge (OPEN_CLEAR): 41, 16 and 15 of
# 302 UNIPEN test digits so ringed read right at pens 8, 16 and 24, 300, 297 and 295 now (alone: 301, 298). Every edge
# but the one the gap faces: there the C's ends bound the drawing, and a C open squarely to the right or below left
# 13 and 0 of 101 digits as drawn alone at pen 8, 4 and 0 at 16, 100 or 101 now (none of MNIST's 70,000, inked from
# 26 or 128, is taken for a C, as before). Two gaps as wide (two arcs, above and below) are both left out: 55 of 100
# read with the arcs at pen 24 before, 1 now; the rest must not touch the ring even at a corner (a 1-px square 0).
# Most digits reach past a C's ends to the edge its mouth faces: all the ink was joined to the edges, and a C open
# right one pen clear was read alone 62 of 101 at pen 8, 144° open right 13, 17, 24, 42 and 73 of 100 at pens 4-32,
# open below 0 at each. The ink joined to the top edge (:func:`ring_round`'s first fill) is the C, the rest its digit
# (open above, the other way round): 93; 98, 100, 100, 100, 98; 98, 100, 100, 100, 100 now (no UNIPEN test digit,
# nor 6 or 9 of either split, drawn alone at pens 4-24 is taken for a C, as before). Half a turn: "( 2 )", two
# arcs of 0.3 of a turn, or a C open 144°, go round 0.6 of a turn seen from the digit, and with a thin pen less (at
# pen 4, 0.56): under the 0.6 asked before, 8 of 64 UNIPEN test 2s were read with the brackets at pen 4 (4 at 8), 0
# now (2), and still no digit above is taken for a C. A C alone (one gap) still goes round OPEN_TURN: at half a turn
# the L of a 4 drawn in two strokes, its stem apart and stopping above the bar, was a C round a 1 (7 of 405 at pens
# 4-16, 4 at pen 6), none at 0.6; two arcs go round ARCS_TURN.
OPEN_TURN = 0.6
# The C's own pen and a little paper (OPEN_CLEAR), where the C is one or two strokes (OPEN_STROKES: a C, its end drawn
# apart, two brackets): the two pens asked before (a C's pen and as much paper) left a C drawn one pen clear of its
# digit with the canvas's wider brushes (0.45 of the digit's half height, then a pen, from it: paper of 0.3 to 0.7 pen)
# read with it, 1, 0 and 0 of 101 UNIPEN test digits alone at pens 16, 24 and 32, now 97, 96 and 93 ("( 2 )": 64 of 65
# 2s at pens 16 and 32, now 65). A digit drawn in dashes is asked the two pens still: its outer dashes, three pieces or
# more, are no C (at 1.25, 4 of 180 dashed 0s, 2s, 3s, 5s, 6s and 9s at pen 8 lost them). No plain digit (UNIPEN's 3,020
# test digits and the 6s and 9s of both splits at pens 4-24, MNIST's 70,000) whose pieces are otherwise such a C round
# the rest has it so clear: the nearest, MNIST training digit 1623, 1.07 pens. A pen and 0.15, not a quarter: a C one
# pen clear drawn a quarter pen high with the widest brushes (32 px: 6 to 11 px of paper between the two) left its
# digit 1.22 pens from the bottom edge, read with it (6 of 101 alone, 60 now; the others touch the C).
OPEN_CLEAR = 1.15
OPEN_STROKES = 2
# That ask, too, only where the digit lies about as far from two opposite edges the C bounds (the one
# at most OPEN_EVEN times the other): a 6 whose loop is drawn apart from its arc lies low in it, a pen and a quarter
# from its bottom, far from its top, and was read as a C round a 0 (of 60 such 6s at the canvas's size, 7 and 11 at
# pens 8 and 16; 5 and 0 before and now); a C drawn one pen clear of its digit is as far from both (97, 96, 93 still).
# And only where the ring is open (a gap): a closed one whose inside is inked corner to corner, a square 0's own fill
# or slash (FRAME_COVER), refused as a ring round a digit, was taken for a C round it (mutants13's box of pen 2.02,
# its fill 4 px in).
OPEN_EVEN = 2.0
ARCS_TURN = 0.5
EDGES = (np.s_[0], np.s_[:, 0], np.s_[-1], np.s_[:, -1])  # a crop's top, left, bottom and right edge (see _gap_sides)
# A C's digit lies apart from it, and where the C's pen measures THIN_PEN px or less (a 1-px line measures 2) not
# even corner to corner: a 1-px pen's slanted side steps so, and its pieces were taken for a digit in a C (boxes2's
# square 0, read as a 4). A wider pen's slanted stroke is joined side to side, and strokes meeting only at a corner
# graze: ``normalise``'s mask holds the brush's faint edge (ink from its INK_THRESHOLD, a pixel wider each side than
# at half ink), and a digit passing a pixel or two from a C's end (a C one pen clear, at pen 8) touched it so there:
# 6 of the 8 of 101 UNIPEN test digits read with such a C (the rest reached the C, or its end). A thin pen's curve
# steps a pixel a round of :func:`_filled` too, and a C drawn with one (a picture's 2- or 3-px pen measures 2.4 to
# 4.3) gave up in RING_ROUNDS, read with its digit (49 and 10 of 101 UNIPEN test digits alone at pen 2, antialiased
# and binary; 98 and 46 at pen 3): it is given JOIN_ROUNDS (93, 83, 95, 93). Wider ink not: a 1 drawn alone at pen 8
# (uqb/py_3828/1615-1617, 4,182 px) so filled lost its flag and foot, 2,978 px, taken for a C round its stem. The
# canvas's narrowest brush, 4 px, measures 4.7 and more. Apart corner to corner at 2.5 px or less alone, digits
# drawn alone with a binary pen of 2 to 2.5 px, their strokes meeting at its steps, lost their own ink as a C (1 of
# about 1,000 UNIPEN digits at each: a 1 at pen 2.5 and 0.15 of the canvas, a 5 at 0.3, 408 of 547 px, an 8 at 0.68,
# 1,024 of 1,347, a 3 at pen 2 and 0.95, 909 of 1,657), as a spiral 0 at a binary pen 2 (apb/Patricia_Peek/0) its
# outer turn. Asked of every thin pen, a C drawn one pen clear is read alone a little less often (above; 97 and 99
# at pens 2 and 3 antialiased, 98 at 3 binary, with 2.5), its faint edge touching the digit at a corner.
THIN_PEN = 4.5
# Where the drawing's pen measures wider, a C drawn with a pen under THINNER_RING of its digit's is filled as long
# (:func:`_thinner`): a 1 at pen 18 in a C at pen 2 or 3 (live13's, read as an 8) measured 7.2 to 8.4 in all, the
# C 3.0 to 4.1 and the 1 17.9, and the C gave up in RING_ROUNDS, as did the canvas's 4-px brush round a 24-px 1
# (5.1 to 5.3); of 33 UNIPEN test 1s at pen 18 in a C at pen 2, 3 and 2 binary, 0, 5 and 0 were read alone, 28, 33
# and 27 now (at pen 24 in a 4-px C 6, now 33). A digit's own strokes share its pen: none of UNIPEN's digits alone
# (every 3rd of both splits) is read otherwise at pens 2-32. Not half: the canvas's 4-px brush (5.1) round a 1 at its
# 8-px brush (8.7 to 9.4) was read with it, as a 0 (5 and 4 of those 33 1s read alone, antialiased and binary; 33
# and 33 at 0.7); at 0.7 no UNIPEN digit alone (every 9th, pens 3 to 32), none drawn with two pens (2,144, a pen
# for each stroke, or a stroke thinning; 2,144 with a line inside of another pen) is read otherwise than at half.
THINNER_RING = 0.7
OPEN_BINS = 36
# The ring searches fill the ink from its edges (a C), or from the paper round it (a closed ring), which holds the ink
# along the edges: where all the ink is joined to the edges, neither finds ink apart, and no ring is looked for. That
# fill of the ink alone is given JOIN_ROUNDS rounds: a digit drawn with a 4-px pen took up to 44 (302 UNIPEN digits,
# whole and part-drawn). Asked at each pen move, the live read's ``ruled_off`` took 7.1 ms a canvas drawing, 1.3 now
# with :func:`printed_box`'s look along the edges (UNIPEN's digits at pen 16, the mean).
JOIN_ROUNDS = 48
LEVEL = 0.1  # px a level box's sides fall: its corners closed, each but its outermost pixel (a scan's blur)


def printed_box(inked: np.ndarray) -> np.ndarray | None:
    """The lines of a box drawn round a digit (see ``FRAME_COVER``) in ``inked`` (the ink, cropped to it), as a
    mask of its shape, or ``None`` where the crop's edges are not four such lines round a digit: where the ink
    inside crosses from one line to the one facing it, the "box" is the digit's (a square 0 with a slash). A box
    not quite level (:data:`MAX_TILT`) is looked for with each row (column) counting its neighbours' ink; a box
    upright (:data:`EMPTY_BOX_TALL`) and ruled (:func:`_ruled`) with nothing in it is all lines: the whole of
    ``inked``."""
    if min(inked.shape) < 16:  # a few pixels: every row of a blob is "full"
        return None
    # a box scanned 1 px off level across 50 to 250 px was read with its lines round the digit: 10 of 30 boxed MNIST
    # digits read right, each line spread over two rows or more, none inked over FRAME_COVER of the crop
    reach = [max(1, math.ceil(MAX_TILT * side)) for side in inked.shape[::-1]]
    # a box's lines lie along the crop's four edges, level or within that reach: one edge bare of them, no box (the
    # live read asks at each pen move; spreading the whole crop took 0.7 ms of a drawing's 2.3 in ``ruled_off``)
    edges = (
        inked[: reach[0] + 1].any(axis=0),
        inked[-reach[0] - 1 :].any(axis=0),
        inked[:, : reach[1] + 1].any(axis=1),
        inked[:, -reach[1] - 1 :].any(axis=1),
    )
    if min(edge.mean() for edge in edges) < FRAME_COVER:
        return None
    level = _boxed_within(inked, inked, inked)
    if level is not None:
        return level
    return _boxed_within(inked, _spread(inked, reach[0], 0), _spread(inked, reach[1], 1))


def _spread(inked: np.ndarray, reach: int, axis: int) -> np.ndarray:
    """``inked`` with each pixel inked where one within ``reach`` of it along ``axis`` is: windows of ink ORed,
    doubling their length each pass. Counting the ink by running sums (as before) took 40 ms a pass over a 2,000²
    crop in 64-bit numbers, a fifth of ``ruled_off``'s time on a digit in a C."""
    padded = np.pad(inked.astype(bool, copy=False), [(reach, reach) if a == axis else (0, 0) for a in range(2)])
    grown = np.moveaxis(padded, axis, 0)  # a view: the passes below write ``padded``
    span, length = 1, 2 * reach + 1
    while span < length:  # each row of ``grown`` holds the ink of the ``span`` rows from it
        step = min(span, length - span)
        grown[:-step] |= grown[step:]
        span += step
    return np.ascontiguousarray(np.moveaxis(grown[: inked.shape[axis]], 0, axis))


def _boxed_within(inked: np.ndarray, near_rows: np.ndarray, near_cols: np.ndarray) -> np.ndarray | None:
    """:func:`printed_box` of ``inked``, a row full where ``near_rows`` is inked across it, a column where
    ``near_cols`` is down it."""
    full_rows, full_cols = near_rows.mean(axis=1) >= FRAME_COVER, near_cols.mean(axis=0) >= FRAME_COVER
    ends = []
    for full in (full_rows, full_cols):
        reach = max(1, round(MAX_BOX_LINE * full.size))
        near, far = np.argmin(full[:reach]), np.argmin(full[::-1][:reach])  # each line's width: its full rows
        if not (full[0] and full[-1]) or full[:reach].all() or full[::-1][:reach].all():  # no line, or a block
            return None
        ends.append((near, full.size - far))  # where the inside begins and ends
    (top, bottom), (left, right) = ends
    within = inked[top:bottom, left:right]
    down, across = (np.flatnonzero(within.any(axis=axis)) for axis in (1, 0))
    if down.size == 0 and inked.shape[0] >= EMPTY_BOX_TALL * inked.shape[1] and _ruled(inked, ends):
        return np.ones_like(inked)  # an empty box, printed: nothing written in it
    if down.size == 0 or down[-1] - down[0] + 1 < MIN_BOXED * within.shape[0]:
        return None
    # Ink running from one line to the one facing it, or filling the inside corner to corner, is the digit's own: a
    # square 0 with a slash (or a bar) across was taken for a box round a 1 and read as a 1 at 100 %. A digit in a
    # box stands clear of one line of each facing pair, and of its corners.
    crossed = (within[0].any() and within[-1].any()) or (within[:, 0].any() and within[:, -1].any())
    spans = [(run[-1] - run[0] + 1) / size for run, size in zip((down, across), within.shape, strict=True)]
    if crossed or min(spans) >= FRAME_COVER:
        return None
    lines = np.ones_like(inked)
    lines[top:bottom, left:right] = False
    return lines


def ring_round(inked: np.ndarray) -> np.ndarray | None:
    """A ring drawn round the digit in ``inked`` (the ink, cropped to it), as a mask of its shape, or ``None``: the ink
    reached from outside (:func:`_filled`) where the rest lies within it, apart from it, inking ``MIN_MARK_HEIGHT`` of
    the rows inside it or more, or wider than a bar (a digit ringed, not a dot or a bar in a 0: :func:`_a_bar`), short
    of ``FRAME_COVER`` of the inside one way at least (a slash corner to corner is a 0's, as in a box), with the rings
    within it, found alike. People ring an answer; of 300 UNIPEN test digits ringed with the canvas's pen clear of them,
    36 (pen 8) and 26 (pen 16) read right with the ring, 299 and 296 alone; ringed twice, the inner ring kept, 36 and 26
    still (297 and 295 now); ringed 14° short of closing, 41 and 24 (298 and 295 now: where no closed ring is found, its
    gap is closed by :data:`RING_GAP`); a C round them is taken too (:func:`_ring_open`). An 8's or a 0's own ink is all
    reached from outside: none of MNIST's 70,000 digits (inked from 26 or 128) nor UNIPEN's 15,003 (pens 4, 16 and 64)
    is taken for one, gaps closed or not. A closed ring is looked for only where the middle row or column crosses ink
    three times or more (the ring's two sides and the digit); none where either crosses more than ``RING_CROSSINGS``
    times, nor where the outside is not found in ``RING_ROUNDS`` rounds: noise or a maze is no ring, and filling one
    took minutes. None is looked for where all the ink is joined to the top edge (:data:`JOIN_ROUNDS`) but a U whose
    tips and digit share the top row (the U then the ink joined to the bottom edge): a ringed digit lies apart from its
    ring; where it is all joined to the edges, only a C whose digit reaches the edge the C's mouth faces, past its ends
    (see :data:`OPEN_TURN`)."""
    if min(inked.shape) < 16:
        return None
    middle = (inked[inked.shape[0] // 2], inked[:, inked.shape[1] // 2])
    crossings = [len(_runs(line)) if line.any() else 0 for line in middle]  # a bare middle row crosses nothing
    if max(crossings) > RING_CROSSINGS:
        return None
    # A ring's digit lies apart from it: where all the ink is joined to the drawing's top edge (an ordinary digit, as
    # at each pen move), the searches below find none, their fills of the ink starting from its edges too (see
    # ``JOIN_ROUNDS``). Asked first, it spares the live read the paper's fills. Seeded from the top alone (not every
    # edge, as before: one fill all the same), it parts a C from its digit where the digit reaches out of the C's mouth.
    from_top = _from_edge(inked, 0)
    if from_top is not None and not (inked & ~from_top).any():
        # all joined to the top: an ordinary digit, or a U whose tips stand level with its digit's top (the top row
        # then two pieces or more), the U the ink joined to the bottom edge (6 of 101 read alone at pen 16 before)
        if len(_runs(inked[0])) < 2:
            return None
        from_bottom = _from_edge(inked, 2)
        found = None if from_bottom is None else _ring_open(inked, from_bottom)
    elif (joined := _filled(_edge_ink(inked), inked, JOIN_ROUNDS)) is not None and not (inked & ~joined).any():
        # all joined to the edges, not all to the top: a C whose digit reaches the edge its mouth faces, past its
        # ends, is the ink joined to the top (a C open to a side or below) or the rest (open above)
        found = None if from_top is None else _ring_open(inked, from_top) or _ring_open(inked, inked & ~from_top)
    else:
        found = None
        if max(crossings) >= 3:
            found = _ring_closed(inked, 0)
            if found is None:  # a ring left a little open, as a hand closes it: its gap closed by its pen's width
                found = _ring_closed(inked, math.ceil(RING_GAP * _pen_width(inked)))
        if found is None:  # a C: the outside reaches the digit through a gap too wide to close
            found = _ring_open(inked)
    if found is None or _slash_in_zero(*found):
        return None
    ring, rest = found
    # a ring drawn again within it (an answer ringed twice) is one too: the inner was read with the digit
    rows, cols = (np.flatnonzero(rest.any(axis)) for axis in (1, 0))
    within = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    inner = ring_round(rest[within])
    if inner is not None:
        ring[within] |= inner
    return ring


def _ring_closed(inked: np.ndarray, reach: int) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`ring_round`'s ring and the rest of ``inked`` within it, its gaps under ``2 * reach`` px closed."""
    wall = _spread(_spread(inked, reach, 0), reach, 1) if reach else inked
    bare = np.pad(~wall, 1, constant_values=True)  # a bare frame round it: outside reaches every side
    outside = _filled(_border(inked.shape), bare)
    if outside is None:
        return None
    near = _spread(_spread(outside, reach, 0), reach, 1) if reach else outside
    ring = _filled(inked & _shifted(near)[1:-1, 1:-1], inked)
    if ring is None:
        return None
    hole, rest = ~near[1:-1, 1:-1] & ~ring, inked & ~ring
    if not rest.any() or _a_bar(rest, ring, np.count_nonzero(hole.any(axis=1))):
        return None
    # ink filling the inside corner to corner is the 0's own slash, as in a printed box (a square 0 read as a 1), or
    # a ring drawn again a pen or two within it, round the digit (an answer ringed twice, close: 20 of 100 at pen 8);
    # closed as drawn, not by ``reach`` (noise, its gaps closed, held "rings" within)
    spans = [np.ptp(np.flatnonzero(rest.any(axis))) / max(1, np.ptp(np.flatnonzero(hole.any(axis)))) for axis in (0, 1)]
    if min(spans) >= FRAME_COVER and (reach or ring_round(cropped(rest)) is None):
        return None
    return ring, rest


def _slash_in_zero(ring: np.ndarray, rest: np.ndarray) -> bool:
    """Whether ``rest`` is a slashed 0's slash, drawn clear of its oval (Ø), not a digit ringed: one thin straight
    stroke (under :data:`SLASH_THIN` of the ring's pens across, its ink filling :data:`SLASH_FILL` of its length by
    its width) leaning :data:`SLASH_TILT` or more off upright in a ring taller than wide, as a 0 is, or
    :data:`SLASH_TILT_WIDE` in a round or flat one, further than a 1 leans. A 1 ringed stands nearer upright; a
    ringed digit of any other shape is no straight line. A ringed 1 leaning as far is read as a slashed 0: the two
    look alike."""
    tall = np.ptp(np.flatnonzero(ring.any(axis=1))) > np.ptp(np.flatnonzero(ring.any(axis=0)))
    width, length, tilt = _stroke(rest)
    full = np.count_nonzero(rest) >= SLASH_FILL * length * width
    leans = tilt >= (SLASH_TILT if tall else SLASH_TILT_WIDE)
    return width < SLASH_THIN * _pen_width(ring) and leans and full


def _stroke(ink: np.ndarray) -> tuple[float, float, float]:
    """``ink``'s width and length in px, across and along its longest axis, and that axis's tilt off upright in
    degrees: a straight stroke's pen and length, which a digit's curves make wider."""
    down, across = np.nonzero(ink)
    points = np.c_[down - down.mean(), across - across.mean()]
    _, axes = np.linalg.eigh(points.T @ points)  # the stroke's length along the last axis, its width along the first
    along_down, along_across = axes[:, 1]
    tilt = math.degrees(math.atan2(abs(along_across), abs(along_down)))
    return float(np.ptp(points @ axes[:, 0])), float(np.ptp(points @ axes[:, 1])), tilt


def _a_bar(rest: np.ndarray, ring: np.ndarray, inside_rows: float, pen: float | None = None) -> bool:
    """Whether ``rest``, in ``ring`` whose inside spans ``inside_rows`` rows, is a dot or a bar in a 0, kept with it:
    under :data:`MIN_MARK_HEIGHT` of those rows, and under :data:`SHORT_DIGIT` of them, filled (a dot, however wide:
    ``strokes.BLOB``) or under :data:`SLASH_THIN` of the ring's pens across (a flat digit is wider; the pen measured
    only then, unless given as ``pen``), or specks under :data:`SPECKS` pens of ink a row (grain, no digit)."""
    rows = np.count_nonzero(rest.any(axis=1))
    if rows >= MIN_MARK_HEIGHT * inside_rows:
        return False
    short, dot = rows < SHORT_DIGIT * inside_rows, stroke_width(rest) > BLOB
    if short or dot:
        return True
    pen = _pen_width(ring) if pen is None else pen
    return _stroke(rest)[0] < SLASH_THIN * pen or np.count_nonzero(rest) < SPECKS * pen * rows


def _ring_open(inked: np.ndarray, ring: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`ring_round`'s ring left wide open (a C, see :data:`OPEN_TURN`) and the rest of ``inked`` within it,
    or ``None``: the outside reaches the digit through a gap too wide to close, so the ring is the ink joined to the
    drawing's edges (or ``ring``, where the digit reaches one too), bounding it on every side but those the widest
    gaps face (:func:`_gap_sides`), less any piece joined to none of those sides where the C is found without it (a
    1's foot out of its mouth to the edge: 2 of 101 UNIPEN test 1s lost it at pen 4), the rest apart from it (even
    corner to corner where a pen's slanted side steps so: :data:`THIN_PEN`) and clear of the edges by
    :data:`OPEN_CLEAR` of its pens (a faint MNIST digit's broken stroke lies nearer; two where the ring is more
    than :data:`OPEN_STROKES` pieces, a digit's outer dashes), but for the edges those gaps
    face, which the C's ends, or two brackets' ends, make. The cheap asks first: an ordinary digit in pieces is
    asked too (:func:`ring_round`), and spreading its ink cost the live read."""
    if ring is None:
        ring = _filled(_edge_ink(inked), inked)
        if ring is None:  # a thin pen's curve steps a pixel a round (see THIN_PEN), so may a C thinner than its digit
            ring = _filled(_edge_ink(inked), inked, JOIN_ROUNDS)
            ring = ring if ring is None or _pen_width(inked) <= THIN_PEN or _thinner(ring, inked & ~ring) else None
    if ring is None:
        return None
    rest = inked & ~ring
    rows, cols = (np.flatnonzero(rest.any(axis)) for axis in (1, 0))
    if rows.size == 0:
        return None
    centre = ((rows[0] + rows[-1]) / 2, (cols[0] + cols[-1]) / 2)
    down, across = np.nonzero(ring)
    angles = np.arctan2(down - centre[0], across - centre[1])
    covered = np.zeros(OPEN_BINS, bool)
    covered[((angles + np.pi) / (2 * np.pi) * OPEN_BINS).astype(int) % OPEN_BINS] = True
    gaps = _gap_sides(covered)
    if len(gaps) > 2:  # a C leaves one gap, two arcs two: more as wide are dashes (a dashed page's, 1 px)
        return None
    if covered.mean() < (ARCS_TURN if len(gaps) == 2 else OPEN_TURN):
        return None
    # the sides the gaps face are bounded by the C's ends, which a digit may come near: the others are kept clear
    clear = [rows[0], cols[0], inked.shape[0] - 1 - rows[-1], inked.shape[1] - 1 - cols[-1]]
    kept = [side for side in range(4) if side not in gaps]
    if not all(ring[EDGES[side]].any() for side in kept):  # a C bounds the drawing on every side but where it is open
        return None
    bounding = np.zeros_like(ring)  # its ink along those edges: a piece joined to none reaches out of its mouth alone
    for side in kept:
        bounding[EDGES[side]] = ring[EDGES[side]]
    held = _filled(bounding, ring, JOIN_ROUNDS)
    # such a piece is the digit's own stroke (a 1's foot) where the C is found without it; else the C's (its end, the
    # pen lifted short of it: 0 of 101 digits at pens 4 and 8 were read without such a C, 50 and 62 now and before)
    if held is not None and (ring & ~held).any() and (found := _ring_open(inked, held)) is not None:
        return found
    pen = _pen_width(ring)
    # a C round its digit lies about as far above it as below (OPEN_EVEN): a 6's loop drawn apart lies low in it
    pairs = [(clear[side], clear[side + 2]) for side in (0, 1) if side in kept and side + 2 in kept]
    even = all(max(pair) <= OPEN_EVEN * min(pair) for pair in pairs)
    clear_by = OPEN_CLEAR if gaps and even and _pieces_within(ring, OPEN_STROKES) else 2
    if min(clear[side] for side in kept) < clear_by * pen or _a_bar(rest, ring, inked.shape[0] - 2 * pen, pen):
        return None
    # the two are apart side to side (each is filled); at a corner too, where a pen so thin steps (THIN_PEN)
    return None if pen <= THIN_PEN and (_spread(_spread(rest, 1, 0), 1, 1) & ring).any() else (ring, rest)


def _thinner(ring: np.ndarray, rest: np.ndarray) -> bool:
    """Whether ``ring``'s pen is under :data:`THINNER_RING` of ``rest``'s: a C drawn round a digit with a thinner pen,
    not a digit's own strokes, which share one pen."""
    return bool(rest.any()) and _pen_width(ring) < THINNER_RING * _pen_width(rest)


def _pieces_within(ink: np.ndarray, most: int) -> bool:
    """Whether ``ink`` is ``most`` pieces or fewer (each joined up, down, left and right): a C drawn, not dashes."""
    left = ink.copy()
    for _ in range(most):
        seed = np.zeros_like(left)
        seed.flat[np.argmax(left)] = True
        piece = _filled(seed, left, JOIN_ROUNDS)
        if piece is None:  # a maze, not a pen's stroke
            return False
        left &= ~piece
        if not left.any():
            return True
    return False


def _gap_sides(covered: np.ndarray) -> set[int]:
    """The edges of the crop (0 top, 1 left, 2 bottom, 3 right) that the widest gaps in ``covered`` (bins of a turn
    from the left, through the top, as ``arctan2`` of rows and columns goes) face: each of two gaps as wide, as two
    brackets round a digit leave (one alone was left out, the right, and 15 of 100 digits at pen 24 kept the arcs)."""
    if covered.all():
        return set()
    start = int(np.argmax(covered))  # a covered bin: the gaps read whole from it
    bare = ~np.roll(covered, -start)
    edges = np.diff(np.r_[0, bare.astype(int), 0])
    begins, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    widest = ends - begins == np.max(ends - begins)
    middles = (start + (begins[widest] + ends[widest]) / 2) / covered.size * 2 * np.pi - np.pi
    return {[3, 2, 1, 0][round(middle / (np.pi / 2)) % 4] for middle in middles}  # right, below, left, above


def _from_edge(inked: np.ndarray, side: int) -> np.ndarray | None:
    """The ink of ``inked`` joined to its edge ``side`` (as in :data:`EDGES`), or ``None`` where
    :data:`JOIN_ROUNDS` rounds do not find it all."""
    seed = np.zeros_like(inked)
    seed[EDGES[side]] = inked[EDGES[side]]
    return _filled(seed, inked, JOIN_ROUNDS)


def _edge_ink(inked: np.ndarray) -> np.ndarray:
    """The ink of ``inked`` along its four edges, a mask of its shape."""
    edge = np.zeros_like(inked)
    edge[[0, -1]] = inked[[0, -1]]
    edge[:, [0, -1]] |= inked[:, [0, -1]]
    return edge


def _border(shape: tuple[int, ...]) -> np.ndarray:
    """A mask of ``shape`` padded by a pixel each side, true along its edge only."""
    edge = np.ones((shape[0] + 2, shape[1] + 2), bool)
    edge[1:-1, 1:-1] = False
    return edge


def _shifted(mask: np.ndarray) -> np.ndarray:
    """``mask`` grown by one pixel up, down, left and right."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def _filled(seed: np.ndarray, within: np.ndarray, rounds: int = RING_ROUNDS) -> np.ndarray | None:
    """The pixels of ``within`` joined to ``seed`` through ``within`` (up, down, left, right), or ``None`` where
    ``rounds`` rounds do not find them all: each round, each run of a row, then of a column, holding a reached
    pixel is reached whole (a ring's outside in two or three, where growing a pixel a time takes its width). The
    runs are numbered once, from ``within``'s pixels alone, and a round walks the runs it reached anew, not every
    pixel again: a 2,000² picture of a digit in a C took ``ruled_off`` 1.0 s, 0.7 of it its paper (3.9 million
    pixels) filled six rounds twice and its sparse ink's fills numbering every pixel of the crop."""
    height, width = within.shape
    listed = np.flatnonzero(within)  # the pixels row by row, and (as indices of within.T) column by column
    down_listed = np.flatnonzero(within.T)
    at = (down_listed % height) * width + down_listed // height  # each pixel listed down: where it lies across
    numbers = np.zeros(within.size, np.int32)
    numbers[at] = column_runs = _run_numbers(down_listed, height)
    across = _RunPixels(row_runs := _run_numbers(listed, width), numbers[listed])
    numbers[listed] = row_runs
    down = _RunPixels(column_runs, numbers[at])
    row_hit, column_hit = np.zeros(across.lengths.size, bool), np.zeros(down.lengths.size, bool)
    seeded = seed.reshape(-1)[listed]
    before, covered = np.count_nonzero(seeded), 0  # the pixels reached: the seed's, then the columns' runs'
    fresh = _fresh(row_runs[seeded], row_hit)
    for _ in range(rounds):
        fresh = _fresh(across.crossed(fresh), column_hit)  # the rows' runs reached reach the columns' they cross
        covered += int(down.lengths[fresh].sum())
        if covered == before:
            filled = np.zeros(within.size, bool)
            filled[listed] = column_hit[across.crossed_by]
            return filled.reshape(within.shape)
        before = covered
        fresh = _fresh(down.crossed(fresh), row_hit)  # and those the rows' they cross, the next round
    return None


def _run_numbers(listed: np.ndarray, width: int) -> np.ndarray:
    """Each of the pixels ``listed`` (their indices in a mask ``width`` wide, in order) numbered by its run along its
    row, from 1: a run begins at a row's start or after a gap."""
    begins = np.ones(listed.size, bool)
    begins[1:] = (np.diff(listed) != 1) | (listed[1:] % width == 0)
    return np.cumsum(begins, dtype=np.int32)


class _RunPixels:
    """The pixels of :func:`_filled`'s ``within`` listed run by run (``runs``: a row's runs, or a column's, numbered
    from 1 by :func:`_run_numbers`), each with the run the other way that crosses it (``crossed_by``)."""

    def __init__(self, runs: np.ndarray, crossed_by: np.ndarray) -> None:
        self.crossed_by = crossed_by
        self.lengths = np.bincount(runs, minlength=1)  # run 0 (none) holds no pixel
        self.starts = np.cumsum(self.lengths) - self.lengths

    def crossed(self, runs: np.ndarray) -> np.ndarray:
        """The runs the other way crossing ``runs``, one for each of their pixels."""
        lengths = self.lengths[runs]
        first = np.repeat(self.starts[runs] - (np.cumsum(lengths) - lengths), lengths)
        return self.crossed_by[first + np.arange(first.size)]


def _fresh(runs: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """Those of ``runs`` not ``hit`` before, each once, now marked ``hit``."""
    fresh = np.zeros_like(hit)
    fresh[runs] = True
    fresh &= ~hit
    hit |= fresh
    return np.flatnonzero(fresh)


def _ruled(inked: np.ndarray, ends: list[tuple[int, int]]) -> bool:
    """Whether an empty box's four sides (the inside's ``ends`` down and across ``inked``) are ruled, as a printed
    box's are: each straight (its middle strays :data:`RULED_STRAY` from its line at the most), all four turned
    alike (each side's fall across it within :data:`RULED_FALL` of the turn they share), no gap, and where level its
    corners closed and square. A hand's square 0 bows, its corners jut, round or leave a gap."""
    (top, bottom), (left, right) = ends
    bands = (
        inked[:top, left:right],
        inked[bottom:, left:right],
        inked[top:bottom, :left].T,
        inked[top:bottom, right:].T,
    )
    slopes, lengths = [], []
    for band in bands:
        weight = band.sum(axis=0)
        if band.shape[1] < 3 or not weight.all():
            return False
        middle = (band * np.arange(band.shape[0])[:, None]).sum(axis=0) / weight
        along = np.arange(band.shape[1])
        slope, at = np.polyfit(along, middle, 1)
        if np.abs(middle - (slope * along + at)).max() > RULED_STRAY:
            return False
        slopes.append(slope)
        lengths.append(band.shape[1])
    turns = np.array(slopes) * [1, 1, -1, -1]  # a box turned by t falls t along its top and bottom, -t down its sides
    turn, lengths = turns.mean(), np.array(lengths)
    if (np.abs(turns - turn) * lengths).max() > RULED_FALL:
        return False
    corners = (inked[:top, :left], inked[:top, right:], inked[bottom:, :left], inked[bottom:, right:])
    return abs(turn) * lengths.max() > LEVEL or all(corner.size - corner.sum() <= 1 for corner in corners)


def ruled_off(inked: np.ndarray) -> np.ndarray | None:
    """The lines in ``inked`` (the ink, cropped to it) that are not the digit, as a mask of its shape, or ``None``:
    a printed box round it (:func:`printed_box`), a form's comb (:func:`comb_boxes`), a ring drawn round it
    (:func:`ring_round`), or lines lying flat above or below it (:func:`lines_beside`). ``inked`` is a 2-D mask, bool
    or 0/1 of any number type (:func:`_mask`); one with no ink has no lines (the searches index its ink)."""
    inked = _mask(inked)
    if not inked.any():
        return None
    box = printed_box(inked)
    if box is not None:
        return box
    comb = comb_boxes(inked)
    if comb is not None:
        return comb
    ring = ring_round(inked)
    if ring is not None:
        return ring
    if _rules_alone(inked):
        return inked
    beside = lines_beside(inked)
    across = rules_across(inked if beside is None else inked & ~beside)
    if across is None or beside is None:
        return beside if across is None else across
    return beside | across


def _mask(inked: np.ndarray) -> np.ndarray:
    """``inked`` as a bool mask, or a ``TypeError`` or ``ValueError`` saying why it is none: the searches take ``~``
    of it, which of a 0/1 uint8 mask is 254 or 255 (its ring kept, unsaid), of an int64 one -1 or -2 (IndexError).
    A masked pixel is paper, as everywhere in the library (a mask masked whole kept its ring; paper of 255 under the
    mask was refused), and a torch tensor its values (one that requires grad or of bfloat16 failed in torch's words)."""
    inked = host_array(inked)  # its own ValueError (a meta or nested tensor) says why, not "lists of different lengths"
    try:
        inked = np.asarray(np.ma.filled(inked, 0))
    except ValueError as err:  # NumPy's words were "inhomogeneous shape after 1 dimensions"
        raise ValueError("the ink mask must be 2-D (rows and columns), not lists of different lengths") from err
    if inked.dtype != bool and inked.dtype.kind not in "iuf":
        raise TypeError(f"the ink mask must be bool or 0/1 numbers, not {inked.dtype}")
    if inked.ndim != 2:
        raise ValueError(f"the ink mask must be 2-D (rows and columns), not of shape {inked.shape}")
    if inked.dtype.kind == "f" and (nan := np.isnan(inked)).any():  # its min and max were NaN: "from nan to nan"
        row, column = np.unravel_index(int(np.argmax(nan)), nan.shape)
        raise ValueError(
            f"the ink mask holds NaN (not a number), not 0 or 1, in {np.count_nonzero(nan)} of its {inked.size} pixels"
            f" (the first at row {row}, column {column})"
        )
    if inked.dtype != bool and (odd := ~np.isin(inked, (0, 1))).any():  # the first, where it is: "from 0.0 to 1.0"
        row, column = np.unravel_index(int(np.argmax(odd)), odd.shape)  # was said of 0.9999999999
        # !s, as its type writes it: plain, an f-string wrote a float16's 0.3 through Python's float, "0.300048828125"
        raise ValueError(
            f"the ink mask holds values other than 0 and 1 ({inked[row, column]!s} at row {row}, column {column})"
        )
    return inked.astype(bool, copy=False)


def comb_boxes(inked: np.ndarray) -> np.ndarray | None:
    """A form's comb boxes in ``inked`` (the ink, cropped to it): a line along its foot, across it over
    ``FRAME_COVER``, with ``DOTTED_MARKS`` or more short upright ticks standing on it, alike (:data:`ALIKE`) and evenly
    spaced from one end to the other, as a mask of its shape; ``None`` where there is none. A digit written in one
    cell was refused as "a single line" (the comb lies flat): of 18 level combs (1 to 4 px, cells 40 to 110 px) 0
    read, now 18; the comb alone holds no digit. A comb scanned off level (up to :data:`MAX_TILT`) is looked for with
    each column moved by its foot's fall: of 36 combs 1 to 2 px off, 0 were read right, 33 refused as "a single
    line"; now 36 (shearing the picture level instead left slivers of the line, read as a 1)."""
    comb = _level_comb(inked)
    if comb is not None or min(inked.shape) < 16:
        return comb
    # the foot's fall: where each column's lowest ink lies, the line's own bottom where a comb's line runs under all
    bottoms = inked.shape[0] - 1 - np.argmax(inked[::-1], axis=0)
    if np.mean(bottoms >= inked.shape[0] - 2 - MAX_TILT * inked.shape[1]) < FRAME_COVER:  # no line along the foot
        return None
    slope = np.polyfit(np.arange(inked.shape[1]), bottoms, 1)[0]
    if abs(slope) > MAX_TILT or abs(slope) * inked.shape[1] < 0.5:
        return None
    shifts = np.round(-slope * np.arange(inked.shape[1])).astype(int)
    shifts -= shifts.min()
    rows = np.arange(inked.shape[0])[:, None] + shifts  # where each pixel lies once its column is moved level
    levelled = np.zeros((inked.shape[0] + shifts.max(), inked.shape[1]), bool)
    levelled[rows, np.arange(inked.shape[1])] = inked
    used = np.flatnonzero(levelled.any(axis=1))
    # a tilted line, smoothed as it was scanned, lies a pixel higher or lower here and there once levelled
    within = levelled[used[0] : used[-1] + 1]
    comb = _level_comb(within, _spread(within, 1, 0))
    if comb is None:
        return None
    lines = np.zeros_like(levelled)
    lines[used[0] : used[-1] + 1] = comb
    return lines[rows, np.arange(inked.shape[1])]


def _level_comb(inked: np.ndarray, near: np.ndarray | None = None) -> np.ndarray | None:
    """:func:`comb_boxes` of ``inked`` lying level, a row full where ``near`` (``inked`` itself by default) is inked
    across it."""
    height, width = inked.shape
    full = (inked if near is None else near).mean(axis=1) >= FRAME_COVER
    if min(height, width) < 16 or not full[-1]:
        return None
    base = height - int(np.argmin(full[::-1]))  # the top row of the line along the foot
    if base == height or height - base >= RULE_FLATTEST * width or not inked[base - 1].any():  # a block, no thin line
        return None
    if full[:base].any():  # a line across above it too: a square 0 with a bar down it, squared paper
        return None
    ticks = _runs(inked[base - 1])  # what stands on the line, the ticks among it
    starts, widths = np.array([a for a, _ in ticks]), np.array([b - a for a, b in ticks])
    pitch = float(np.median(np.diff(starts))) if len(ticks) > 1 else 0.0
    on_grid = np.abs((starts - starts[0]) / max(pitch, 1) - np.round((starts - starts[0]) / max(pitch, 1))) * pitch
    kept = [t for t, off, w in zip(ticks, on_grid, widths, strict=True) if off <= 1 + ALIKE * pitch and w < pitch / 4]
    cells = round((ticks[-1][0] - ticks[0][0]) / pitch) if pitch else 0
    if len(kept) < DOTTED_MARKS or len(kept) < cells + 1 or ticks[0][0] > 1 or ticks[-1][1] < width - 1:
        return None
    kept_widths = np.array([b - a for a, b in kept])
    if np.any(np.abs(kept_widths - np.median(kept_widths)) > 1 + ALIKE * np.median(kept_widths)):
        return None
    # each tick's height: its columns inked unbroken up from the line, a pixel over the median of them at the most, so
    # a digit touching one (its foot on the tick's top) keeps its own ink above that; a tick scanned off level leans a
    # pixel aside on its way up and its top lies a pixel higher or lower than the next: its columns and the one each
    # side of them are counted, any of them inked
    spans = [(max(a - 1, 0), b + 1) for a, b in kept]
    talls = np.array([np.argmin(np.r_[inked[:base, a:b].any(axis=1)[::-1], False]) for a, b in spans])
    lines = np.zeros_like(inked)
    lines[base:] = inked[base:]
    for (a, b), tall in zip(spans, np.minimum(talls, np.median(talls) + 1).astype(int), strict=True):
        lines[base - tall : base, a:b] = inked[base - tall : base, a:b]
    return lines


def _rules_alone(inked: np.ndarray) -> bool:
    """Whether ``inked`` (the ink, cropped to it) is two or more rules and nothing else, each apart from the next by
    bare rows, lying flat (:data:`RULE_FLATTEST`) across ``FRAME_COVER`` of it, unbroken or dashed (:func:`is_line`):
    a page ruled in dashes or dots with nothing written on it was read as a digit (squared paper: ``_unwritten``)."""
    bands = _runs(inked.any(axis=1))
    return len(bands) >= 2 and all(_a_rule(inked[top:bottom]) for top, bottom in bands)


def _a_rule(band: np.ndarray) -> bool:
    """Whether ``band`` (rows of a crop, the full width) is one rule across it (see :func:`_rules_alone`); a dashed
    rule's end marks, cut short where the page's margin is, are left out of its likeness: of four 1-px dashes 12 px
    long, the last cut to 8 px lay flat no more (under ``RULE_FLATTEST`` as tall as wide), nor were the four alike,
    and a blank page so ruled was read as a digit (hypo4's own property, found by chance)."""
    used = band.any(axis=0)
    runs = _runs(used)
    across = np.flatnonzero(used)
    if across[-1] - across[0] + 1 < FRAME_COVER * used.size or not _thin_throughout(band[:, used]):
        return False
    if len(runs) > DOTTED_MARKS + 1:
        return is_line(cropped(band[:, runs[1][0] : runs[-2][1]]), RULE_FLATTEST)
    if is_line(cropped(band), RULE_FLATTEST):
        return True
    if len(runs) <= 2:
        return False
    # a dash or two between the end ones; or all but an end one cut short (narrower than those between): three 12-px
    # dashes and one cut to 4 px on a page 128 px wide were no rule, the two between too few (hypo4's own property)
    middle = float(np.median([end - start for start, end in runs[1:-1]]))
    first, last = (
        run if run[1] - run[0] >= middle else inside for run, inside in ((runs[0], runs[1]), (runs[-1], runs[-2]))
    )
    return any(is_line(cropped(band[:, a[0] : b[1]]), RULE_FLATTEST) for a, b in ((runs[1], runs[-2]), (first, last)))


def _thin_throughout(columns: np.ndarray) -> bool:
    """Whether the ink in each of ``columns`` (a band's inked ones) spans as few rows as one rule's do, twice as many
    as it usually inks and 2 px more at most: a digit written across a rule stands out of it there, and two rules the
    digit joins into one band span the rows between them. Flat and unbroken, such a band was one rule more: a 44-px
    MNIST digit across a rule every 60 px, page and digit, was taken away as "only printed rules" (20 of 20)."""
    spans = columns.shape[0] - columns[::-1].argmax(axis=0) - columns.argmax(axis=0)
    return int(spans.max()) <= 2 * float(np.median(np.count_nonzero(columns, axis=0))) + 2


def rules_across(inked: np.ndarray) -> np.ndarray | None:
    """Printed rules touching or crossing the digit in ``inked`` (the ink, cropped to it), as a mask of its shape, or
    ``None``: runs of rows inked over ``FRAME_COVER`` of its width, thin (:data:`RULE_FLATTEST`,
    :data:`RULE_THINNER`) and running on past the rest (:data:`RULE_LONGER`); on squared paper the columns so inked
    too; rules not quite level (:data:`MAX_TILT`) sheared level first. A 7 whose foot touched its line (a 4 hanging
    below it, a line through a digit's middle) was refused as "a single line": the ink's box, the rule in it, is
    flat and unbroken across."""
    if min(inked.shape) < 16:  # a few pixels: every row of a blob is "full"
        return None
    lines = _level_rules(inked, _dashes_joined(inked))
    if lines is not None or not (drop := _fall(inked)):
        return lines
    sheared = _sheared(inked, drop)
    # where the shear is a pixel off the rule's own steps, its rows are inked in part: a row counts with its neighbours
    bare = np.zeros((1, sheared.shape[1]), bool)
    near = sheared | np.r_[sheared[1:], bare] | np.r_[bare, sheared[:-1]]
    lines = _level_rules(sheared, near)
    return None if lines is None else lines[_shifts(*inked.shape, drop), np.arange(inked.shape[1])]


def _dashes_joined(inked: np.ndarray) -> np.ndarray:
    """``inked`` with each dashed rule's row inked from its first dash to its last (:func:`_dashed_span`), so that
    :func:`_level_rules` finds it as it finds an unbroken one: the dashes crossing a digit on a page ruled in dashes
    were read as its strokes (of 60 MNIST digits so written, 4 read as on a bare page). A rule's dashes are marks,
    bare above and below at its ends: squared paper's rows between its rules, each crossing the rules down it, are
    no dashed rule. Only rows with ``2 * DOTTED_MARKS + 2`` runs of ink or more are looked at: a digit's rows have a
    few (a canvas costs nothing)."""
    starts = np.count_nonzero(np.diff(inked, axis=1) & inked[:, 1:], axis=1) + inked[:, 0]
    spans = {int(row): _dashed_span(_runs(inked[row])) for row in np.flatnonzero(starts >= 2 * DOTTED_MARKS + 2)}
    dashed = np.zeros(inked.shape[0] + 2, bool)
    dashed[[row + 1 for row, span in spans.items() if span is not None]] = True
    joined = inked
    edges = np.flatnonzero(np.diff(dashed))  # each band of dashed rows: its top, and the row under it
    for top, bottom in zip(edges[::2], edges[1::2], strict=True):
        start, end = spans[top]
        if any(0 <= row < inked.shape[0] and inked[row, [start, end - 1]].any() for row in (top - 1, bottom)):
            continue  # its ends run on up or down: rules down the page
        joined = joined.copy() if joined is inked else joined
        joined[top:bottom, start:end] = True
    return joined


def _dashed_span(runs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """``(start, end)`` of a row's dashed rule, its ink's ``runs`` beginning and ending with ``DOTTED_MARKS`` dashes
    or more each, all alike in width and evenly spaced on one pitch (see :data:`ALIKE`): a page's rule in dashes,
    running on past what lies between (a digit crossing it); ``None`` for any other row. Its end dashes, cut short
    where the page's margin is, are left out of the likeness (as in :func:`_a_rule`)."""
    if len(runs) < 2 * DOTTED_MARKS + 2:
        return None
    ends = (runs[1 : DOTTED_MARKS + 1], runs[-DOTTED_MARKS - 1 : -1])
    widths = np.array([end - start for marks in ends for start, end in marks], float)
    pitches = np.array([b[0] - a[0] for marks in ends for a, b in itertools.pairwise(marks)], float)
    pitch = float(np.median(pitches))
    steps = (ends[1][0][0] - ends[0][0][0]) / pitch  # the right end's dashes on the left end's pitch
    if not all(np.all(np.abs(v - np.median(v)) <= 1 + ALIKE * np.median(v)) for v in (widths, pitches)):
        return None
    if abs(steps - round(steps)) * pitch > 1 + ALIKE * pitch:
        return None
    return runs[0][0], runs[-1][1]


def _level_rules(inked: np.ndarray, near: np.ndarray) -> np.ndarray | None:
    """:func:`rules_across` of ``inked`` with its rules level, a row full where ``near`` (``inked``, or it with each
    row's neighbours) is inked across it."""
    height, width = inked.shape
    full_rows = np.count_nonzero(near, axis=1) >= FRAME_COVER * width
    full_cols = np.count_nonzero(inked, axis=0) >= FRAME_COVER * height
    full_cols &= _squared(full_cols)
    if not (full_rows.any() or full_cols.any()):  # no rule (and no pen measured: it costs)
        return None
    # the rest: a rule's ragged ends and edges, a pixel off its rows where it is not quite level, are not the digit's
    edged = full_rows | np.r_[full_rows[1:], False] | np.r_[False, full_rows[:-1]]
    rest_cols, rest_rows = inked[~edged].any(axis=0) & ~full_cols, inked[:, ~full_cols].any(axis=1) & ~edged
    if not rest_cols.any():  # rules alone: a ruled or squared page with nothing written on it, or one line
        return _unwritten(inked, full_rows, full_cols)
    full_rows &= _past(rest_cols)
    full_cols &= _past(rest_rows)
    if not (full_rows.any() or full_cols.any()):  # the digit's own rows: a 7's top
        return None
    lines = _rules(inked, full_rows, full_cols, math.inf)
    # the pen measured with the strokes kept across the rules: cut by them, a stroke looks thinner
    lines = _rules(inked, full_rows, full_cols, _pen_width(inked & ~lines))
    return lines if lines.any() else None


def _unwritten(inked: np.ndarray, full_rows: np.ndarray, full_cols: np.ndarray) -> np.ndarray | None:
    """The rules of a ruled or squared page with nothing written on it (``inked``, cropped to its ink; its
    ``full_rows`` and ``full_cols`` rules alone), as a mask, or ``None`` for one line alone, which ``too_small`` calls
    a line. Left in, many rules together lie flat no more: a page ruled every 30 px was read as a 2 at 45 %, squared
    as an 8."""
    across = len(_runs(full_rows)) if full_rows.any() else 0
    # squared paper shows as many rules across as down (DOTTED_MARKS): two across and three down are a square 0
    # with a bar down it (the eighteenth round's, refused as a blank page when this came in)
    if across < (DOTTED_MARKS if full_cols.any() else 2):
        return None
    lines = _rules(inked, full_rows, full_cols, math.inf)
    return lines if lines.any() else None


def _fall(inked: np.ndarray) -> int:
    """How many rows rules across all of ``inked`` fall from its left end to its right (up, negative), up to
    ``MAX_TILT``; 0 where they lie level, or its ends are not thin runs of ink (rules alone), alike in number and
    falling alike, paired in order."""
    width = inked.shape[1]
    most, strip = math.floor(MAX_TILT * width), max(2, width // 50)
    strips = [inked[:, cols].any(axis=1) for cols in (slice(0, strip), slice(width - strip, width))]
    if most < 1 or not (strips[0].any() and strips[1].any()):  # a line beside the digit taken away, say
        return 0
    ends = [_runs(used) for used in strips]
    if len(ends[0]) != len(ends[1]):
        return 0
    if any(bottom - top > RULE_FLATTEST * width for runs in ends for top, bottom in runs):
        return 0
    falls = {round((right[0] + right[1] - left[0] - left[1]) / 2) for left, right in zip(*ends, strict=True)}
    fall = falls.pop() if len(falls) == 1 else 0
    return fall if abs(fall) <= most else 0


def _shifts(height: int, width: int, drop: int) -> np.ndarray:
    """Where each of ``height`` rows' pixels goes, column by column, in a frame ``abs(drop)`` rows taller, the columns
    moved up evenly from none at the left to ``drop`` at the right (down, where ``drop`` is negative): indices."""
    return np.arange(height)[:, None] - (drop * np.arange(width)) // max(width - 1, 1) + max(drop, 0)


def _sheared(mask: np.ndarray, drop: int) -> np.ndarray:
    """``mask`` sheared by ``drop`` px (:func:`_shifts`): a rule falling ``drop`` px across it lies level."""
    height, width = mask.shape
    out = np.zeros((height + abs(drop), width), bool)
    out[_shifts(height, width, drop), np.arange(width)] = mask
    return out


def _squared(full_cols: np.ndarray) -> bool:
    """Whether the full columns of a crop are squared paper's rules down it (see :data:`RULE_LONGER`): as many as
    ``DOTTED_MARKS`` or more runs, alike in width and evenly spaced."""
    runs = _runs(full_cols) if full_cols.any() else []
    if len(runs) < DOTTED_MARKS:
        return False
    widths, pitches = np.diff(runs, axis=1)[:, 0], np.diff([start for start, _ in runs])
    return all(bool(np.all(np.abs(v - np.median(v)) <= 1 + ALIKE * np.median(v))) for v in (widths, pitches))


def _past(used: np.ndarray) -> bool:
    """Whether full rows of a crop run on past the rest of its ink (``used``: the columns it inks, its rules and their
    edges left out) at both ends, by 1 / ``RULE_LONGER`` of its width or more: else they are the digit's own (a 0's
    widest row, a 7's top, a 7's crossbar running on past its stem, a hairline stem off a heavy bar)."""
    across = np.flatnonzero(used)
    return RULE_LONGER * min(across[0], used.size - 1 - across[-1]) >= across[-1] - across[0] + 1


def _rules(inked: np.ndarray, full_rows: np.ndarray, full_cols: np.ndarray, pen: float) -> np.ndarray:
    """The rules across and down ``inked`` in its ``full_rows`` and ``full_cols`` thinner than a ``pen``, a mask."""
    across = _rules_in_rows(inked & ~full_cols, full_rows, pen)
    return across | _rules_in_rows((inked & ~full_rows[:, None]).T, full_cols, pen).T


def _rules_in_rows(inked: np.ndarray, full: np.ndarray, pen: float) -> np.ndarray:
    """The rules across ``inked`` (its rules down taken away) in its ``full`` rows, as a mask: those thinner than the
    digit's strokes, ``pen`` wide. Where a stroke crosses a rule (ink just above and just below it), its pixels stay
    the digit's: the stroke is not cut in two."""
    height, width = inked.shape
    lines = np.zeros_like(inked)
    for top, bottom in _runs(full) if full.any() else ():
        thickness = np.count_nonzero(inked[top:bottom]) / width  # its mean: sheared level, it is a row off in places
        if thickness >= min(RULE_FLATTEST * width, RULE_THINNER * pen):  # a digit's own bar, drawn with its pen
            continue
        crossing = (inked[top - 1] if top else False) & (inked[bottom] if bottom < height else False)
        lines[top:bottom] = ~crossing & full[top:bottom, None]  # runs join across a row; where rules meet too
        for edge, beyond in ((top - 1, top - 2), (bottom, bottom + 1)):  # its edges: ink beside it, none beyond
            if 0 <= edge < height:
                lines[edge] |= inked[edge] & ~inked[beyond] if 0 <= beyond < height else inked[edge]
    return lines


def lines_beside(inked: np.ndarray) -> np.ndarray | None:
    """Lines lying flat (:data:`RULE_FLATTEST`) along the top or the bottom of ``inked`` (the ink, cropped to it),
    apart from the rest by bare rows, spanning ``FRAME_COVER`` of its width or more and thinner than its strokes
    (:data:`RULE_THINNER`): a rule or an underline, as a mask of ``inked``'s shape; ``None`` where there is none. A 7
    underlined was read with its line, as a 1 at 88.8 %."""
    runs = _runs(inked.any(axis=1))
    lines = np.zeros_like(inked)
    while len(runs) > 1:
        for run, others in ((runs[0], runs[1:]), (runs[-1], runs[:-1])):
            line, rest = inked[run[0] : run[1]].any(axis=0), inked[others[0][0] : others[-1][1]]
            across, within = np.flatnonzero(line), np.flatnonzero(rest.any(axis=0))
            crop = inked[run[0] : run[1], across[0] : across[-1] + 1]
            covered = np.count_nonzero(line[within[0] : within[-1] + 1]) >= FRAME_COVER * (within[-1] - within[0] + 1)
            if covered and is_line(crop, RULE_FLATTEST) and _pen_width(crop) < RULE_THINNER * _pen_width(rest):
                lines[run[0] : run[1]] = inked[run[0] : run[1]]
                runs = others
                break
        else:
            break
    return lines if lines.any() else None


def _pen_width(ink: np.ndarray) -> float:
    """The width of ``ink``'s strokes in pixels (:func:`rowreader.strokes.stroke_width` is of its box's side)."""
    return stroke_width(ink) * max(cropped(ink).shape)


def marks_side_by_side(inked: np.ndarray) -> int:
    """How many marks, each at least ``MIN_MARK_HEIGHT`` of the ink's height, lie side by side in ``inked`` (the
    ink, cropped to it), apart by bare columns wider than ``MIN_APART`` of that height; specks between count not.
    A mark's height is the rows it inks, not their span: two specks of dust beside a 7, one high and one low, were
    "2 marks side by side, each as tall as a digit", and the 7 was skipped as an example."""
    return max(sum(tall for _, tall in _marks_apart(inked)), 1)


def _marks_apart(inked: np.ndarray) -> list[tuple[slice, bool]]:
    """The columns of each mark in ``inked`` (the ink, cropped to it) apart from the next by bare columns wider than
    ``MIN_APART`` of its height, each with whether it inks ``MIN_MARK_HEIGHT`` of its rows or more (digit-sized)."""
    height = inked.shape[0]
    used = np.concatenate([[True], inked.any(axis=0), [True]])
    edges = np.flatnonzero(np.diff(used.astype(np.int8)))  # where each run of bare columns begins and ends
    wide = [
        (start, end) for start, end in zip(edges[::2], edges[1::2], strict=True) if end - start > MIN_APART * height
    ]
    bounds = [0, *(b for gap in wide for b in gap), inked.shape[1]]
    marks = [slice(left, right) for left, right in zip(bounds[::2], bounds[1::2], strict=True)]
    return [(mark, bool(inked[:, mark].any(axis=1).sum() >= MIN_MARK_HEIGHT * height)) for mark in marks]


def marks_apart(inked: np.ndarray) -> np.ndarray | None:
    """The smaller marks beside the one digit-sized mark in ``inked`` (the ink, cropped to it), as a mask of its
    shape, or ``None`` (see ``MIN_MARK_HEIGHT``): a tick or a cross beside a 7 is not read with it. Kept where there
    is no one digit-sized mark, and where the ink is many small marks (text is said to be, :func:`many_marks`).
    Where that mark is a line, upright or leaning (:func:`_a_line`: a 1, a 4's stem, a margin), what stands beside
    it may be the digit and is kept, but for a dot (a full stop: "1."), which no digit is (:func:`is_dot`)."""
    marks = _marks_apart(inked)
    digits = [mark for mark, tall in marks if tall]
    if len(marks) < 2 or len(digits) != 1 or many_marks(inked):
        return None
    line = _a_line(cropped(inked[:, digits[0]]))
    pen = _pen_width(inked[:, digits[0]])
    apart = np.zeros_like(inked)
    for mark, _ in marks:
        crop = cropped(inked[:, mark])
        # a speck under half the pen's width stays (dust); a click of the pen (a full stop) is its width
        if mark != digits[0] and max(crop.shape) >= RULE_THINNER * pen and (not line or stroke_width(crop) > BLOB):
            apart[:, mark] = inked[:, mark]
    return apart if apart.any() else None


def _a_line(crop: np.ndarray) -> bool:
    """True where ``crop`` (a mark, cropped) is a line standing up (:func:`is_line` turned) or leaning: its ink
    spreads across its own direction under :data:`FLATTEST` of its spread along it, as a line's box is that flat. A
    4 drawn in two parts half its height apart, its stem leaning 80 px over 260, lost its left part as a mark apart
    and was read as a 1 at 100 % (15 of UNIPEN's test 4s, their last stroke moved 0.35-0.5 of their height clear). Of
    MNIST's 10,000 test digits 1,059 1s spread so, and 12 7s, 6 9s, 2 6s and a 5: a tick beside one is read with it,
    as beside an upright 1."""
    if is_line(crop.T):
        return True
    spread = np.linalg.eigvalsh(np.cov(*np.nonzero(crop), bias=True))  # least and most, across and along
    return bool(spread[0] < FLATTEST**2 * spread[1])


def _runs(used: np.ndarray) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of True in ``used``, runs apart by fewer than ``MIN_CUT`` False joined."""
    edges = np.diff(np.concatenate([[0], used.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    apart = np.concatenate([[True], starts[1:] - ends[:-1] >= MIN_CUT])
    return list(zip(starts[apart].tolist(), [*ends[:-1][apart[1:]].tolist(), int(ends[-1])], strict=True))


def _pieces(inked: np.ndarray, gaps: list[int]) -> Iterator[tuple[np.ndarray, int, int]]:
    """The pieces ``inked`` falls into cut along its bare rows, then columns, and each piece again (see
    ``MANY_MARKS``), each with its top and left in ``inked``; the width of each bare run cut along is added to
    ``gaps``. At most ``MAX_CUTS`` pieces are looked at."""
    pieces = [(inked, 0, 0)]
    for _ in range(MAX_CUTS):
        if not pieces:
            return
        piece, top, left = pieces.pop()
        rows, cols = _runs(piece.any(axis=1)), _runs(piece.any(axis=0))
        if len(rows) > 1:
            pieces += [(piece[start:end], top + start, left) for start, end in rows]
            gaps += [after[0] - before[1] for before, after in itertools.pairwise(rows)]
        elif len(cols) > 1:
            pieces += [(piece[:, start:end], top, left + start) for start, end in cols]
            gaps += [after[0] - before[1] for before, after in itertools.pairwise(cols)]
        else:
            yield piece[slice(*rows[0]), slice(*cols[0])], top + rows[0][0], left + cols[0][0]


def many_marks(inked: np.ndarray) -> bool:
    """True where the ink (``inked``, cropped to it) falls into ``MANY_MARKS`` marks or more, none holding
    ``MOST_INK`` of it, when cut along bare rows and columns and each piece again (:func:`_pieces`), lying in
    lines (:func:`in_lines`) and staying apart once their gaps are closed (:func:`joined`): lines of text, a
    screenshot. A digit with dust round it (its specks' box may span twice its height), or on a page whose rules are
    cut into pieces, is one mark holding most of the ink; a line (a rule, a frame's side) is no mark, and its ink is
    not counted. At most ``MAX_CUTS`` pieces are looked at, the verdict taken on them: a halftone print's dots,
    262,144 of them on a 2,048² page, took 6.5 s to cut out one by one."""
    ink = np.count_nonzero(inked)
    marks, gaps, largest = [], [], 0
    for piece, top, left in _pieces(inked, gaps):
        height, width = piece.shape
        if max(height, width) > LINE_LENGTH * min(height, width):
            ink -= np.count_nonzero(piece)
        elif max(height, width) >= MIN_PIECE:
            held = np.count_nonzero(piece)
            if held >= MOST_INK * ink:  # a digit's mark (lines found later only lessen the ink): no more cutting
                return False
            marks.append((top, top + height, left, left + width))
            largest = max(largest, held)
    if len(marks) < MANY_MARKS or largest >= MOST_INK * ink:
        return False
    return in_lines(marks) and not joined(inked, marks, gaps)


def in_lines(marks: list[tuple[int, int, int, int]]) -> bool:
    """True where ``marks`` (``(top, bottom, left, right)``) lie in lines as text does (see ``TEXT_LINES``): a digit
    drawn in dots has at most its bars' dots at one height. A line is the marks whose middle lies within the rows of
    its highest-middled mark not yet in a line."""
    middles = sorted(((top + bottom) / 2, top, bottom, left, right) for top, bottom, left, right in marks)
    long_lines = long_worded = worded_lines = first = 0
    while first < len(middles):
        last = first
        while last < len(middles) and middles[last][0] < middles[first][2]:
            last += 1
        line = sorted(
            (left, right, bottom - top) for _, top, bottom, left, right in middles[first : max(last, first + 1)]
        )
        worded = any(b[0] - a[1] < WORD_GAP * max(a[2], b[2]) for a, b in itertools.pairwise(line))
        long_lines += len(line) >= LINE_MARKS
        long_worded += len(line) >= LINE_MARKS and worded
        worded_lines += worded
        first = max(last, first + 1)
    return long_lines >= BARS + 1 or long_worded >= TEXT_LINES or worded_lines >= LIST_LINES


def joined(inked: np.ndarray, marks: list[tuple[int, int, int, int]], gaps: list[int]) -> bool:
    """True where ``marks`` are all alike (``SAME`` of them) and join into one mark holding ``MOST_INK`` of the ink
    once ``inked``'s narrow gaps (the quarter narrowest of ``gaps``, those its cuts went along) are closed: a digit in
    pixel art (its squares apart), or an even dot screen. Text's letters are of many sizes: closed, lines of small
    text ran into one block."""
    sizes = np.array([(bottom - top, right - left) for top, bottom, left, right in marks])
    if np.mean(np.all(np.abs(sizes - np.median(sizes, axis=0)) <= 1 + 0.1 * np.median(sizes, axis=0), axis=1)) < SAME:
        return False  # text's letters are of many sizes
    radius = math.ceil(float(np.percentile(gaps, 25)) / 2) if gaps else 0
    if not 0 < radius <= MAX_JOIN * max(inked.shape):
        return False
    closed = morph(inked, radius, grow=True)
    whole = np.count_nonzero(closed)
    return any(np.count_nonzero(piece) >= MOST_INK * whole for piece, _, _ in _pieces(closed, []))


def too_small(crop: np.ndarray, picture_side: int) -> bool:
    """True for a speck or a dot (see :data:`MIN_EXTENT`), a line lying flat or lines so one above another
    (:func:`flat_lines`), or ink too few pixels across to be any digit (:func:`too_few_pixels`): ``crop`` is the
    ink, cropped, of a picture whose longer side is ``picture_side``."""
    extent = max(crop.shape) / picture_side
    speck = extent < MIN_EXTENT and max(crop.shape) < MIN_MARK_PIXELS
    return too_few_pixels(crop) or speck or is_dot(crop, picture_side) or flat_lines(crop) > 0


def flat_lines(crop: np.ndarray) -> int:
    """How many lines lying flat (:func:`is_line`) ``crop`` (the ink, cropped) is, one above another and apart by
    bare rows, with nothing else but specks (:func:`too_few_pixels`, a JPEG's ringing); 0 where it is anything
    else. An "=" drawn, two dashes, was read as a 7 or a 2 (17 of 20) where one dash is "a single line". No digit is
    flat lines alone: a 7's or a 5's bar apart from the rest leaves a stroke standing up."""
    if is_line(crop):
        return 1
    bands = [cropped(crop[top:bottom]) for top, bottom in _runs(crop.any(axis=1))] if crop.any() else []
    lines = [band for band in bands if not too_few_pixels(band)]
    return len(lines) if len(bands) > 1 and lines and all(is_line(band) for band in lines) else 0


def along_edge(ink: np.ndarray) -> bool:
    """True where all of ``ink`` (a mask, or shades with 0 for paper, of the whole picture) is one band along a
    side of the picture, touching it along ``FRAME_COVER`` of its length and reaching in under ``FLATTEST`` of the
    picture: a page's edge or a scanner's shadow along it, which was read as a 1 at 100 %. A digit stands clear."""
    for turned in (ink, ink.T):  # a band along the left or right side, then along the top or bottom
        used = np.flatnonzero(turned.any(axis=0))
        if used.size == 0 or used[-1] - used[0] + 1 >= FLATTEST * turned.shape[1]:
            continue
        for side in (0, turned.shape[1] - 1):
            if used[0] <= side <= used[-1] and np.count_nonzero(turned[:, side]) >= FRAME_COVER * turned.shape[0]:
                return True
    return False


def cropped(ink: np.ndarray) -> np.ndarray:
    """``ink`` (a mask, or shades with 0 for paper) cropped to what is inked; an empty array where nothing is."""
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1] if rows.size else ink[:0, :0]


def is_line(crop: np.ndarray, flattest: float = FLATTEST) -> bool:
    """True for ink lying flat, under ``flattest`` as tall as it is wide (see :data:`FLATTEST`), and unbroken across
    (:data:`LINE_UNBROKEN`) or dashed, each mark along it lying flat itself; ``crop`` being the ink, cropped: a ruled
    line, a dashed one, a dash; not a number or text on a line, whose digits and letters stand up. A dashed rule
    ("- - - -") was read as a 7 at 92 %, "8 marks side by side"."""
    if crop.shape[0] >= flattest * crop.shape[1]:
        return False
    used = crop.any(axis=0)
    if np.count_nonzero(used) >= LINE_UNBROKEN * crop.shape[1]:
        return True
    runs = _runs(used)
    marks = [cropped(crop[:, start:end]).shape for start, end in runs]
    return all(height < flattest * width for height, width in marks) or _dotted(crop, runs)


def _dotted(crop: np.ndarray, runs: list[tuple[int, int]]) -> bool:
    """True where ``crop``'s marks (``runs``: the columns each spans) are a dotted or dashed line (see
    :data:`DOTTED_MARKS`): as many or more, alike in height, width and top (an even fall up to :data:`MAX_TILT`
    taken off: a page's dashed rule a pixel off level was read as a digit), and evenly spaced."""
    if len(runs) < DOTTED_MARKS:
        return False
    rows = [np.flatnonzero(crop[:, start:end].any(axis=1)) for start, end in runs]
    starts = [start for start, _ in runs]
    measures = np.array(
        [(used[-1] - used[0], end - start, used[0]) for used, (start, end) in zip(rows, runs, strict=True)], float
    )
    pitches = np.diff(starts).astype(float)
    # a line not quite level (:data:`MAX_TILT`) falls evenly: its marks' tops are alike once that fall is taken off
    fall = np.clip(np.polyfit(starts, measures[:, 2], 1)[0], -MAX_TILT, MAX_TILT)
    measures[:, 2] -= fall * np.array(starts, float)
    return all(
        bool(np.all(np.abs(values - np.median(values)) <= 1 + ALIKE * np.median(values)))
        for values in (*measures.T, pitches)
    )


def is_dot(crop: np.ndarray, picture_side: int) -> bool:
    """True for a dot (see :data:`MIN_EXTENT`): a filled mark spanning under ``MAX_DOT_EXTENT`` of the picture's
    longer side ``picture_side``, ``crop`` being the ink, cropped. No crop makes it a digit: cropped to it, a dot
    was read as a 0 at 93.3 %."""
    return max(crop.shape) < MAX_DOT_EXTENT * picture_side and stroke_width(crop) > BLOB


def too_few_pixels(ink: np.ndarray) -> bool:
    """True where ``ink`` (a mask, or shades with 0 for paper; cropped to it or not) spans fewer than
    :data:`MIN_DIGIT_PIXELS` pixels both down and across: a speck no crop makes a digit of."""
    spans = (np.flatnonzero(ink.any(axis=axis)) for axis in (0, 1))
    return all(used.size == 0 or used[-1] - used[0] + 1 < MIN_DIGIT_PIXELS for used in spans)
