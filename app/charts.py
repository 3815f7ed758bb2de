"""Where every bar, label and figure of a server-drawn chart goes: the one owner of chart geometry.

Templates draw a `Chart` as inline SVG (templates/_chart.html); its numbers are always in a
table beside it, which is what screen readers read. Sizes are SVG attributes in the units of
the chart's viewBox, never style attributes (the Content-Security-Policy forbids those).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WIDTH = 400  # the viewBox width; the chart scales to its box
LABEL_LINE = 18  # a row's label, drawn above its bars
BAR = 14  # one bar's thickness
BAR_GAP = 3  # between the bars of one row
ROW_GAP = 10  # between rows
LEGEND = 18  # a legend line per series, when a chart has more than one
FIGURE_ROOM = 100  # kept right of the longest possible bar for its figure
LONGEST_LABEL = 54  # characters; longer labels are cut (the table has them whole)


@dataclass(frozen=True)
class Bar:
    series: int  # 0 for the main series, 1 for the one it is compared with
    y: int
    width: int
    figure: str  # the number drawn at the bar's end
    figure_x: int


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: list[ChartRow]
    series: int  # how many bars each row has
    bar_height: int = BAR
    legend_ys: tuple[int, ...] = ()  # where each series' legend line sits


def bar_chart(items: Sequence[tuple[str, Sequence[tuple[float, str]]]], maximum: float) -> Chart:
    """Lay out horizontal bars: each label above one bar per series, `maximum` the longest."""
    series = max((len(values) for _label, values in items), default=1)
    legend_ys = tuple(LEGEND * index + 13 for index in range(series)) if series > 1 else ()
    top = LEGEND * len(legend_ys) + (6 if legend_ys else 0)
    room = WIDTH - FIGURE_ROOM
    rows, y = [], top
    for label, values in items:
        label_y = y + LABEL_LINE - 4
        y += LABEL_LINE
        bars = []
        for index, (value, figure) in enumerate(values):
            length = round(room * value / maximum) if maximum else 0
            length = max(0, min(room, length))
            bars.append(Bar(index, y, length, figure, length + 4))
            y += BAR + BAR_GAP
        rows.append(ChartRow(_short(label), label_y, bars))
        y += ROW_GAP - BAR_GAP
    return Chart(WIDTH, max(y, top + LABEL_LINE), rows, series, legend_ys=legend_ys)


def _short(label: str) -> str:
    """Return `label` cut to fit the chart's width."""
    label = str(label)
    return label if len(label) <= LONGEST_LABEL else label[: LONGEST_LABEL - 1].rstrip() + "…"


def _share(value: int | None) -> tuple[float, str]:
    return (value or 0, f"{value}%" if value is not None else "—")


def share_chart(rows: Iterable, baseline: bool = False) -> Chart:
    """Chart rows' shares (`percent`), each beside its `baseline` share when asked."""
    items = []
    for row in rows:
        values = [_share(row.percent)]
        if baseline:
            values.append(_share(row.baseline))
        items.append((row.label, values))
    return bar_chart(items, 100)


def count_chart(rows: Iterable) -> Chart:
    """Chart rows' counts (`count`), the largest filling the width."""
    rows = list(rows)
    largest = max((row.count for row in rows), default=0)
    return bar_chart([(row.label, [(row.count, str(row.count))]) for row in rows], largest)


def rate_chart(rates: Iterable) -> Chart:
    """Chart response rates: the share that answered, with how many of how many."""
    items = [
        (rate.label, [(rate.percent, f"{rate.percent}% ({rate.responded}/{rate.expected})")])
        for rate in rates
    ]
    return bar_chart(items, 100)
