"""Research labs for survey reports (调研报告): the model lab, the LMDI lab and the material-balance lab.

Each lab is made from the parameters of its notebook under ``notebooks/labs/`` (papermill runs them with
other parameters; interactively, edit the parameters cell and run all). Its methods return tables
(:class:`~gxanalysis.reporting.explore.core.View`: shown in the notebook, written to Excel unrounded) and
matplotlib figures in the report theme (PNG at 200 dpi and SVG); :meth:`Lab.export` writes everything the
lab has shown into its output folder. The numbers come from the public APIs:

* model lab — :func:`gxanalysis.models.combination.model_class` (fit, forecast, year end),
  :func:`gxanalysis.models.backtest.year_end_backtest` (rolling-origin comparison), on a published series
  (:func:`gxanalysis.data.nbs.read_growth_series`) or on the summed same-sample levels of the city, a county
  or a sub-chain (:meth:`gxanalysis.models.series.GrowthSeries.from_levels`);
* LMDI lab — :func:`gxanalysis.indicators.energy.energy_levels`, :func:`~gxanalysis.indicators.energy.intensity_by`
  and :func:`gxanalysis.indicators.lmdi.lmdi`, year by year on December's same-sample levels;
* material-balance lab — :func:`gxanalysis.indicators.material_balance.material_balance` and
  :func:`~gxanalysis.indicators.material_balance.chain_map`, the flows drawn as a Sankey diagram.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis import config
from gxanalysis.errors import InsufficientDataError, ParameterError
from gxanalysis.indicators import energy, lmdi, material_balance
from gxanalysis.indicators.display import format_number
from gxanalysis.labels import check_lang, division_label
from gxanalysis.periods import Month, Period
from gxanalysis.reporting.explore.core import Column, View
from gxanalysis.reporting.explore.sessions import session

NATIONAL_SERIES = "月度数据_规上工业增加值增长速度_1998-2023.csv"
"""The national series of ``data/nbs`` the model lab uses when no file is given."""


def _split(text: str | Sequence, cast: type = str) -> list:
    if isinstance(text, str):
        return [cast(x.strip()) for x in text.split(",") if x.strip()]
    return [cast(x) for x in text]


class Lab:
    """What every lab shares: the language, the output folder, and what it has shown (for :meth:`export`)."""

    name = "lab"

    def __init__(self, *, output_dir: str | Path = "", lang: str = "zh") -> None:
        self.lang = check_lang(lang)
        self.output_dir = Path(output_dir) if output_dir else config.default_reports_dir() / "labs" / self.name
        self.tables: dict[str, View] = {}
        self.figures: dict[str, Any] = {}

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def _table(self, key: str, view: View) -> View:
        self.tables[key] = view
        return view

    def _figure(self, key: str, fig: Any) -> Any:
        self.figures[key] = fig
        return fig

    def export(self) -> list[Path]:
        """Write every figure shown (PNG, 200 dpi, and SVG) and every table (one Excel workbook)."""
        from matplotlib import rc_context

        from gxanalysis.reporting.workbook import write_workbook

        self.output_dir.mkdir(parents=True, exist_ok=True)
        out = []
        for key, fig in self.figures.items():
            for ext, kw in (("png", {"dpi": 200}), ("svg", {})):
                path = self.output_dir / f"{key}.{ext}"
                with rc_context({"text.parse_math": False, "svg.fonttype": "path"}):
                    fig.savefig(path, format=ext, bbox_inches="tight", **kw)
                out.append(path)
        if self.tables:
            tables = [_recorded(v) for v in self.tables.values()]
            path = self.output_dir / f"{self.name}.xlsx"
            write_workbook(tables, path, title=self.t("调研分析", "Research lab"), period_label=self.name,
                           cover_lines=[(self.t("内容", "Contents"), ", ".join(self.tables))], lang=self.lang)
            from gxanalysis.reporting.explore.core import _no_formulas

            _no_formulas(path)
            out.append(path)
        return out


def _recorded(view: View) -> dict:
    from gxanalysis.reporting.explore.core import _cell, display_value

    rows = view.rows()
    data = []
    for _, r in rows.iterrows():
        rec = []
        for c in view.columns:
            v = r.get(c.key)
            if c.kind == "growth" and c.status and isinstance(r.get(c.status), str) and r.get(c.status) != "ok":
                v = display_value(None, c, r.get(c.status), view.lang)
            rec.append(_cell(v))
        data.append(rec)
    return {"title": view.title, "unit": view.unit, "note": view.note, "columns": [c.label for c in view.columns],
            "data": data}


def _frame_view(title: str, frame: pd.DataFrame, columns: list[Column], *, summary: str = "", note: str = "",
                unit: str = "", lang: str = "zh") -> View:
    f = frame.copy()
    f["total"] = f["total"] if "total" in f.columns else False
    f["key"] = None
    return View(title=title, summary=summary, columns=columns, frame=f, note=note, unit=unit, lang=lang)


def _new_figure(width: float = 8.0, height: float = 4.0) -> tuple[Any, Any]:
    import matplotlib.pyplot as plt

    from gxanalysis.reporting.charts import apply_theme

    apply_theme()
    fig, ax = plt.subplots(figsize=(width, height))
    plt.close(fig)
    return fig, ax


# --------------------------------------------------------------------------------------------------
# the model lab
# --------------------------------------------------------------------------------------------------
def growth_series(source: str = "nbs", name: str = "", data_dir: str | Path = "") -> Any:
    """The growth series a lab studies, on the release calendar (1–2月, 3月 … 12月).

    Parameters
    ----------
    source : {"nbs", "city", "county", "chain"}
        ``"nbs"``: a published series (an NBS portal export or a CSV ``period,yoy,ytd``); the others: the
        summed year-to-date value added and same-sample base of the city's enterprises, of one county's, or
        of one sub-chain's (by name), each month's sample (INDICATORS.md §1.6, §2.3).
    name : str
        ``"nbs"``: the file (empty: the national series of ``data/nbs``); ``"county"``: its name;
        ``"chain"``: the sub-chain's name (细分产业链, e.g. 镍及镍基新材料).
    data_dir : str or Path
        The bureau's tables (empty: ``GX_DATA_DIR`` or the demo city).

    Returns
    -------
    GrowthSeries
    """
    from gxanalysis.data.nbs import read_growth_series
    from gxanalysis.models.series import GrowthSeries

    if source == "nbs":
        path = Path(name) if name else config.NBS_DIR / NATIONAL_SERIES
        return GrowthSeries.from_rates(read_growth_series(path), name=path.stem)
    if source not in ("city", "county", "chain"):
        raise ParameterError(f"source={source!r} is not allowed; use nbs, city, county or chain")
    sess = session(data_dir or None)
    em = sess.attach(sess.monthly)
    label_ = sess.dataset.home_city
    if source == "county":
        counties = sorted(sess.enterprises["county"].dropna().unique())
        if name not in counties:
            raise ParameterError(f"county {name!r} is not in the data; counties: {', '.join(counties)}")
        em, label_ = em[(em["county"] == name).to_numpy()], name
    elif source == "chain":
        chains = list(sess.dataset.chains["chain_name"])
        if name not in chains:
            raise ParameterError(f"sub-chain {name!r} is not in the chains table; sub-chains: {', '.join(chains)}")
        em, label_ = em[(em["chain_name"] == name).to_numpy()], name
    levels = em.groupby("period", as_index=False)[["value_added", "value_added_base"]].sum()
    return GrowthSeries.from_levels(levels, value="value_added", base="value_added_base", name=label_)


class ModelLab(Lab):
    """Fit and compare growth models on one series; forecast the year end; rolling-origin backtest.

    Parameters
    ----------
    source, name, data_dir
        The series (:func:`growth_series`).
    models : str or sequence
        Model names of :func:`gxanalysis.models.combination.model_class`, comma separated.
    horizon : int
        Months forecast.
    target : float, optional
        Annual growth target (%), for the probability of reaching it.
    alpha : float
        1 − interval coverage.
    """

    name = "model_lab"

    def __init__(self, *, source: str = "nbs", name: str = "", data_dir: str | Path = "",
                 models: str | Sequence[str] = "default", horizon: int = 12, target: float | None = None,
                 alpha: float = 0.2, output_dir: str | Path = "", lang: str = "zh") -> None:
        super().__init__(output_dir=output_dir, lang=lang)
        self.source = source
        self.series = growth_series(source, name, data_dir)
        self.models = _split(models)
        if not self.models:
            raise ParameterError("models is empty; give at least one model name, e.g. models='default'")
        self.horizon, self.target, self.alpha = int(horizon), target, float(alpha)
        # a panel series has only the bureau's few years: let the models start from two
        self.options = {} if source == "nbs" else {"min_years": 2}
        self._fits: dict[str, Any] = {}
        self.backtest_result: Any = None

    def fit(self, model: str) -> Any:
        """The fitted results of ``model`` (cached)."""
        from gxanalysis.models.combination import model_class

        if model not in self._fits:
            self._fits[model] = model_class(model)(self.series, **self.options).fit()
        return self._fits[model]

    def series_table(self, last: int = 13) -> View:
        """The last releases of the series: single-period and year-to-date growth."""
        fr = self.series.frame.tail(last)
        frame = pd.DataFrame({"label": [Period.month(Month.parse(p)).label(self.lang) if p.month != 2 else
                                        Period(p.year, 1, 2).label(self.lang) for p in fr.index],
                              "growth": fr["growth"].to_numpy(), "ytd": fr["ytd"].to_numpy()})
        cols = [Column("label", self.t("发布期", "Release"), "text"),
                Column("growth", self.t("当期同比%", "YoY %")), Column("ytd", self.t("累计同比%", "YTD %"))]
        first, last_p = self.series.frame.index[0], self.series.frame.index[-1]
        return self._table("series", _frame_view(
            self.t(f"增速序列：{self.series.name}", f"Growth series: {self.series.name}"), frame, cols,
            summary=self.t(f"{first}至{last_p}，共{len(self.series.frame)}期（1-2月合并为一期）。",
                           f"{first} to {last_p}, {len(self.series.frame)} releases (Jan–Feb as one)."),
            lang=self.lang))

    def plot_series(self, years: int = 8) -> Any:
        """Single-period and year-to-date growth of the last ``years`` years."""
        fr = self.series.frame
        fr = fr[fr.index.year > fr.index[-1].year - years]
        fig, ax = _new_figure(8, 3.6)
        x = [str(p) for p in fr.index]
        ax.plot(x, fr["growth"].to_numpy(dtype=float), lw=1.2, label=self.t("当期同比", "YoY"))
        ax.plot(x, fr["ytd"].to_numpy(dtype=float), lw=1.8, label=self.t("累计同比", "YTD"))
        step = max(1, len(x) // 10)
        ax.set_xticks(range(0, len(x), step), [x[i] for i in range(0, len(x), step)], rotation=30, ha="right")
        ax.set_ylabel("%")
        ax.set_title(self.t(f"{self.series.name}：工业增加值增速", f"{self.series.name}: value-added growth"))
        ax.legend(frameon=False)
        fig.tight_layout()
        return self._figure("series", fig)

    def summaries(self) -> str:
        """Each model's summary (parameters, diagnostics)."""
        return "\n\n".join(f"=== {m} ===\n{self.fit(m).summary()}" for m in self.models)

    def year_end_table(self) -> View:
        """Each model's forecast of December's year-to-date growth, its interval and the target probability."""
        rows = []
        for m in self.models:
            ye = self.fit(m).year_end(self.alpha, target=self.target)
            rows.append({"label": m, "year": str(ye.year), "point": ye.point, "lower": ye.lower, "upper": ye.upper,
                         "probability": None if ye.probability is None else 100 * ye.probability})
        cover = f"{100 * (1 - self.alpha):.0f}%"
        cols = [Column("label", self.t("模型", "Model"), "text"), Column("year", self.t("年份", "Year"), "text"),
                Column("point", self.t("全年累计增速预测%", "Year-end YTD growth %")),
                Column("lower", self.t(f"{cover}区间下限", f"{cover} lower")),
                Column("upper", self.t(f"{cover}区间上限", f"{cover} upper")),
                Column("probability", self.t("达到目标的概率%", "Probability of the target %"))]
        target = "--" if self.target is None else f"{self.target:g}%"
        return self._table("year_end", _frame_view(
            self.t("全年累计增速预测", "Year-end cumulative growth"), pd.DataFrame(rows), cols,
            summary=self.t(f"目标{target}；区间覆盖{cover}。", f"Target {target}; intervals cover {cover}."),
            lang=self.lang))

    def forecast_table(self, model: str | None = None) -> View:
        """The monthly forecast of one model (single-period and year-to-date growth with intervals)."""
        m = model or self.models[0]
        fc = self.fit(m).get_forecast(self.horizon, self.alpha).frame
        frame = fc.reset_index(drop=False).rename(columns={fc.index.name or "index": "period"})
        frame["label"] = [str(p) for p in frame["period"]]
        cols = [Column("label", self.t("月份", "Month"), "text")] + [
            Column(c, c) for c in fc.columns if c in ("yoy", "yoy_lower", "yoy_upper", "ytd", "ytd_lower", "ytd_upper")]
        return self._table(f"forecast_{m}", _frame_view(
            self.t(f"逐月预测（{m}）", f"Monthly forecast ({m})"), frame, cols,
            note=self.t("yoy 当月同比，ytd 累计同比，lower/upper 为区间。", "yoy: single month; ytd: year to date."),
            lang=self.lang))

    def plot_forecast(self) -> Any:
        """Each model's forecast with its interval, side by side."""
        import matplotlib.pyplot as plt

        from gxanalysis.reporting.charts import apply_theme

        apply_theme()
        n = len(self.models)
        fig, axes = plt.subplots(2, n, figsize=(5.2 * n, 6.0), squeeze=False, sharex="col", sharey="row")
        for j, m in enumerate(self.models):
            self.fit(m).plot_forecast(self.horizon, self.alpha, ax=axes[:, j])
        fig.tight_layout()
        plt.close(fig)
        return self._figure("forecast", fig)

    def backtest(self, years: str | Sequence[int] = "2023", origins: str | Sequence[int] = "3,6,9",
                 repetitions: int = 300) -> View:
        """Rolling-origin backtest of the year-end forecast (:func:`gxanalysis.models.backtest.year_end_backtest`)."""
        from gxanalysis.models.backtest import year_end_backtest

        yrs, ors = _split(years, int), _split(origins, int)
        opts = {m: dict(self.options) for m in self.models} if self.options else None
        try:
            res = year_end_backtest(self.series, models=self.models, years=yrs, origins=ors, alpha=self.alpha,
                                    repetitions=int(repetitions), model_options=opts)
        except InsufficientDataError as exc:
            raise InsufficientDataError(f"the backtest needs more history before the test years {yrs}: {exc}") from None
        if res.records.empty:
            raise InsufficientDataError(f"the series has no December of the test years {yrs}; choose test years "
                                        f"with a published December (the series ends {self.series.last_period})")
        self.backtest_result = res
        table = res.table()
        frame = table.reset_index().rename(columns={table.index.name or "index": "label"})
        cols = [Column("label", self.t("模型或基准", "Model or baseline"), "text")] + [
            Column(c, str(c), "int" if c == "n" else "number", precision=3 if c != "n" else 0)
            for c in table.columns]
        return self._table("backtest", _frame_view(
            self.t("滚动起点回测：全年累计增速", "Rolling-origin backtest: year-end cumulative growth"), frame, cols,
            summary=self.t(f"测试年份{', '.join(map(str, yrs))}，起点月份{', '.join(map(str, ors))}，用时"
                           f"{res.seconds:.0f}秒。", f"Test years {yrs}, origin months {ors}, {res.seconds:.0f} s."),
            note=self.t("carry_ytd、last_month、seasonal_naive 为朴素基准；MAE、RMSE、MASE 越小越好，覆盖率应接近区间水平。",
                        "carry_ytd, last_month, seasonal_naive are naive baselines; smaller MAE/RMSE/MASE is "
                        "better, coverage should be near the interval level."), lang=self.lang))

    def plot_backtest(self) -> Any:
        """Each model's forecast error at every origin of the backtest (forecast − actual, percentage points)."""
        if self.backtest_result is None:
            raise ParameterError("run backtest() first")
        rec = self.backtest_result.records
        fig, ax = _new_figure(8, 3.8)
        for model, g in rec.groupby("model", sort=False):
            x = [str(o) for o in g["origin"]]
            ax.plot(x, g["error"].to_numpy(dtype=float), marker="o", ms=3, lw=1.2, label=str(model))
        ax.axhline(0, color="#444", lw=0.6)
        ax.set_ylabel(self.t("预测误差（百分点）", "Error (pp)"))
        ax.set_title(self.t("各起点的全年累计增速预测误差", "Year-end forecast error by origin"))
        ax.legend(frameon=False, fontsize=8, ncol=2)
        fig.autofmt_xdate()
        fig.tight_layout()
        return self._figure("backtest", fig)


