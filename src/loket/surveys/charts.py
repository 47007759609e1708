"""Charts as SVG text (matplotlib, Agg backend), for the staff pages and the PDF report alike."""

from __future__ import annotations

import base64
import io
import itertools
import re
import threading
from collections.abc import Sequence
from decimal import Decimal
from html import escape

import matplotlib
from django.utils.formats import number_format

matplotlib.use("Agg")  # no display on a server; must come before pyplot
import matplotlib.pyplot as plt

# pyplot keeps global state; two requests drawing at once in threads would mix their figures.
_LOCK = threading.Lock()
_CHART_NUMBERS = itertools.count(1)
_ID = re.compile(r'(id="|href="#|url\(#)([A-Za-z_][\w.-]*)')

GRADE_COLOURS = {"A": "#1a7f37", "B": "#4c9a2a", "C": "#d4a017", "D": "#c0392b"}
ANSWER_COLOURS = ("#c0392b", "#e67e22", "#7fb069", "#1a7f37")  # 1 (worst) .. 4 (best)
THRESHOLDS = (Decimal("65.00"), Decimal("76.61"), Decimal("88.31"))

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.fonttype": "none",  # text stays text: smaller, selectable, crisp in the PDF
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


def _svg(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog and doctype: the SVG goes inline in HTML
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    # matplotlib numbers its element ids from 1 in every figure; several charts inline in one page
    # would share ids (and their clip paths), so each chart's ids get a prefix of their own.
    prefix = f"c{next(_CHART_NUMBERS)}-"
    return _ID.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)


def as_image(svg: str, alt: str = "") -> str:
    """The SVG as an <img> with a data URI: how the PDF takes it (WeasyPrint draws SVG images
    itself, while inline SVG styles go through its HTML CSS parser)."""
    data = base64.b64encode(svg.encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'


def _wrap(label: str, width: int = 28) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def scores_chart(
    labels: Sequence[str], values: Sequence[Decimal], letters: Sequence[str], *, title: str = ""
) -> str:
    """Horizontal bars on the 25-100 scale with the grade boundaries, e.g. each element's NRR x 25."""
    with _LOCK:
        fig, ax = plt.subplots(figsize=(6.4, 0.42 * len(labels) + 0.9))
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, [float(v) for v in values], color=[GRADE_COLOURS[x] for x in letters], height=0.62)
        for y, value in zip(positions, values, strict=True):
            ax.text(float(value) + 0.8, y, number_format(value, 2), va="center", fontsize=8)
        for threshold in THRESHOLDS:
            ax.axvline(float(threshold), color="#888", linewidth=0.7, linestyle="--")
        ax.set_yticks(positions, [_wrap(lbl) for lbl in labels], fontsize=8)
        ax.set_xlim(25, 105)
        if title:
            ax.set_title(title, fontsize=10, loc="left")
        return _svg(fig)


def answers_chart(
    labels: Sequence[str], percentages: Sequence[Sequence[Decimal]], legend: Sequence[str]
) -> str:
    """Stacked 100% bars: the share of each answer 1-4 per question or indicator."""
    with _LOCK:
        fig, ax = plt.subplots(figsize=(6.4, 0.42 * len(labels) + 1.1))
        positions = list(range(len(labels)))[::-1]
        left = [0.0] * len(labels)
        for answer in range(4):
            widths = [float(p[answer]) for p in percentages]
            ax.barh(
                positions, widths, left=left, color=ANSWER_COLOURS[answer], height=0.62, label=legend[answer]
            )
            for y, x0, w in zip(positions, left, widths, strict=True):
                if w >= 7:
                    ax.text(x0 + w / 2, y, f"{w:.0f}%", ha="center", va="center", fontsize=7, color="white")
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_yticks(positions, [_wrap(lbl, 34) for lbl in labels], fontsize=8)
        ax.set_xlim(0, 100)
        ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False, fontsize=7)
        return _svg(fig)


def trend_chart(labels: Sequence[str], values: Sequence[Decimal | None], *, ylabel: str) -> str:
    """The index per period; periods without enough answers are left as gaps."""
    with _LOCK:
        fig, ax = plt.subplots(figsize=(6.4, 2.4))
        xs = list(range(len(labels)))
        ys = [float(v) if v is not None else float("nan") for v in values]
        ax.plot(xs, ys, marker="o", color="#1f4e79")
        for x, v in zip(xs, values, strict=True):
            if v is not None:
                ax.annotate(
                    f"{v}", (x, float(v)), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8
                )
        for threshold in THRESHOLDS:
            ax.axhline(float(threshold), color="#888", linewidth=0.7, linestyle="--")
        ax.set_xticks(xs, labels)
        ax.set_ylim(25, 105)
        ax.set_ylabel(ylabel)
        return _svg(fig)
