"""Rows of a table from its lines: where one row ends and the next begins.

Two signs mark a new row, and real reports use either:
- a new key in the anchor column (a control ID, or a criterion where criteria are the first
  column), with the row's first line beside it (top-aligned cells);
- a band of white space across every column, wider than the space between a cell's lines
  (rows set apart; cells centred vertically print the ID and the result in the middle of the
  row, so the lines above the key belong to it).
A block between bands with one key is one row, whatever line the key is on; a block with
several keys is cut at each key; a block without a key continues the row above it (a row cut
by a page break, or a cell's second paragraph). Without an anchor column, a block that has
text in the first column and a result of its own opens a row.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parsers.soc2.layout import Line


@dataclass
class RowLine:
    """One table line: its words per column, the banner over it, whether a banner or header
    stands just above it (a row must start there)."""

    line: Line
    cols: list[list[str]]
    banner: tuple[str, ...]
    after_break: bool
    subrow: bool = False  # opens one of several tests of the row above


def _runs(lines: Sequence[RowLine]) -> list[list[RowLine]]:
    """Stretches of lines on one page with no banner or header between them."""
    runs: list[list[RowLine]] = []
    for rl in lines:
        if runs and rl.line.page == runs[-1][-1].line.page and not rl.after_break:
            runs[-1].append(rl)
        else:
            runs.append([rl])
    return runs


def _bands(run: Sequence[RowLine]) -> list[list[RowLine]]:
    """Cut a run where white space runs across all columns, wider than within cells."""
    if len(run) < 2:
        return [list(run)]
    height = statistics.median(rl.line.height for rl in run)
    gaps: list[float] = []
    bottom = run[0].line.bottom
    for rl in run[1:]:
        gaps.append(rl.line.top - bottom)
        bottom = max(bottom, rl.line.bottom)
    # the usual space between a cell's lines; interleaved columns make it negative
    typical = max(0.0, statistics.median(gaps))
    threshold = min(typical + max(1.0, 0.12 * height), 0.55 * height)
    blocks = [[run[0]]]
    for rl, gap in zip(run[1:], gaps, strict=True):
        if gap > threshold:
            blocks.append([rl])
        else:
            blocks[-1].append(rl)
    return blocks


def segment(
    lines: Sequence[RowLine],
    anchor: int | None,
    is_key: Callable[[str], bool],
    result_col: int | None,
    is_subrow: Callable[[Sequence[RowLine], Sequence[RowLine]], bool] = lambda _row, _block: False,
    criteria_anchor_splits: bool = True,
) -> list[list[RowLine]]:
    """Group a table's lines into rows, in order. A keyless block that `is_subrow` (a test and
    result of their own under the row above's control) becomes a row of its own, marked
    `subrow`.
    With `criteria_anchor_splits` false (the anchor is a criteria column), a block between
    white bands is one row whatever number of its lines start with a criterion."""
    rows: list[list[RowLine]] = []
    runs = [(run, _bands(run)) for run in _runs(lines)]
    # the first column that holds anything (an ID column may be printed empty)
    width = len(lines[0].cols) if lines else 0
    lead = next((k for k in range(width) if any(rl.cols[k] for rl in lines)), 0)
    # rows set apart by white space anywhere in the table
    banded = any(len(blocks) > 1 for _run, blocks in runs)
    every = [b for _run, blocks in runs for b in blocks]
    centred = anchor is not None and _is_centred(
        every, [next((rl for rl in b if _key(rl, anchor, is_key)), None) for b in every]
    )
    for run, found in runs:
        blocks = _centred(found, anchor, is_key) if anchor is not None else found
        if centred and anchor is not None and result_col is not None and rows:
            if not run[0].after_break and _result_ends(rows[-1], result_col):
                blocks = _page_top(rows[-1], blocks, anchor, is_key)
        for number, block in enumerate(blocks):
            opened = number == 0 and run[0].after_break
            continues = bool(rows) and not opened
            keys = [
                i for i, rl in enumerate(block) if anchor is not None and _key(rl, anchor, is_key)
            ]
            if banded and not criteria_anchor_splits:
                # rows set apart by white space: a criteria cell's wrapped lines ("CC6.3 and" /
                # "CC6.4") each start with a criterion, but they are one cell
                keys = keys[:1]
            if continues and not keys and is_subrow(rows[-1], block):
                block[0].subrow = True
                rows.append(list(block))
            elif anchor is not None:
                _keyed(rows, block, keys, continues)
            elif continues and not _opens_row(rows[-1], block, result_col, lead):
                rows[-1].extend(block)
            else:
                rows.append(list(block))
    return rows


def _top(block: Sequence[RowLine]) -> float:
    return min(rl.line.top for rl in block)


def _bottom(block: Sequence[RowLine]) -> float:
    return max(rl.line.bottom for rl in block)


def _off_centre(block: Sequence[RowLine], key: RowLine) -> float:
    """How far a row's key sits from the row's vertical middle."""
    return abs((_top(block) + _bottom(block)) / 2 - (key.line.top + key.line.bottom) / 2)


def _is_centred(blocks: Sequence[list[RowLine]], keys: Sequence[RowLine | None]) -> bool:
    """Whether rows print their key (and result) at their vertical middle: most tall keyed
    blocks have their key below their first line, near the middle."""
    votes = [
        key is not block[0] and _off_centre(block, key) < 0.25 * (_bottom(block) - _top(block))
        for block, key in zip(blocks, keys, strict=True)
        if key is not None and len(block) >= 3
    ]
    return len(votes) >= 2 and sum(votes) >= 0.6 * len(votes)


def _centred(
    blocks: list[list[RowLine]], anchor: int, is_key: Callable[[str], bool]
) -> list[list[RowLine]]:
    """In a table whose rows are centred on their key, a keyless block between two keyed ones
    (a tall cell's paragraph, one per tested attribute) joins the row whose key it centres:
    the blocks above a key and below it are split where both rows' keys sit nearest their
    middles. Elsewhere blocks are left as they are (a keyless block continues the row above)."""
    keys = [next((rl for rl in b if _key(rl, anchor, is_key)), None) for b in blocks]
    if not _is_centred(blocks, keys):
        return blocks
    blocks = list(blocks)
    out: list[list[RowLine]] = []
    i = 0
    while i < len(blocks):
        out.append(blocks[i])
        j = i + 1
        while j < len(blocks) and keys[j] is None:
            j += 1
        if keys[i] is None or j >= len(blocks) or j == i + 1:
            i += 1
            continue
        best = _split(blocks[i], blocks[i + 1 : j], blocks[j], keys[i], keys[j])
        # the blocks above the split stay as they are (a row's continuation, or another of its
        # tests); those below it open the next row with its key
        out.extend(blocks[i + 1 : i + 1 + best])
        blocks[j] = [rl for b in [*blocks[i + 1 + best : j], blocks[j]] for rl in b]
        i = j
    return out


def _page_top(
    previous: list[RowLine], blocks: list[list[RowLine]], anchor: int, is_key: Callable[[str], bool]
) -> list[list[RowLine]]:
    """In a table whose rows are centred on their keys, keyless blocks at the top of a page
    continue the row above only if that row was cut by the page break; when it is whole on its
    page (its result ends a sentence, its key at its middle there), the blocks above the page's
    first key belong to that key's row, as far as they bring the key to its row's middle."""
    keys = [next((rl for rl in b if _key(rl, anchor, is_key)), None) for b in blocks]
    first = next((i for i, k in enumerate(keys) if k is not None), None)
    before = next((rl for rl in previous if _key(rl, anchor, is_key)), None)
    if not first or before is None:
        return blocks
    on_its_page = [rl for rl in previous if rl.line.page == previous[-1].line.page]
    if before not in on_its_page or len(on_its_page) < 3:
        return blocks
    if _off_centre(on_its_page, before) >= 0.25 * (_bottom(on_its_page) - _top(on_its_page)):
        return blocks  # the row above was cut by the page break: the blocks are its rest
    key = keys[first]
    assert key is not None
    # the key's row runs on over the keyless blocks after it, up to the next key
    end = next((i for i in range(first + 1, len(blocks)) if keys[i] is not None), len(blocks))

    def cost(split: int) -> float:
        return _off_centre([rl for b in blocks[split:end] for rl in b], key)

    split = min(range(first, -1, -1), key=cost)
    joined = [rl for b in blocks[split : first + 1] for rl in b]
    return [*blocks[:split], joined, *blocks[first + 1 :]]


def _result_ends(row: Sequence[RowLine], result_col: int) -> bool:
    """Whether a row's result, as far as it goes, ends a sentence ("approval could" does not:
    the rest is on the next page)."""
    last = next((rl.cols[result_col] for rl in reversed(row) if rl.cols[result_col]), [])
    return bool(last) and last[-1].rstrip().endswith((".", ":", ";", ")", "!"))


def _split(
    above: list[RowLine],
    between: list[list[RowLine]],
    below: list[RowLine],
    above_key: RowLine | None,
    below_key: RowLine | None,
) -> int:
    """How many of the keyless blocks between two keyed ones belong to the upper row: the split
    that puts both keys nearest the middles of their rows."""
    assert above_key is not None and below_key is not None

    def cost(split: int) -> float:
        up = [rl for b in [above, *between[:split]] for rl in b]
        down = [rl for b in [*between[split:], below] for rl in b]
        return _off_centre(up, above_key) + _off_centre(down, below_key)

    return min(range(len(between) + 1), key=cost)


def _key(rl: RowLine, anchor: int, is_key: Callable[[str], bool]) -> bool:
    text = " ".join(rl.cols[anchor])
    return bool(text) and is_key(text)


def _keyed(
    rows: list[list[RowLine]], block: list[RowLine], keys: list[int], continues: bool
) -> None:
    if not keys:
        if continues:
            rows[-1].extend(block)
        else:
            rows.append(block)
        return
    if len(keys) == 1:
        # one key: the block is its row, lines above the key included (centred cells)
        rows.append(block)
        return
    # several keys: top-aligned rows; lines above the first key end the row before
    if keys[0] > 0:
        if continues:
            rows[-1].extend(block[: keys[0]])
        else:
            rows.append(block[: keys[0]])
    for a, b in zip(keys, [*keys[1:], len(block)], strict=True):
        rows.append(block[a:b])


def _opens_row(
    previous: list[RowLine], block: list[RowLine], result_col: int | None, lead: int = 0
) -> bool:
    """Without an anchor column: a block opens a row when it has text in the first column that
    holds any (`lead`) and, in a table of results, a result of its own after a row that had
    one (a control's second paragraph, or the rest of a row cut by a page break, shows none)."""
    if not any(rl.cols[lead] for rl in block):
        return False
    if result_col is None:
        return True
    had_result = any(rl.cols[result_col] for rl in previous)
    return had_result and any(rl.cols[result_col] for rl in block)