# --------------------------------------------------------------------------------------------------
# the LMDI lab
# --------------------------------------------------------------------------------------------------
LMDI_GROUPS = ("division", "county", "chain", "key")


class LmdiLab(Lab):
    """LMDI decomposition of the change in energy use (or intensity) by industry or enterprise groups, year
    by year.

    Each chosen year is decomposed against the year before on December's year-to-date levels and their
    same-sample bases (energy on ``basis``, value added at comparable prices), the sectors being the groups
    of ``by``: industry divisions, counties, sub-chains (enterprises outside the cluster as one group), or key
    enterprises (骨干企业) and the others.
    """

    name = "lmdi_lab"

    def __init__(self, *, data_dir: str | Path = "", years: str | Sequence[int] = "2022", by: str = "division",
                 basis: str = "equivalent", kind: str = "additive", target: str = "energy",
                 output_dir: str | Path = "", lang: str = "zh") -> None:
        super().__init__(output_dir=output_dir, lang=lang)
        if by not in LMDI_GROUPS:
            raise ParameterError(f"by={by!r} is not allowed; use one of {', '.join(LMDI_GROUPS)}")
        self.session = session(data_dir or None)
        self.years, self.by, self.basis, self.kind, self.target = _split(years, int), by, basis, kind, target
        self.results = {y: self.decompose(y) for y in self.years}

    def _group_key(self, lv: pd.DataFrame) -> pd.Series:
        if self.by == "division":
            return lv["division"].map(lambda d: division_label(d, self.lang))
        if self.by == "county":
            return lv["county"].astype(object)
        if self.by == "chain":
            return lv["chain_name"].astype(object).where(lv["chain_name"].notna(), self.t("链群外企业", "outside the cluster"))
        return pd.Series(np.where(lv["is_key"].astype(bool), self.t("骨干企业", "key enterprises"),
                                  self.t("其他规上企业", "other enterprises")), index=lv.index)

    def decompose(self, year: int) -> Any:
        """The LMDI result of ``year`` against the year before."""
        m = Month(int(year), 12)
        if not self.session.panel.has(m):
            raise InsufficientDataError(f"no enterprise figures for December {year}; choose a year with them "
                                        f"(the data end {self.session.months[-1]})")
        lv = self.session.attach(energy.energy_levels(self.session.panel.at(m), m, basis=self.basis,
                                                      power_coal_rates=self.session.dataset.power_coal_rates))
        g = energy.intensity_by(lv, self._group_key(lv).rename("sector"))
        base = g[["energy_base_b", "value_added_base"]].rename(columns={"energy_base_b": "energy",
                                                                        "value_added_base": "value_added"})
        cur = g[["energy_b", "value_added"]].rename(columns={"energy_b": "energy"})
        res = lmdi.lmdi(base, cur, energy="energy", activity="value_added", kind=self.kind, target=self.target)
        res.check(tol=1e-9)
        return res

    def _effect_labels(self) -> dict[str, str]:
        return {"activity": self.t("规模效应", "activity"), "structure": self.t("结构效应", "structure"),
                "intensity": self.t("强度效应", "intensity")}

    def effects_table(self) -> View:
        """Per year: the aggregate in the base year and this year, the change and its effects."""
        rows = []
        for y, r in self.results.items():
            rows.append({"label": self.t(f"{y}年比{y - 1}年", f"{y} vs {y - 1}"), "value_0": r.value_0,
                         "value_T": r.value_T, "total": False, "change": r.total, **r.effects.to_dict(),
                         "residual": f"{r.residual:.1e}"})
        additive = self.kind == "additive"
        level_p = 0 if self.target == "energy" else 4
        p = level_p if additive else 4
        cols = [Column("label", self.t("时期", "Period"), "text"),
                Column("value_0", self.t("基期", "Base year"), precision=level_p),
                Column("value_T", self.t("报告期", "This year"), precision=level_p),
                Column("change", self.t("变化量" if additive else "变化倍数", "Change" if additive else "Ratio"),
                       precision=p)]
        cols += [Column(k, v, precision=p) for k, v in self._effect_labels().items() if k in rows[0]]
        cols.append(Column("residual", self.t("残差", "Residual"), "text"))
        what = self.t("能耗" if self.target == "energy" else "能耗强度", "energy use" if self.target == "energy"
                      else "energy intensity")
        unit = self.t("吨标准煤", "tce") if self.target == "energy" else self.t("吨标准煤/万元", "tce per 10,000 yuan")
        return self._table("effects", _frame_view(
            self.t(f"{what}变化的LMDI分解（按{self._by_label()}）", f"LMDI decomposition of the change in {what} "
                   f"(by {self._by_label()})"), pd.DataFrame(rows), cols,
            summary=self.t(f"{'加法' if additive else '乘法'}分解，各年12月累计水平值对其同口径上年同期，"
                           f"{'当量值' if self.basis == 'equivalent' else '等价值'}。",
                           f"{self.kind} decomposition, December year-to-date levels against their same-sample "
                           f"bases, {self.basis} value."),
            note=self.t("规模效应：增加值（可比价）总量变化；结构效应：各组增加值比重变化；强度效应：各组单位增加值能耗变化。"
                        "加法分解三项之和等于变化量，乘法分解三项之积等于变化倍数（残差为零）。",
                        "Activity: total value added (comparable prices); structure: shares of the groups; "
                        "intensity: energy per value added within the groups. The effects add up (multiply) to "
                        "the change exactly."), unit=self.t(f"单位：{unit}", f"Unit: {unit}") if additive else "",
            lang=self.lang))

    def _by_label(self) -> str:
        return {"division": self.t("行业", "industry"), "county": self.t("县区", "county"),
                "chain": self.t("细分产业链", "sub-chain"), "key": self.t("骨干企业与其他企业", "key and other "
                                                                   "enterprises")}[self.by]

    def sector_table(self, year: int | None = None) -> View:
        """The effects by group for ``year`` (default: the last year), largest change first."""
        y = year or self.years[-1]
        r = self.results[y]
        t = r.by_sector.copy()
        t["change"] = t.sum(axis=1) if self.kind == "additive" else t.prod(axis=1)
        t = t.sort_values("change", key=lambda s: (s - (0 if self.kind == "additive" else 1)).abs(), ascending=False)
        frame = t.reset_index().rename(columns={t.index.name or "index": "label"})
        p = 0 if self.kind == "additive" and self.target == "energy" else 4
        cols = [Column("label", self._by_label(), "text"), Column("change", self.t("合计", "Total"), precision=p)]
        cols += [Column(k, v, precision=p) for k, v in self._effect_labels().items() if k in frame.columns]
        return self._table(f"sectors_{y}", _frame_view(
            self.t(f"{y}年各组的LMDI效应", f"LMDI effects by group, {y}"), frame, cols, lang=self.lang))

    def plot_effects(self) -> Any:
        """The effects of each year as bars (the change as a marker)."""
        labels = self._effect_labels()
        years = list(self.results)
        fig, ax = _new_figure(7.5, 3.8)
        width = 0.8 / max(1, len(years))
        scale = 1e4 if self.kind == "additive" and self.target == "energy" else 1.0
        keys = [k for k in labels if k in self.results[years[0]].effects.index]
        for i, y in enumerate(years):
            eff = self.results[y].effects.reindex(keys).to_numpy(dtype=float) / scale
            xs = np.arange(len(keys)) + (i - (len(years) - 1) / 2) * width
            ax.bar(xs, eff, width=width * 0.95, label=str(y))
        ax.set_xticks(range(len(keys)), [labels[k] for k in keys])
        ax.axhline(0 if self.kind == "additive" else 1, color="#444", lw=0.6)
        ax.set_ylabel(self.t("万吨标准煤", "10,000 tce") if scale != 1 else "")
        ax.set_title(self.t(f"能耗变化的LMDI分解（按{self._by_label()}）", f"LMDI effects (by {self._by_label()})"))
        ax.legend(frameon=False)
        fig.tight_layout()
        return self._figure("effects", fig)

    def plot_sectors(self, year: int | None = None, top: int = 12) -> Any:
        """The effects of the groups that changed most in ``year``, stacked."""
        y = year or self.years[-1]
        t = self.results[y].by_sector
        if self.kind != "additive":
            t = np.log(t)
        order = t.sum(axis=1).abs().sort_values(ascending=False).index[:top]
        t = t.loc[order]
        fig, ax = _new_figure(8, max(3.0, 0.38 * len(t) + 1.2))
        left_pos = np.zeros(len(t))
        left_neg = np.zeros(len(t))
        for k, lab in self._effect_labels().items():
            if k not in t.columns:
                continue
            v = t[k].to_numpy(dtype=float)
            left = np.where(v >= 0, left_pos, left_neg)
            ax.barh([str(i) for i in t.index], v, left=left, label=lab)
            left_pos += np.where(v >= 0, v, 0)
            left_neg += np.where(v < 0, v, 0)
        ax.invert_yaxis()
        ax.axvline(0, color="#444", lw=0.6)
        ax.set_title(self.t(f"{y}年各组能耗变化的分解", f"Decomposition by group, {y}"))
        ax.legend(frameon=False, fontsize=8)
        fig.tight_layout()
        return self._figure(f"sectors_{y}", fig)


