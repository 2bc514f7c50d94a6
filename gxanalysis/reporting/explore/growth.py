"""Growth explorer (增速与贡献): city → county / industry / chain → sub-chain → enterprise → its months.

Every level shows, for the units below it, the level of the indicator, its same-sample base, the increment,
growth (同比), share (占比), contribution (贡献率) and pull (拉动) to the growth of the level above, year to date
(1–N月累计) or in the single month (当月). The figures come from
:func:`gxanalysis.indicators.contribution.contributions` (shares, contributions and pulls from levels, the
identities checked with :func:`~gxanalysis.indicators.contribution.check_identities`),
:func:`gxanalysis.indicators.growth.aggregate_growth` (the growth of the scope),
:func:`gxanalysis.indicators.growth.sample_single_month` (single-month levels of the month's sample) and
:func:`gxanalysis.indicators.growth.ytd_growth` / :func:`~gxanalysis.indicators.growth.single_month_growth`
(an enterprise's months). Nothing is averaged; rates are never added.

Examples
--------
>>> from gxanalysis.reporting.explore.sessions import session
>>> ex = GrowthExplorer(session())
>>> v = ex.view({"period": "2023-04", "dimension": "county"})
>>> v.frame.loc[v.frame["total"], "growth"].round(1).tolist()
[15.1]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from gxanalysis.errors import NotComputable
from gxanalysis.indicators import contribution, growth
from gxanalysis.indicators.display import format_growth, format_number
from gxanalysis.labels import division_label, label
from gxanalysis.periods import Month, Period
from gxanalysis.reporting.explore.core import OUTSIDE, Column, Control, Explorer, ReportLink, Step, View
from gxanalysis.units import convert

MEASURES: dict[str, tuple[str, str]] = {
    "value_added": ("value_added", "value_added_base"),
    "gross_output": ("gross_output", "gross_output_base"),
    "revenue": ("revenue", "revenue_base"),
    "profit": ("profit", "profit_base"),
}
"""Indicators the explorer can show: the year-to-date column and its same-sample base column (万元)."""


class GrowthExplorer(Explorer):
    """Growth, share, contribution and pull, drilled from the city down to an enterprise's months."""

    name = "growth"
    controls = (
        Control("period", "period", lambda e: e.months()),
        Control("scope", "scope", lambda e: [(e.w("scope_ytd"), "ytd"), (e.w("scope_month"), "month")]),
        Control("measure", "measure", lambda e: [(e.w(m), m) for m in MEASURES]),
        Control("dimension", "dimension", lambda e: [(e.w("county"), "county"), (e.w("division"), "division"),
                                                     (e.w("chain"), "chain")], resets_path=True),
    )

    # -- the units of a scope ------------------------------------------------------------------
    def units(self, selection: dict, path: Sequence[Step] = ()) -> tuple[pd.DataFrame, str]:
        """The enterprises of the scope with ``current`` and ``base`` levels (year to date or single month).

        Returns the rows and a note (enterprises left out because their single month cannot be derived).
        """
        sel = self.check(selection)
        month = Month.parse(sel["period"])
        cur, base = MEASURES[sel["measure"]]
        note = ""
        if sel["scope"] == "ytd":
            rows = self.session.rows(month)
            units = rows.assign(current=rows[cur].to_numpy(dtype=float), base=rows[base].to_numpy(dtype=float))
        else:
            key = ("single_month", month, cur, base)
            sm = self.session.memo(key, lambda: growth.sample_single_month(self.session.panel, month,
                                                                           columns=[cur, base]))
            if (sm["single_month_status"] == "not_published").all():
                raise NotComputable(f"{month}: {label('reason', 'not_published', 'en')}",
                                    zh=label("reason", "not_published", "zh"))
            gap = sm["single_month_status"] == "gap"
            if gap.any():
                note = self.t(f"{int(gap.sum())}家企业缺少上月累计数，无法计算当月值，未计入。",
                              f"{int(gap.sum())} enterprises lack last month's figures and are left out.")
            units = self.session.attach(sm[~gap.to_numpy()])
            units = units.assign(current=units[cur].to_numpy(dtype=float), base=units[base].to_numpy(dtype=float))
        for step in path:
            units = _filter(units, step)
        missing = units["current"].isna() | units["base"].isna()
        if missing.any():
            note += self.t(f"{int(missing.sum())}家企业缺少本期或上年同期数据，未计入。",
                           f"{int(missing.sum())} enterprises lack a figure and are left out.")
            units = units[~missing.to_numpy()]
        return units.reset_index(drop=True), note

    # -- views ----------------------------------------------------------------------------------
    def view(self, selection: dict, path: Sequence[Step] = ()) -> View:
        sel = self.check(selection)
        level = path[-1].level if path else "top"
        if level == "enterprise":
            return self._history(sel, path)
        units, note = self.units(sel, path)
        if units.empty:
            raise NotComputable("no enterprise in this scope for the period", zh="本期该范围没有企业数据")
        if level == "top":
            dim = sel["dimension"]
            if dim == "county":
                return self._groups(sel, path, units, "county", "county", {}, note)
            if dim == "division":
                names = {d: division_label(d, self.lang) for d in units["division"].dropna().unique()}
                return self._groups(sel, path, units, "division", "division", names, note)
            units = units.assign(group_id=units["group_id"].astype(object).where(units["group_id"].notna(), OUTSIDE))
            names = {**self.session.group_names(), OUTSIDE: self.w("outside_cluster")}
            order = [*self.session.dataset.chains["group_id"].drop_duplicates(), OUTSIDE]
            return self._groups(sel, path, units, "group_id", "group", names, note, order=order)
        if level == "group":
            order = list(self.session.dataset.chains.loc[self.session.dataset.chains["group_id"] == path[-1].key,
                                                         "chain_id"])
            return self._groups(sel, path, units, "chain_id", "chain", self.session.chain_names(), note,
                                order=order)
        return self._enterprises(sel, path, units, note)

    def _scope_label(self, sel: dict, path: Sequence[Step]) -> str:
        return " › ".join(self.breadcrumb(sel, path))

    def _period_label(self, sel: dict) -> str:
        m = Month.parse(sel["period"])
        p = Period.year_to_date(m) if sel["scope"] == "ytd" else Period.month(m)
        return p.label(self.lang)

    def _summary(self, sel: dict, path: Sequence[Step], units: pd.DataFrame, unit: str) -> tuple[str, Any]:
        agg = growth.aggregate_growth(units, current="current", base="base").loc["total"]
        level = convert(float(agg["current"]), "万元", unit)
        g = format_growth(agg["value"] if agg["status"] == "ok" else None, agg["status"], lang=self.lang)
        measure = self.w(sel["measure"])
        unit_text = label("unit", unit, self.lang)
        text = self.t(f"{self._scope_label(sel, path)}：{self._period_label(sel)}{measure}"
                      f"{format_number(level, 1, thousands=True)}{unit_text}，同比增长{g}%，{int(agg['n_units'])}家企业。",
                      f"{self._scope_label(sel, path)}: {measure}, {self._period_label(sel)}, "
                      f"{format_number(level, 1, thousands=True)} {unit_text}, {g}% year on year, "
                      f"{int(agg['n_units'])} enterprises.")
        return text, agg

    def _columns(self, first: str, unit: str, extra: Sequence[Column] = (), n: bool = True) -> list[Column]:
        u = label("unit", unit, self.lang)
        cols = [Column("label", first, "text"), *extra]
        if n:
            cols.append(Column("n", self.w("n_enterprises"), "int"))
        precision = 1 if unit == "亿元" else 0
        cols += [Column("current", f"{self.w('current')}({u})", precision=precision),
                 Column("base", f"{self.w('base')}({u})", precision=precision),
                 Column("increment", f"{self.w('increment')}({u})", precision=precision),
                 Column("growth", self.w("growth"), "growth", status="growth_status"),
                 Column("share_current", self.w("share")),
                 Column("contribution", self.w("contribution")),
                 Column("pull", self.w("pull"), precision=2)]
        return cols

    def _groups(self, sel: dict, path: Sequence[Step], units: pd.DataFrame, key: str, child: str,
                names: dict, note: str, order: Sequence | None = None) -> View:
        res = contribution.contributions(units, current="current", base="base", group=key, unit="credit_code")
        check = contribution.check_identities(res, tol=1e-6)
        summary, agg = self._summary(sel, path, units, "亿元")
        t = res.table.copy()
        if order is not None:
            t = t.reindex([g for g in order if g in t.index])
        t["n"] = units.groupby(key).size().reindex(t.index).to_numpy()  # one row per enterprise and month
        t["key"] = list(t.index)
        t["label"] = [names.get(g, g) for g in t.index]
        total = {"label": self.w("total"), "key": None, "n": int(agg["n_units"]), "current": res.total_current,
                 "base": res.total_base, "increment": res.total_current - res.total_base,
                 "growth": agg["value"], "growth_status": agg["status"], "share_current": 100.0,
                 "contribution": check.sum_contribution if check.holds else np.nan,
                 "pull": check.sum_pull if check.holds else np.nan}
        frame = pd.concat([pd.DataFrame([total]), t.reset_index(drop=True)], ignore_index=True)
        for c in ("current", "base", "increment"):
            frame[c] = convert(frame[c].astype(float), "万元", "亿元")
        frame["total"] = [True] + [False] * len(t)
        first = {"county": self.w("county"), "division": self.w("division"), "group_id": self.w("chain_group"),
                 "chain_id": self.w("sub_chain")}[key]
        dim_word = first
        ident = (self.t("各组互不重叠且覆盖全部企业：贡献率合计100%，拉动合计等于增速。",
                        "The groups partition the enterprises: contributions add to 100% and pulls to the growth.")
                 if check.holds else self.t("分组不构成划分，贡献率与拉动不可相加。",
                                            "The groups do not partition the enterprises: do not add them."))
        return View(
            title=f"{self._scope_label(sel, path)} · {self._period_label(sel)} · {self.w(sel['measure'])} · {dim_word}",
            summary=summary, columns=self._columns(first, "亿元"), frame=frame, child=child,
            chart_columns=["pull", "growth", "contribution", "share_current", "current"], chart_column="pull",
            sort_column="pull" if order is None else None, descending=True,
            note=" ".join(x for x in (self._definitions(), ident, note) if x),
            unit=self.t("单位：家、亿元、%、百分点", "Unit: enterprises, 100 million yuan, %, pp"),
            report=self._report(sel, path), lang=self.lang)

    def _enterprises(self, sel: dict, path: Sequence[Step], units: pd.DataFrame, note: str) -> View:
        res = contribution.contributions(units.set_index("credit_code"), current="current", base="base")
        check = contribution.check_identities(res, tol=1e-6)
        summary, agg = self._summary(sel, path, units, "亿元")
        t = res.table.join(units.set_index("credit_code")[["name", "county", "division", "chain_name"]])
        t["industry"] = [division_label(d, self.lang) for d in t["division"]]
        t["key"] = list(t.index)
        t["label"] = t["name"]
        t["n"] = 1
        total = {"label": self.w("total"), "key": None, "current": res.total_current, "base": res.total_base,
                 "increment": res.total_current - res.total_base, "growth": agg["value"],
                 "growth_status": agg["status"], "share_current": 100.0,
                 "contribution": check.sum_contribution if check.holds else np.nan,
                 "pull": check.sum_pull if check.holds else np.nan}
        frame = pd.concat([pd.DataFrame([total]), t.reset_index(drop=True)], ignore_index=True)
        frame["total"] = [True] + [False] * len(t)
        extra = [Column("county", self.w("county"), "text"), Column("industry", self.w("division"), "text"),
                 Column("chain_name", self.w("sub_chain"), "text")]
        return View(
            title=f"{self._scope_label(sel, path)} · {self._period_label(sel)} · {self.w(sel['measure'])} · "
                  f"{self.w('enterprise')}",
            summary=summary, columns=self._columns(self.w("enterprise"), "万元", extra, n=False), frame=frame,
            child="enterprise", chart_columns=["pull", "increment", "growth", "contribution", "current"],
            chart_column="pull", sort_column="pull", descending=True,
            note=" ".join(x for x in (self._definitions(), self.t(
                "贡献率、拉动相对于上一级范围（路径最后一级）的增长；从大到小为拉动最大的企业，从小到大为拖累最大的企业。",
                "Contribution and pull to the growth of the scope above (the last level of the path); largest "
                "first lists the enterprises pulling it up, smallest first those dragging it down."), note) if x),
            unit=self.t("单位：万元、%、百分点", "Unit: 10,000 yuan, %, pp"), report=self._report(sel, path),
            lang=self.lang)

    def _history(self, sel: dict, path: Sequence[Step]) -> View:
        code = path[-1].key
        cur, base = MEASURES[sel["measure"]]
        em = self.session.monthly
        rows = em[(em["credit_code"] == code).to_numpy()].sort_values("period")
        if sel["scope"] == "ytd":
            g = growth.ytd_growth(rows, current=cur, base=base)
        else:
            g = growth.single_month_growth(rows, current=cur, base=base, by="credit_code")
        months = [Month.parse(p) for p in g["period"]]
        per = [Period.year_to_date(m) if sel["scope"] == "ytd" else Period.month(m) for m in months]
        frame = pd.DataFrame({"label": [p.label(self.lang) for p in per], "key": None, "total": False,
                              "current": g[cur].to_numpy(dtype=float), "base": g[base].to_numpy(dtype=float),
                              "growth": g["value"].to_numpy(dtype=float), "growth_status": g["status"].to_numpy(),
                              "__order": [m.year * 12 + m.month for m in months]})
        frame["increment"] = frame["current"] - frame["base"]
        u = label("unit", "万元", self.lang)
        cols = [Column("label", self.w("month"), "text"), Column("current", f"{self.w('current')}({u})", precision=0),
                Column("base", f"{self.w('base')}({u})", precision=0),
                Column("increment", f"{self.w('increment')}({u})", precision=0),
                Column("growth", self.w("growth"), "growth", status="growth_status")]
        name = path[-1].label
        return View(title=f"{self._scope_label(sel, path)} · {self.w(sel['measure'])} · {self.w('month_row')}",
                    summary=self.t(f"{name}逐月{self.w(sel['measure'])}及同比增长（{self.w('scope_' + sel['scope'])}）。",
                                   f"{name}: {self.w(sel['measure'])} and growth by month "
                                   f"({self.w('scope_' + sel['scope'])})."),
                    columns=cols, frame=frame, child=None, chart_columns=["growth", "current"],
                    chart_column="growth", chart_kind="line", sort_column="__order", descending=False,
                    note=self.t("1-2月合并发布，当月口径不单列1月、2月。", "January and February are released together."),
                    unit=self.t("单位：万元、%", "Unit: 10,000 yuan, %"), report=self._report(sel, path),
                    lang=self.lang)

    def _definitions(self) -> str:
        return self.t("增速 = Σ本期 ÷ Σ上年同期 − 1（同口径企业）；贡献率 = 增量 ÷ 上一级增量 × 100%；"
                      "拉动 = 增量 ÷ 上一级上年同期 × 100（百分点）；占比为本期水平的比重。",
                      "Growth = Σ current / Σ same-sample base − 1; contribution = increment / the increment of the "
                      "level above × 100; pull = increment / the base of the level above × 100 (pp); share of "
                      "the current level.")

    def _report(self, sel: dict, path: Sequence[Step]) -> ReportLink:
        if sel["dimension"] == "chain":
            gid = next((s.key for s in path if s.level == "group" and s.key != OUTSIDE), "")
            return ReportLink("chain_output", {"group_id": gid})
        return ReportLink("monthly_overview", {})

    def top_label(self, selection: dict) -> str:
        return self.session.dataset.home_city


def _filter(units: pd.DataFrame, step: Step) -> pd.DataFrame:
    if step.level == "county":
        return units[(units["county"] == step.key).to_numpy()]
    if step.level == "division":
        return units[(units["division"] == step.key).to_numpy()]
    if step.level == "group":
        if step.key == OUTSIDE:
            return units[units["chain_id"].isna().to_numpy()]
        return units[(units["group_id"] == step.key).to_numpy()]
    if step.level == "chain":
        return units[(units["chain_id"] == step.key).to_numpy()]
    if step.level == "enterprise":
        return units[(units["credit_code"] == step.key).to_numpy()]
    return units
