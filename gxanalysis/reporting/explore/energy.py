"""Energy explorer (能耗与LMDI分解): energy use and intensity by industry, county, chain and enterprise.

Energy on the chosen basis (当量值 or 等价值) is :func:`gxanalysis.indicators.energy.energy_levels`; energy,
share, energy per value added and the change of intensity of any grouping are
:func:`~gxanalysis.indicators.energy.intensity_by` (levels summed by group first), the total
:func:`~gxanalysis.indicators.energy.intensity_figures`. The LMDI view decomposes the change of energy use
between the same period last year and this one (year to date; December for whole years) into activity,
structure and intensity effects with :func:`gxanalysis.indicators.lmdi.lmdi`, the sectors being the groups —
and, one level down, the enterprises of a group.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from gxanalysis.errors import InsufficientDataError, NotComputable, ParameterError
from gxanalysis.indicators import energy, lmdi
from gxanalysis.indicators.display import format_number
from gxanalysis.labels import division_label, label
from gxanalysis.periods import Month, Period
from gxanalysis.reporting.explore.core import OUTSIDE, Column, Control, Explorer, ReportLink, Step, View


class EnergyExplorer(Explorer):
    """Energy intensity and the LMDI decomposition of the change in energy use, drilled to enterprises."""

    name = "energy"
    controls = (
        Control("period", "period", lambda e: e.energy_months()),
        Control("view", "view", lambda e: [(e.w("view_intensity"), "intensity"), (e.w("view_lmdi"), "lmdi")]),
        Control("basis", "basis", lambda e: [(e.w("basis_equivalent"), "equivalent"), (e.w("basis_equal"), "equal")]),
        Control("dimension", "dimension", lambda e: [(e.w("division"), "division"), (e.w("county"), "county"),
                                                     (e.w("sub_chain"), "chain")], resets_path=True),
    )

    def energy_months(self) -> list[tuple[str, str]]:
        em = self.session.dataset.enterprise_monthly
        have = em.loc[em["energy"].notna(), "period"].unique()
        months = sorted(Month.parse(p) for p in have)
        return [(Period.month(m).label(self.lang), str(m)) for m in reversed(months)] or [(self.w("no_rows"), "")]

    def levels(self, month: Month, basis: str) -> pd.DataFrame:
        """The month's enterprises with energy on ``basis`` and their attributes (cached)."""
        def compute() -> pd.DataFrame:
            lv = energy.energy_levels(self.session.panel.at(month), month, basis=basis,
                                      power_coal_rates=self.session.dataset.power_coal_rates)
            lv = self.session.attach(lv)
            lv["chain_key"] = lv["chain_id"].astype(object).where(lv["chain_id"].notna(), OUTSIDE)
            return lv.reset_index(drop=True)
        return self.session.memo(("energy_levels", month, basis), compute)

    def _key(self, dimension: str) -> str:
        return {"division": "division", "county": "county", "chain": "chain_key"}[dimension]

    def _label(self, dimension: str, key) -> str:
        if dimension == "division":
            return division_label(key, self.lang)
        if dimension == "chain":
            return self.w("outside_cluster") if key == OUTSIDE else self.session.chain_names().get(key, key)
        return str(key)

    def view(self, selection: dict, path: Sequence[Step] = ()) -> View:
        sel = self.check(selection)
        if not sel["period"]:
            raise NotComputable("no enterprise energy figures in the data", zh="数据中没有企业能耗数据")
        month = Month.parse(sel["period"])
        lv = self.levels(month, sel["basis"])
        level = path[-1].level if path else "top"
        if level == "enterprise":
            return self._history(sel, path, month)
        for step in path:
            lv = lv[(lv[self._key(step.level)] == step.key).to_numpy()]
        if lv.empty:
            raise NotComputable("no enterprise with energy figures in this scope", zh="该范围没有企业能耗数据")
        key = "credit_code" if path else self._key(sel["dimension"])
        child = "enterprise" if path else sel["dimension"]
        if sel["view"] == "lmdi":
            return self._lmdi(sel, path, month, lv, key, child)
        return self._intensity(sel, path, month, lv, key, child)

    def _scope(self, sel: dict, path: Sequence[Step]) -> str:
        return " › ".join(self.breadcrumb(sel, path))

    def _basis(self, sel: dict) -> str:
        return self.w(f"basis_{sel['basis']}")

    def _first(self, sel: dict, path: Sequence[Step]) -> str:
        if path:
            return self.w("enterprise")
        return {"division": self.w("division"), "county": self.w("county"), "chain": self.w("sub_chain")}[sel["dimension"]]

    def _row_labels(self, sel: dict, path: Sequence[Step], keys, lv: pd.DataFrame) -> list[str]:
        if path:
            names = dict(zip(lv["credit_code"], lv["name"], strict=False))
            return [str(names.get(k, k)) for k in keys]
        return [self._label(sel["dimension"], k) for k in keys]

    def _intensity(self, sel: dict, path: Sequence[Step], month: Month, lv: pd.DataFrame, key: str,
                   child: str) -> View:
        t = energy.intensity_by(lv, key)
        total = energy.intensity_figures(lv)
        frame = t.reset_index().rename(columns={t.index.name or "index": "key"})
        frame["label"] = self._row_labels(sel, path, frame["key"], lv)
        frame["total"] = False
        tot = {"label": self.w("total"), "key": None, "total": True, "n": total.n, "energy_b": total.energy,
               "energy_base_b": total.energy_base, "value_added": total.value_added,
               "value_added_base": total.value_added_base, "share": 100.0, "intensity": total.intensity,
               "energy_growth": total.energy_growth, "va_growth": total.va_growth, "change": total.change}
        frame = pd.concat([pd.DataFrame([tot]), frame], ignore_index=True)
        cols = [Column("label", self._first(sel, path), "text"), Column("n", self.w("n_enterprises"), "int"),
                Column("energy_b", f"{self.w('energy_b')}({label('unit', 'tce', self.lang)})", precision=0),
                Column("share", self.w("share")), Column("intensity", self.w("intensity"), precision=3),
                Column("energy_growth", self.w("energy_growth")), Column("va_growth", self.w("va_growth")),
                Column("change", self.w("intensity_change"))]
        ytd = Period.year_to_date(month).label(self.lang)
        summary = self.t(f"{self._scope(sel, path)}：{ytd}综合能源消费量{format_number(total.energy, 0, thousands=True)}吨标准煤"
                         f"（{self._basis(sel)}），增长{format_number(total.energy_growth)}%；增加值（可比价）增长"
                         f"{format_number(total.va_growth)}%；单位增加值能耗变化{format_number(total.change)}%。",
                         f"{self._scope(sel, path)}: {ytd}, energy use {format_number(total.energy, 0, thousands=True)} "
                         f"tce ({self._basis(sel)}), {format_number(total.energy_growth)}%; value added "
                         f"{format_number(total.va_growth)}%; energy per value added {format_number(total.change)}%.")
        return View(title=f"{self._scope(sel, path)} · {ytd} · {self.w('view_intensity')}（{self._basis(sel)}） · "
                          f"{self._first(sel, path)}",
                    summary=summary, columns=cols, frame=frame, child=child,
                    chart_columns=["change", "energy_b", "share", "intensity"],
                    chart_column="change" if not path else "energy_b", sort_column="energy_b", descending=True,
                    note=self.t("能耗强度变化 = (Σ能耗÷Σ上年同期能耗) ÷ (Σ增加值÷Σ上年同期增加值) − 1，同口径企业、可比价，负值为下降；"
                                "按组先汇总水平值再计算。",
                                "Intensity change = (ΣE / ΣE₀) / (ΣVA / ΣVA₀) − 1 over the same enterprises, comparable "
                                "prices; negative = a fall; levels are summed by group first."),
                    unit=self.t("单位：家、吨标准煤、%、吨标准煤/万元", "Unit: enterprises, tce, %, tce per 10,000 yuan"),
                    report=ReportLink("energy_intensity", {"electricity_basis": sel["basis"]}), lang=self.lang)

    def _lmdi(self, sel: dict, path: Sequence[Step], month: Month, lv: pd.DataFrame, key: str,
              child: str) -> View:
        g = energy.intensity_by(lv, key)
        base = g[["energy_base_b", "value_added_base"]].rename(columns={"energy_base_b": "energy",
                                                                        "value_added_base": "value_added"})
        cur = g[["energy_b", "value_added"]].rename(columns={"energy_b": "energy"})
        try:
            res = lmdi.lmdi(base, cur, energy="energy", activity="value_added")
            residual = res.check(tol=1e-9)
        except ParameterError as exc:
            raise NotComputable(f"LMDI not computable: {exc}", zh=f"无法做LMDI分解：{exc}") from None
        t = res.by_sector.copy()
        t["energy_0"], t["energy_T"] = base["energy"], cur["energy"]
        t["change"] = t["energy_T"] - t["energy_0"]
        t = t.rename(columns={"intensity": "intensity_effect"})
        frame = t.reset_index().rename(columns={t.index.name or "index": "key"})
        frame["label"] = self._row_labels(sel, path, frame["key"], lv)
        frame["total"] = False
        tot = {"label": self.w("total"), "key": None, "total": True, "energy_0": res.value_0, "energy_T": res.value_T,
               "change": res.total, "activity": res.effects["activity"], "structure": res.effects["structure"],
               "intensity_effect": res.effects["intensity"]}
        frame = pd.concat([pd.DataFrame([tot]), frame], ignore_index=True)
        tce = label("unit", "tce", self.lang)
        cols = [Column("label", self._first(sel, path), "text"),
                Column("energy_0", f"{self.w('energy_0')}({tce})", precision=0),
                Column("energy_T", f"{self.w('energy_T')}({tce})", precision=0),
                Column("change", f"{self.w('energy_change')}({tce})", precision=0),
                Column("activity", self.w("activity"), precision=0), Column("structure", self.w("structure"), precision=0),
                Column("intensity_effect", self.w("intensity_effect"), precision=0)]
        ytd = Period.year_to_date(month)
        e = {k: format_number(v, 0, thousands=True) for k, v in res.effects.items()}
        summary = self.t(f"{self._scope(sel, path)}：{ytd.label()}比上年同期能耗变化{format_number(res.total, 0, thousands=True)}"
                         f"吨标准煤 = 规模效应({e['activity']}) + 结构效应({e['structure']}) + 强度效应({e['intensity']})"
                         f"，残差{abs(residual):.1e}。",
                         f"{self._scope(sel, path)}: change of energy use, {ytd.label('en')} vs a year earlier, "
                         f"{format_number(res.total, 0, thousands=True)} tce = activity ({e['activity']}) + structure "
                         f"({e['structure']}) + intensity ({e['intensity']}), residual {abs(residual):.1e}.")
        sectors = self.t("企业" if path else "组别", "enterprises" if path else "groups")
        return View(title=f"{self._scope(sel, path)} · {ytd.label(self.lang)} · {self.w('view_lmdi')}（{self._basis(sel)}） · "
                          f"{self._first(sel, path)}",
                    summary=summary, columns=cols, frame=frame, child=child,
                    chart_columns=["change", "intensity_effect", "structure", "activity"], chart_column="change",
                    sort_column="change", descending=True,
                    note=self.t(f"对数平均迪氏指数法（LMDI-I，加法分解），部门为各{sectors}：规模效应为增加值（可比价）总量变化的影响，"
                                "结构效应为增加值比重变化的影响，强度效应为单位增加值能耗变化的影响；三项之和等于能耗变化。",
                                f"Log-mean Divisia index (LMDI-I, additive), sectors = {sectors}: activity = change of "
                                "total value added (comparable prices), structure = shifts of value-added shares, "
                                "intensity = changes of energy per value added; the three add to the change."),
                    unit=self.t("单位：吨标准煤", "Unit: tce"),
                    report=ReportLink("energy_intensity", {"electricity_basis": sel["basis"]}), lang=self.lang)

    def _history(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        code = path[-1].key
        em = self.session.monthly
        mine = em[(em["credit_code"] == code).to_numpy()]
        rows = []
        for m in [m for m in self.session.months if m <= month]:
            now = mine[(mine["period"] == pd.Period(str(m), "M")).to_numpy()]
            try:  # energy_levels row by row: the enterprise's own rows give its own figures
                lv = energy.energy_levels(now, m, basis=sel["basis"],
                                          power_coal_rates=self.session.dataset.power_coal_rates)
            except InsufficientDataError:  # a month without energy figures (or, 等价值, without a coal rate)
                continue
            f = energy.intensity_figures(lv)
            rows.append({"label": Period.year_to_date(m).label(self.lang), "key": None, "total": False,
                         "__order": m.year * 12 + m.month, "energy_b": f.energy, "value_added": f.value_added,
                         "intensity": f.intensity, "energy_growth": f.energy_growth, "va_growth": f.va_growth,
                         "change": f.change})
        if not rows:
            raise NotComputable("no energy figures for this enterprise", zh="该企业没有能耗数据")
        tce = label("unit", "tce", self.lang)
        cols = [Column("label", self.w("month"), "text"), Column("energy_b", f"{self.w('energy_b')}({tce})", precision=0),
                Column("value_added", f"{self.w('value_added')}({label('unit', '万元', self.lang)})", precision=0),
                Column("intensity", self.w("intensity"), precision=3), Column("energy_growth", self.w("energy_growth")),
                Column("va_growth", self.w("va_growth")), Column("change", self.w("intensity_change"))]
        return View(title=f"{self._scope(sel, path)} · {self.w('view_intensity')}（{self._basis(sel)}） · {self.w('month_row')}",
                    summary=self.t(f"{path[-1].label}各期（1-N月累计）能耗与单位增加值能耗变化。",
                                   f"{path[-1].label}: energy and intensity change at each release (year to date)."),
                    columns=cols, frame=pd.DataFrame(rows), child=None,
                    chart_columns=["change", "intensity", "energy_b"], chart_column="change", chart_kind="line",
                    sort_column="__order", descending=False, note="",
                    unit=self.t("单位：吨标准煤、万元、%", "Unit: tce, 10,000 yuan, %"),
                    report=ReportLink("energy_intensity", {"electricity_basis": sel["basis"]}), lang=self.lang)