# --------------------------------------------------------------------------------------------------
# the material-balance lab
# --------------------------------------------------------------------------------------------------
class MaterialBalanceLab(Lab):
    """Material balance of chain products (物料平衡): how much of what local enterprises make is used locally.

    Parameters
    ----------
    year : int
        The year of the flows (0: the latest year in ``material_flows``).
    chain : str
        A sub-chain by name (empty: every chain).
    product : str
        The product drawn as a flow diagram (empty: the one with the largest local use).
    top_n : int
        Enterprises shown on each side of the diagram (the others as one node).
    """

    name = "material_balance_lab"

    def __init__(self, *, data_dir: str | Path = "", year: int = 0, chain: str = "", product: str = "",
                 top_n: int = 8, output_dir: str | Path = "", lang: str = "zh") -> None:
        super().__init__(output_dir=output_dir, lang=lang)
        ds = session(data_dir or None).dataset
        self.dataset = ds
        flows = ds.material_flows
        if flows is None or flows.empty:
            raise InsufficientDataError("the data have no material flows (table material_flows); add the "
                                        "flows of chain products between enterprises to draw a balance")
        years = sorted(int(y) for y in pd.to_numeric(flows["year"], errors="coerce").dropna().unique())
        self.year = int(year) if year else years[-1]
        if self.year not in years:
            raise ParameterError(f"year={year!r}: material_flows has the years {years}")
        flows = flows[(pd.to_numeric(flows["year"], errors="coerce") == self.year).to_numpy()]
        names = dict(zip(ds.chains["chain_name"], ds.chains["chain_id"], strict=False))
        self.chain = chain
        if chain:
            if chain not in names:
                raise ParameterError(f"chain {chain!r} is not a sub-chain; sub-chains: {', '.join(names)}")
            flows = flows[(flows["chain_id"] == names[chain]).to_numpy()]
            if flows.empty:
                raise InsufficientDataError(f"material_flows has no {self.year} flows of the sub-chain {chain}")
        self.flows = flows
        self.balance = material_balance.material_balance(flows)
        products = list(self.balance.index.get_level_values("product"))
        if product and product not in products:
            raise ParameterError(f"product {product!r} has no flows here; products: {', '.join(products)}")
        self.product = product or self.balance["local_use"].idxmax()[0]
        self.top_n = int(top_n)

    def balance_table(self) -> View:
        """Per product: local output, local use, of which supplied locally, 本地配套率, surplus or shortfall."""
        b = self.balance.reset_index()
        chains = dict(zip(self.dataset.chains["chain_id"], self.dataset.chains["chain_name"], strict=False))
        pos = {"surplus": self.t("富余（外销）", "surplus"), "shortfall": self.t("缺口（需外购）", "shortfall"),
               "balanced": self.t("平衡", "balanced")}
        frame = b.assign(label=b["product"], chain=b["chain_id"].map(chains),
                         position_label=b["position"].map(pos))
        cols = [Column("label", self.t("产品", "Product"), "text"), Column("chain", self.t("细分产业链", "Sub-chain"), "text"),
                Column("unit", self.t("计量单位", "Unit"), "text"),
                Column("local_output", self.t("本地产量", "Local output"), precision=0),
                Column("local_use", self.t("本地用量", "Local use"), precision=0),
                Column("locally_supplied_use", self.t("其中本地供应", "of which local supply"), precision=0),
                Column("local_supply_rate", self.t("本地配套率%", "Local supply rate %")),
                Column("balance", self.t("富余(+)/缺口(−)", "Surplus (+) / shortfall (−)"), precision=0),
                Column("position_label", self.t("供需状况", "Position"), "text")]
        scope = self.chain or self.t("全部产业链", "every chain")
        return self._table("balance", _frame_view(
            self.t(f"重点产品物料平衡（{scope}，{self.year}年）", f"Material balance ({scope}, {self.year})"), frame, cols,
            note=self.t("本地配套率 = 本市企业之间供需的数量 ÷ 本地用量 × 100%；供方或需方为空表示市外。",
                        "Local supply rate = quantities both supplied and used by local enterprises / local use "
                        "× 100; a blank supplier or user is outside the city."), lang=self.lang))

    def edges(self) -> pd.DataFrame:
        """Supplier → user flows of the product (the chain map, :func:`material_balance.chain_map`)."""
        e = material_balance.chain_map(self.flows, self.dataset.enterprises, self.dataset.chains)
        return e[(e["product"] == self.product).to_numpy()].sort_values("quantity", ascending=False)

    def edges_table(self) -> View:
        e = self.edges()
        frame = e.assign(label=e["supplier_name"])
        cols = [Column("label", self.t("上游（供方）", "Supplier"), "text"),
                Column("user_name", self.t("下游（需方）", "User"), "text"),
                Column("quantity", self.t("数量", "Quantity"), precision=0), Column("unit", self.t("计量单位", "Unit"), "text")]
        return self._table("flows", _frame_view(
            self.t(f"{self.product}的供需关系（{self.year}年）", f"{self.product}: supplier → user ({self.year})"),
            frame, cols, note=self.t("“市外”为从市外购入或销往市外。", "'市外' = outside the city."), lang=self.lang))

    def plot_flows(self) -> Any:
        """The product's flows from suppliers to users as a Sankey diagram (local and outside the city)."""
        e = self.edges()
        b = self.balance.xs(self.product, level="product").iloc[0]
        unit = str(self.balance.xs(self.product, level="product").index[0])
        title = self.t(f"{self.product}物料流向（{self.year}年，单位：{unit}）：本地配套率"
                       f"{format_number(b['local_supply_rate'])}%",
                       f"{self.product} flows ({self.year}, {unit}): local supply rate "
                       f"{format_number(b['local_supply_rate'])}%")
        fig = sankey(e, source="supplier_name", target="user_name", value="quantity", title=title,
                     top_n=self.top_n, other=self.t("其他本地企业", "other local enterprises"),
                     outside=material_balance.EXTERNAL, left_title=self.t("供方", "Suppliers"),
                     right_title=self.t("需方", "Users"))
        return self._figure(f"flows_{_safe(self.product)}", fig)

    def plot_balance(self) -> Any:
        """本地配套率 of every product (unitless, so products in different units compare)."""
        b = self.balance.reset_index().sort_values("local_supply_rate", ascending=True)
        fig, ax = _new_figure(7.5, max(2.8, 0.35 * len(b) + 1.2))
        ax.barh(b["product"].astype(str), b["local_supply_rate"].to_numpy(dtype=float), color="#1f4e79")
        for i, v in enumerate(b["local_supply_rate"].to_numpy(dtype=float)):
            if np.isfinite(v):
                ax.annotate(format_number(v), (v, i), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=8)
        ax.set_xlabel(self.t("本地配套率（%）", "Local supply rate (%)"))
        ax.set_title(self.t(f"重点产品本地配套率（{self.year}年）", f"Local supply rate by product ({self.year})"))
        fig.tight_layout()
        return self._figure("supply_rates", fig)


