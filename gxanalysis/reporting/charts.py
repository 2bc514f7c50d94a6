"""Chart style: one theme function, a bundled CJK font, and the few chart shapes the reports use.

The CJK font (Noto Sans CJK SC) comes from the ``mplfonts`` package on PyPI, so charts render Chinese
labels identically on every machine, with no system font and no missing-glyph warnings. Charts are drawn
into the notebook as PNG, so the HTML report carries the glyphs with it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from gxanalysis.errors import GxError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

FONT_FAMILY = "Noto Sans CJK SC"
PALETTE = ["#1f4e79", "#c00000", "#2e7d32", "#ed7d31", "#7f6084", "#4bacc6", "#9e480e", "#636363"]


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font (from the ``mplfonts`` package)."""
    try:
        path = Path(str(files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf"))
    except ModuleNotFoundError:  # pragma: no cover - dependency missing
        raise GxError("the CJK font package 'mplfonts' is not installed; run `pip install mplfonts` "
                      "(it is a dependency of gxanalysis)") from None
    if not path.is_file():  # pragma: no cover
        raise GxError(f"CJK font not found at {path}; reinstall mplfonts (`pip install --force-reinstall "
                      "mplfonts`)")
    return path


@lru_cache(maxsize=1)
def _register_font() -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_path()))
    return FONT_FAMILY


def apply_theme() -> None:
    """Apply the report theme to matplotlib and seaborn (idempotent).

    Sets the CJK font for every text element, a proper minus sign and a quiet white-grid style. Text is
    never parsed as mathtext or TeX: a chain or enterprise name holding ``$…$`` is drawn as typed (with
    mathtext it would render as math, or stop the chart with a parse error).
    """
    import matplotlib as mpl
    import seaborn as sns

    family = _register_font()
    sns.set_theme(style="whitegrid", palette=PALETTE, font=family,
                  rc={"axes.unicode_minus": False, "figure.dpi": 110, "savefig.dpi": 110,
                      "axes.titlesize": 12, "figure.figsize": (8, 4)})
    mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["text.parse_math"] = False
    mpl.rcParams["text.usetex"] = False


def bar_chart(data: pd.Series, *, title: str, ylabel: str = "", highlight: str | None = None,
              horizontal: bool = False, annotate: bool = True, fmt: str = "{:.1f}") -> Figure:
    """A bar chart of one labelled series (e.g. growth by chain); negative bars in red.

    Parameters
    ----------
    data : pandas.Series
        Values indexed by label.
    title, ylabel : str
        Chart title and value-axis label (with unit).
    highlight : str, optional
        Label of a bar drawn in the accent colour (e.g. the home city).
    horizontal : bool
        Horizontal bars (long Chinese labels read better this way).
    """
    import matplotlib.pyplot as plt

    apply_theme()
    height = max(3.0, 0.32 * len(data) + 1.2) if horizontal else 4.0
    fig, ax = plt.subplots(figsize=(8, height))
    colors = [PALETTE[3] if highlight is not None and str(k) == str(highlight)
              else (PALETTE[1] if v < 0 else PALETTE[0]) for k, v in data.items()]
    labels = [str(k) for k in data.index]
    if horizontal:
        ax.barh(labels, data.to_numpy(), color=colors)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
    else:
        ax.bar(labels, data.to_numpy(), color=colors)
        ax.set_ylabel(ylabel)
        plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    if annotate:
        for i, v in enumerate(data.to_numpy()):
            if v != v:  # NaN
                continue
            if horizontal:
                ax.annotate(fmt.format(v), (v, i), xytext=(3 if v >= 0 else -3, 0),
                            textcoords="offset points", va="center", ha="left" if v >= 0 else "right",
                            fontsize=8)
            else:
                ax.annotate(fmt.format(v), (i, v), xytext=(0, 3 if v >= 0 else -10),
                            textcoords="offset points", ha="center", fontsize=8)
    ax.axhline(0, color="#444", lw=0.6) if not horizontal else ax.axvline(0, color="#444", lw=0.6)
    ax.set_title(title)
    fig.tight_layout()
    plt.close(fig)
    return fig


def line_chart(frame: pd.DataFrame, *, title: str, ylabel: str = "", markers: bool = True,
               band: tuple[str, str] | None = None) -> Figure:
    """Lines for each column of ``frame`` over its index (periods as labels).

    ``band=(lower_col, upper_col)`` shades an interval (e.g. a forecast's) and does not draw those columns
    as lines.
    """
    import matplotlib.pyplot as plt

    apply_theme()
    fig, ax = plt.subplots(figsize=(8, 4))
    x = [str(i) for i in frame.index]
    skip = set(band or ())
    for col in frame.columns:
        if col in skip:
            continue
        ax.plot(x, frame[col].to_numpy(dtype=float), marker="o" if markers else None, ms=3, label=str(col))
    if band:
        ax.fill_between(x, frame[band[0]].to_numpy(dtype=float), frame[band[1]].to_numpy(dtype=float),
                        alpha=0.2, color=PALETTE[0], lw=0)
    step = max(1, len(x) // 12)
    ax.set_xticks(range(0, len(x), step), [x[i] for i in range(0, len(x), step)], rotation=30, ha="right")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if len(frame.columns) - len(skip) > 1:
        ax.legend(frameon=False)
    fig.tight_layout()
    plt.close(fig)
    return fig


def short_name(name: str, width: int = 8) -> str:
    """An enterprise name without its legal form (有限公司 …), cut to ``width`` characters for a chart."""
    text = str(name)
    for suffix in ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text if len(text) <= width else text[: width - 1] + "…"


def flow_map(edges: pd.DataFrame, *, title: str, panel: str = "panel", source: str = "source",
             target: str = "target", weight: str = "weight", top: int = 8, columns: int = 3) -> Figure:
    """Supplier → user diagrams (产业链图谱), one small panel per group: upstream on the left, downstream on
    the right, each link as a line whose width grows with its quantity (the ``top`` largest per panel).

    Parameters
    ----------
    edges : pandas.DataFrame
        One row per link: ``panel`` (e.g. the sub-chain's name), ``source``, ``target`` (names; "市外" for
        outside the city) and ``weight`` (quantity, in one unit within a panel).
    """
    import math

    import matplotlib.pyplot as plt

    apply_theme()
    groups = list(dict.fromkeys(edges[panel]))
    n = max(1, len(groups))
    cols = min(columns, n)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, g in zip(axes.flat, groups, strict=False):
        e = edges[edges[panel] == g].nlargest(top, weight)
        left = list(dict.fromkeys(e[source]))
        right = list(dict.fromkeys(e[target]))
        ly = {s: 1 - (i + 0.5) / len(left) for i, s in enumerate(left)}
        ry = {t: 1 - (i + 0.5) / len(right) for i, t in enumerate(right)}
        wmax = float(e[weight].max()) if len(e) else 1.0
        for _, r in e.iterrows():
            lw = 0.6 + 5.0 * float(r[weight]) / wmax if wmax > 0 else 1.0
            ax.plot([0.32, 0.68], [ly[r[source]], ry[r[target]]], color=PALETTE[0], alpha=0.55, lw=lw,
                    solid_capstyle="round")
        for s, y in ly.items():
            ax.text(0.30, y, short_name(s), ha="right", va="center", fontsize=7)
        for t, y in ry.items():
            ax.text(0.70, y, short_name(t), ha="left", va="center", fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_title(str(g), fontsize=9)
    fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    plt.close(fig)
    return fig