def _safe(text: str) -> str:
    return re.sub(r"[^\w]+", "_", str(text)).strip("_") or "product"


def sankey(edges: pd.DataFrame, *, source: str, target: str, value: str, title: str = "", top_n: int = 8,
           other: str = "其他", outside: str | None = None, left_title: str = "", right_title: str = "") -> Any:
    """A two-column Sankey (alluvial) diagram of flows ``source`` → ``target`` drawn with matplotlib.

    Nodes beyond the ``top_n`` largest on each side are merged into ``other``; ``outside`` (e.g. 市外) is kept
    and drawn in grey. Band widths are proportional to ``value``; every node is labelled with its total.
    Text is drawn as text (mathtext off), so names from the data are shown as written.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MPath

    from gxanalysis.reporting.charts import PALETTE, apply_theme

    if edges.empty:
        raise InsufficientDataError("no flows to draw")
    e = edges[[source, target, value]].copy()
    e[value] = e[value].astype(float)

    def keep(col: str) -> None:
        totals = e.groupby(col)[value].sum().sort_values(ascending=False)
        kept = [n for n in totals.index if n == outside][:1] + [n for n in totals.index if n != outside][:top_n]
        e[col] = e[col].where(e[col].isin(kept), other)

    keep(source)
    keep(target)
    e = e.groupby([source, target], as_index=False)[value].sum()
    total = float(e[value].sum())
    gap = 0.02 * total

    def layout(col: str) -> dict[str, tuple[float, float]]:
        t = e.groupby(col)[value].sum()
        order = sorted(t.index, key=lambda n: (n == outside, n == other, -t[n]))
        pos, y = {}, 0.0
        for n in order:
            pos[n] = (y, y + float(t[n]))
            y += float(t[n]) + gap
        return pos

    left, right = layout(source), layout(target)
    apply_theme()
    with plt.rc_context({"text.parse_math": False}):
        fig, ax = plt.subplots(figsize=(10, max(4.0, 0.42 * max(len(left), len(right)) + 1.5)))
        colours = {n: ("#9e9e9e" if n == outside else PALETTE[i % len(PALETTE)]) for i, n in enumerate(left)}
        l_fill = {n: lo for n, (lo, _) in left.items()}
        r_fill = {n: lo for n, (lo, _) in right.items()}
        rorder = {n: i for i, n in enumerate(right)}
        lorder = {n: i for i, n in enumerate(left)}
        x0, x1 = 0.0, 1.0
        for _, r in e.sort_values(by=[source, target], key=lambda s: s.map(lorder if s.name == source else rorder)).iterrows():
            q = float(r[value])
            s, t = r[source], r[target]
            y0 = l_fill[s]
            l_fill[s] += q
            y1 = r_fill[t]
            r_fill[t] += q
            verts = [(x0 + 0.04, y0), (0.5, y0), (0.5, y1), (x1 - 0.04, y1), (x1 - 0.04, y1 + q), (0.5, y1 + q),
                     (0.5, y0 + q), (x0 + 0.04, y0 + q), (x0 + 0.04, y0)]
            codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO, MPath.CURVE4,
                     MPath.CURVE4, MPath.CURVE4, MPath.CLOSEPOLY]
            ax.add_patch(PathPatch(MPath(verts, codes), facecolor=colours[s], alpha=0.45, lw=0))
        for nodes, x, ha, dx in ((left, x0, "right", -0.01), (right, x1 - 0.04, "left", 0.05)):
            for n, (lo, hi) in nodes.items():
                ax.add_patch(Rectangle((x, lo), 0.04, hi - lo, facecolor="#9e9e9e" if n == outside else "#1f4e79"))
                ax.text(x + dx if ha == "right" else x + dx, (lo + hi) / 2,
                        f"{n}  {format_number(hi - lo, 0, thousands=True)}", ha=ha, va="center", fontsize=9)
        for x, head in ((x0 + 0.02, left_title), (x1 - 0.02, right_title)):
            if head:
                ax.text(x, -gap * 0.6, head, ha="center", va="bottom", fontsize=10)  # the bundled CJK font has one weight
        ax.set_xlim(-0.45, 1.45)
        ax.set_ylim(max(max(h for _, h in left.values()), max(h for _, h in right.values())) + gap, -gap * 2.5)
        ax.axis("off")
        if title:
            ax.set_title(title, fontsize=12)
        fig.tight_layout()
    plt.close(fig)
    return fig


__all__ = ["growth_series", "ModelLab", "LmdiLab", "MaterialBalanceLab", "sankey", "Lab"]
