"""Capacity-and-schedule explorer (达产率与序时进度): who is behind, since when and by how much; 达产率.

* **序时进度** — each enterprise's year-to-date output against its annual target and time progress, its
  schedule class and monitoring cadence (:func:`gxanalysis.indicators.schedule.monitoring_cadence`), by county,
  industry, sub-chain or month; for an enterprise behind, the release since which it has been behind
  (:func:`behind_since`). A group's completion is Σ output ÷ Σ target
  (:func:`~gxanalysis.indicators.schedule.completion_rate` on the group's levels) and its gap to time
  progress :func:`~gxanalysis.indicators.schedule.schedule_gap`.
* **达产率** — :func:`gxanalysis.indicators.capacity.capacity_attainment` (variant A or B) and its average by
  group (:func:`~gxanalysis.indicators.capacity.attainment_by`) or by month
  (:func:`~gxanalysis.indicators.capacity.average_attainment`), and each enterprise's change since the
  previous release (:func:`~gxanalysis.indicators.growth.pp_change`): who pulled the average down.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gxanalysis.errors import NotComputable
from gxanalysis.indicators import capacity, growth, schedule
from gxanalysis.labels import division_label, label
from gxanalysis.periods import Month, Period, release_months, time_progress
from gxanalysis.reporting.explore.core import Column, Control, Explorer, ReportLink, Step, View

BEHIND = ("behind", "seriously_behind")


# --------------------------------------------------------------------------------------------------
# a figure that is not yet in gxanalysis.indicators
# --------------------------------------------------------------------------------------------------
def behind_since(schedules: dict[Month, pd.Series], month: Month) -> pd.DataFrame:
    """Since which release each enterprise behind schedule at ``month`` has been behind, in a row.

    .. math:: \\text{since}_i = \\min\\{m_k : i \\text{ behind at } m_k, m_{k+1}, \\dots, m_N\\}

    over the releases of ``month``'s year up to ``month`` (1–2月 is one release; targets are annual, so a
    streak never crosses a year end). Behind = schedule class ``behind`` or ``seriously_behind``
    (:func:`gxanalysis.indicators.schedule.classify_schedule`).

    Parameters
    ----------
    schedules : dict
        Month → schedule class by credit code (the ``schedule`` column of
        :func:`~gxanalysis.indicators.schedule.monitoring_cadence`'s table), for the releases of the year.
    month : Month

    Returns
    -------
    DataFrame
        Indexed by the credit codes behind at ``month``: ``since`` (Month) and ``releases`` (int).

    Examples
    --------
    >>> s = {Month(2023, 2): pd.Series({"a": "behind", "b": "ahead"}),
    ...      Month(2023, 3): pd.Series({"a": "behind", "b": "behind"}),
    ...      Month(2023, 4): pd.Series({"a": "seriously_behind", "b": "behind"})}
    >>> r = behind_since(s, Month(2023, 4))
    >>> [str(m) for m in r["since"]], r["releases"].tolist()
    (['2023-02', '2023-03'], [3, 2])
    """
    months = sorted(m for m in schedules if m.year == month.year and m <= month)
    if not months or months[-1] != month:
        raise NotComputable(f"no schedule for {month}", zh=f"{month}没有序时进度数据")
    now = schedules[month]
    codes = now.index[now.isin(BEHIND).to_numpy()]
    # behind[i, k]: enterprise i behind at the k-th release counted back from ``month`` (k = 0 is ``month``)
    behind = np.column_stack([schedules[m].reindex(codes).isin(BEHIND).to_numpy() for m in reversed(months)])
    releases = np.cumprod(behind, axis=1).sum(axis=1).astype(int)
    since = [months[len(months) - r] for r in releases]
    return pd.DataFrame({"since": pd.Series(since, index=codes, dtype=object),
                         "releases": pd.Series(releases, index=codes)}, index=pd.Index(codes, name="credit_code"))


class ScheduleExplorer(Explorer):
    """Who is behind schedule, since when and by how much; 达产率 by group and month and who moved it."""

    name = "schedule"
    controls = (
        Control("period", "period", lambda e: e.months()),
        Control("topic", "topic", lambda e: [(e.w("topic_schedule"), "schedule"),
                                             (e.w("topic_capacity"), "capacity")], resets_path=True),
        Control("dimension", "dimension", lambda e: [(e.w("county"), "county"), (e.w("division"), "division"),
                                                     (e.w("sub_chain"), "chain"), (e.w("month_row"), "month")],
                resets_path=True),
        Control("tolerance", "tolerance", lambda e: [(f"{v:g}", v) for v in (0.0, 1.0, 2.0, 3.0, 5.0)],
                visible=lambda s: s.get("topic") == "schedule"),
        Control("serious", "serious", lambda e: [(f"{v:g}", v) for v in (5.0, 3.0, 10.0)],
                visible=lambda s: s.get("topic") == "schedule"),
        Control("variant", "variant", lambda e: [(e.w("variant_A"), "A"), (e.w("variant_B"), "B")],
                visible=lambda s: s.get("topic") == "capacity"),
        Control("threshold", "threshold", lambda e: [(f"{v:g}", v) for v in (90.0, 80.0, 100.0)],
                visible=lambda s: s.get("topic") == "capacity"),
    )

    # -- indicator calls, cached for the session -------------------------------------------------
    def cadence(self, month: Month, tol: float, serious: float) -> schedule.MonitoringCadence:
        return self.session.memo(("cadence", month, tol, serious), lambda: schedule.monitoring_cadence(
            self.session.enterprises, self.session.panel.at(month), self.session.targets, month, tol=tol,
            serious=serious))

    def attainment(self, month: Month, variant: str) -> pd.DataFrame:
        return self.session.memo(("attainment", month, variant), lambda: capacity.capacity_attainment(
            self.session.enterprises, self.session.panel.at(month), month, variant=variant))

    def _year_months(self, month: Month) -> list[Month]:
        have = set(self.session.months)
        return [m for m in release_months(Month(month.year, 1), month) if m in have]

    def _previous(self, month: Month) -> Month | None:
        earlier = [m for m in self.session.months if m < month]
        return earlier[-1] if earlier else None

    def _group_key(self, dimension: str, codes: pd.Series) -> pd.Series:
        ent = self.session.enterprises
        col = {"county": "county", "division": "division", "chain": "chain_id"}[dimension]
        return pd.Series(ent[col].reindex(codes).to_numpy(), index=codes.index)

    def _group_label(self, dimension: str, key: str) -> str:
        if dimension == "division":
            return division_label(key, self.lang)
        if dimension == "chain":
            return self.session.chain_names().get(key, key)
        return str(key)

    # -- views -----------------------------------------------------------------------------------
    def view(self, selection: dict, path: Sequence[Step] = ()) -> View:
        sel = self.check(selection)
        month = Month.parse(sel["period"])
        level = path[-1].level if path else "top"
        month = Month.parse(next((s.key for s in path if s.level == "month"), str(month)))
        if sel["topic"] == "schedule":
            if level == "top":
                return self._schedule_months(sel, month) if sel["dimension"] == "month" else \
                    self._schedule_groups(sel, month)
            if level == "enterprise":
                return self._schedule_history(sel, path, month)
            return self._schedule_enterprises(sel, path, month)
        if level == "top":
            return self._capacity_months(sel, month) if sel["dimension"] == "month" else \
                self._capacity_groups(sel, month)
        if level == "enterprise":
            return self._capacity_history(sel, path, month)
        return self._capacity_enterprises(sel, path, month)

    def _scope(self, sel: dict, path: Sequence[Step]) -> str:
        return " › ".join(self.breadcrumb(sel, path))

    def _ytd(self, month: Month) -> str:
        return Period.year_to_date(month).label(self.lang)

    # ---- schedule ----
    def _schedule_table(self, sel: dict, month: Month) -> pd.DataFrame:
        cad = self.cadence(month, sel["tolerance"], sel["serious"])
        return cad.table.set_index("credit_code", drop=False)

    def _schedule_aggregate(self, t: pd.DataFrame, month: Month) -> dict:
        has = t[t["schedule"].isin(["ahead", "on_track", *BEHIND])]
        done, target = float(has["actual"].sum()), float(has["target"].sum())
        completion = schedule.completion_rate(done, target) if target > 0 else np.nan
        return {"n": len(t), "n_target": len(has), "behind": int(t["schedule"].isin(BEHIND).sum()),
                "seriously_behind": int((t["schedule"] == "seriously_behind").sum()),
                "daily": int((t["cadence"] == "daily").sum()), "weekly": int((t["cadence"] == "weekly").sum()),
                "target": target, "actual": done, "completion": completion,
                "time_progress": time_progress(month),
                "gap": schedule.schedule_gap(completion, month) if np.isfinite(completion) else np.nan}

    def _schedule_columns(self, first: str) -> list[Column]:
        return [Column("label", first, "text"), Column("n", self.w("n_enterprises"), "int"),
                Column("behind", self.w("behind"), "int"), Column("seriously_behind", self.w("seriously_behind"), "int"),
                Column("daily", self.w("daily"), "int"), Column("weekly", self.w("weekly"), "int"),
                Column("completion", self.w("completion")), Column("time_progress", self.w("time_progress")),
                Column("gap", self.w("gap"))]

    def _schedule_note(self) -> str:
        return self.t("完成率 = Σ累计产值 ÷ Σ年度目标 × 100%（有目标的企业）；进度差 = 完成率 − 序时进度；"
                      "低于序时进度的企业日调度，其他骨干企业周调度，其余月调度。",
                      "Completion = Σ output to date / Σ annual targets × 100 (enterprises with a target); gap = "
                      "completion − time progress; enterprises behind are followed daily, other key enterprises "
                      "weekly, the others monthly.")

    def _schedule_groups(self, sel: dict, month: Month) -> View:
        t = self._schedule_table(sel, month)
        key = self._group_key(sel["dimension"], t["credit_code"])
        rows = [{"label": self.w("total"), "key": None, "total": True, **self._schedule_aggregate(t, month)}]
        for g, sub in t.groupby(key.to_numpy(), sort=True):
            rows.append({"label": self._group_label(sel["dimension"], g), "key": g, "total": False,
                         **self._schedule_aggregate(sub, month)})
        frame = pd.DataFrame(rows)
        first = {"county": self.w("county"), "division": self.w("division"), "chain": self.w("sub_chain")}[sel["dimension"]]
        tot = rows[0]
        return View(title=f"{self._scope(sel, ())} · {self._ytd(month)} · {self.w('topic_schedule')} · {first}",
                    summary=self._schedule_summary(tot, month), columns=self._schedule_columns(first), frame=frame,
                    child=sel["dimension"], chart_columns=["behind", "gap", "completion", "daily"],
                    chart_column="behind", sort_column="behind", descending=True, note=self._schedule_note(),
                    unit=self.t("单位：家、%、百分点", "Unit: enterprises, %, pp"), report=self._report(sel),
                    lang=self.lang)

    def _schedule_summary(self, tot: dict, month: Month) -> str:
        from gxanalysis.indicators.display import format_number

        return self.t(f"{self._ytd(month)}：{tot['n']}家企业中{tot['behind']}家低于序时进度（其中严重滞后{tot['seriously_behind']}家），"
                      f"日调度{tot['daily']}家、周调度{tot['weekly']}家；序时进度{format_number(tot['time_progress'])}%。",
                      f"{self._ytd(month)}: {tot['behind']} of {tot['n']} enterprises behind schedule "
                      f"({tot['seriously_behind']} seriously), {tot['daily']} followed daily and {tot['weekly']} "
                      f"weekly; time progress {format_number(tot['time_progress'])}%.")

    def _schedule_months(self, sel: dict, month: Month) -> View:
        rows = []
        for m in self._year_months(month):
            t = self._schedule_table(sel, m)
            rows.append({"label": Period.year_to_date(m).label(self.lang), "key": str(m), "total": False,
                         "__order": m.year * 12 + m.month, **self._schedule_aggregate(t, m)})
        frame = pd.DataFrame(rows)
        first = self.w("month")
        return View(title=f"{self._scope(sel, ())} · {month.year} · {self.w('topic_schedule')} · {self.w('month_row')}",
                    summary=self._schedule_summary(rows[-1], month), columns=self._schedule_columns(first),
                    frame=frame, child="month", chart_columns=["behind", "gap", "completion", "daily"],
                    chart_column="behind", chart_kind="line", sort_column="__order", descending=False,
                    note=self._schedule_note(), unit=self.t("单位：家、%、百分点", "Unit: enterprises, %, pp"),
                    report=self._report(sel), lang=self.lang)

    def _schedule_enterprises(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        t = self._schedule_table(sel, month)
        step = path[-1]
        if step.level != "month":
            key = self._group_key(step.level, t["credit_code"])
            t = t[(key == step.key).to_numpy()]
        schedules = {m: self._schedule_table(sel, m)["schedule"] for m in self._year_months(month)}
        since = behind_since(schedules, month)
        ent = self.session.enterprises.reindex(t["credit_code"])
        frame = pd.DataFrame({
            "label": t["name"].to_numpy(), "key": t["credit_code"].to_numpy(), "total": False,
            "county": ent["county"].to_numpy(),
            "is_key": [self.w("yes") if k else "" for k in t["is_key"]],
            "target": t["target"].to_numpy(dtype=float), "actual": t["actual"].to_numpy(dtype=float),
            "completion": t["completion"].to_numpy(dtype=float), "time_progress": t["time_progress"].to_numpy(dtype=float),
            "gap": t["gap"].to_numpy(dtype=float),
            "schedule_label": [label("schedule", s, self.lang) for s in t["schedule"]],
            "cadence_label": [label("cadence", c, self.lang) for c in t["cadence"]],
            "since": since["since"].map(lambda m: Period.month(m).label(self.lang)).reindex(t["credit_code"])
                     .fillna("").to_numpy(),
            "releases": [f"{int(r)}" if r == r else "" for r in
                         since["releases"].reindex(t["credit_code"]).to_numpy(dtype=float)]})
        u = label("unit", "万元", self.lang)
        cols = [Column("label", self.w("enterprise"), "text"), Column("county", self.w("county"), "text"),
                Column("is_key", self.w("is_key"), "text"), Column("target", f"{self.w('target')}({u})", precision=0),
                Column("actual", f"{self.w('actual')}({u})", precision=0), Column("completion", self.w("completion")),
                Column("time_progress", self.w("time_progress")), Column("gap", self.w("gap")),
                Column("schedule_label", self.w("schedule"), "text"), Column("cadence_label", self.w("cadence"), "text"),
                Column("since", self.w("behind_since"), "text"), Column("releases", self.w("behind_months"), "text")]
        agg = self._schedule_aggregate(t, month)
        return View(title=f"{self._scope(sel, path)} · {self._ytd(month)} · {self.w('topic_schedule')} · "
                          f"{self.w('enterprise')}",
                    summary=self._schedule_summary(agg, month), columns=cols, frame=frame, child="enterprise",
                    chart_columns=["gap", "completion"], chart_column="gap", sort_column="gap", descending=False,
                    note=self._schedule_note() + self.t("“滞后起始”为本年连续低于序时进度的起始期。",
                                                        " 'Behind since': the first release of this year's "
                                                        "unbroken run behind schedule."),
                    unit=self.t("单位：万元、%、百分点", "Unit: 10,000 yuan, %, pp"), report=self._report(sel),
                    lang=self.lang)

    def _mine(self, code) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """One enterprise's directory row, panel rows and targets (its figures depend on nothing else)."""
        ent, em, tg = self.session.enterprises, self.session.monthly, self.session.targets
        return (ent[(ent["credit_code"] == code).to_numpy()], em[(em["credit_code"] == code).to_numpy()],
                tg[(tg["credit_code"] == code).to_numpy()])

    def _schedule_history(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        ent, em, tg = self._mine(path[-1].key)
        rows = []
        for m in self._year_months(month):
            now = em[(em["period"] == pd.Period(str(m), "M")).to_numpy()]
            if now.empty:
                continue
            r = schedule.monitoring_cadence(ent, now, tg, m, tol=sel["tolerance"], serious=sel["serious"]).table.iloc[0]
            rows.append({"label": Period.year_to_date(m).label(self.lang), "key": None, "total": False,
                         "__order": m.year * 12 + m.month, "actual": float(r["actual"]), "target": float(r["target"]),
                         "completion": float(r["completion"]), "time_progress": float(r["time_progress"]),
                         "gap": float(r["gap"]), "schedule_label": label("schedule", r["schedule"], self.lang),
                         "cadence_label": label("cadence", r["cadence"], self.lang)})
        u = label("unit", "万元", self.lang)
        cols = [Column("label", self.w("month"), "text"), Column("actual", f"{self.w('actual')}({u})", precision=0),
                Column("target", f"{self.w('target')}({u})", precision=0), Column("completion", self.w("completion")),
                Column("time_progress", self.w("time_progress")), Column("gap", self.w("gap")),
                Column("schedule_label", self.w("schedule"), "text"), Column("cadence_label", self.w("cadence"), "text")]
        return View(title=f"{self._scope(sel, path)} · {month.year} · {self.w('topic_schedule')} · {self.w('month_row')}",
                    summary=self.t(f"{path[-1].label}本年各期完成率与序时进度。",
                                   f"{path[-1].label}: completion and time progress at each release this year."),
                    columns=cols, frame=pd.DataFrame(rows), child=None, chart_columns=["gap", "completion"],
                    chart_column="gap", chart_kind="line", sort_column="__order", descending=False,
                    note=self._schedule_note(), unit=self.t("单位：万元、%、百分点", "Unit: 10,000 yuan, %, pp"),
                    report=self._report(sel), lang=self.lang)

    # ---- capacity attainment ----
    def _capacity_columns(self, first: str) -> list[Column]:
        return [Column("label", first, "text"), Column("n", self.w("n_enterprises"), "int"),
                Column("mean", self.w("attainment_mean")), Column("below_threshold", self.w("below_threshold"), "int"),
                Column("lowest_name", self.w("lowest"), "text"), Column("lowest", self.w("lowest_rate"))]

    def _capacity_note(self, sel: dict) -> str:
        return self.t(f"达产率口径{sel['variant']}（{self.w('variant_' + sel['variant'])}，按月数折算）；平均达产率为企业达产率的"
                      f"简单平均；低于阈值为达产率低于{sel['threshold']:g}%的企业。",
                      f"Variant {sel['variant']} ({self.w('variant_' + sel['variant'])}, prorated by months); the "
                      f"mean is the simple mean of the enterprises' rates; below threshold = under "
                      f"{sel['threshold']:g}%.")

    def _capacity_groups(self, sel: dict, month: Month) -> View:
        per = self.attainment(month, sel["variant"])
        if sel["dimension"] == "chain":  # attainment_by groups by its `county` column: give it the sub-chain
            ent = self.session.enterprises.reset_index(drop=True).assign(county=self.session.enterprises["chain_id"].to_numpy())
            per = per[member_of(per["credit_code"], ent.loc[ent["county"].notna(), "credit_code"])]
            t = capacity.attainment_by(per, ent.dropna(subset=["county"]), by="county", threshold=sel["threshold"])
        else:
            t = capacity.attainment_by(per, self.session.enterprises.reset_index(drop=True), by=sel["dimension"],
                                       threshold=sel["threshold"])
        frame = t.reset_index().rename(columns={t.index.name or "index": "key"})
        frame["total"] = frame["key"] == "total"
        frame["label"] = [self.w("total") if k == "total" else self._group_label(sel["dimension"], k)
                          for k in frame["key"]]
        frame.loc[frame["total"], "key"] = None
        first = {"county": self.w("county"), "division": self.w("division"), "chain": self.w("sub_chain")}[sel["dimension"]]
        tot = frame[frame["total"]].iloc[0]
        return View(title=f"{self._scope(sel, ())} · {self._ytd(month)} · {self.w('topic_capacity')} · {first}",
                    summary=self._capacity_summary(tot, month), columns=self._capacity_columns(first), frame=frame,
                    child=sel["dimension"], chart_columns=["mean", "below_threshold", "lowest"], chart_column="mean",
                    sort_column="mean", descending=False, note=self._capacity_note(sel),
                    unit=self.t("单位：家、%", "Unit: enterprises, %"), report=self._report(sel), lang=self.lang)

    def _capacity_summary(self, tot: pd.Series | dict, month: Month) -> str:
        from gxanalysis.indicators.display import format_number

        return self.t(f"{self._ytd(month)}：{int(tot['n'])}家有设计产能的企业平均达产率{format_number(tot['mean'])}%，"
                      f"{int(tot['below_threshold'])}家低于阈值。",
                      f"{self._ytd(month)}: mean attainment of the {int(tot['n'])} enterprises with a capacity "
                      f"{format_number(tot['mean'])}%, {int(tot['below_threshold'])} below the threshold.")

    def _capacity_months(self, sel: dict, month: Month) -> View:
        rows, prev_mean = [], np.nan
        earlier = [m for m in self.session.months if m < Month(month.year, 1)]
        months = earlier[-1:] + self._year_months(month)  # last December, then this year's releases
        for m in months:
            per = self.attainment(m, sel["variant"])
            avg = capacity.average_attainment(per)
            ok = per[per["status"] == "ok"]
            mean = np.nan if avg.value is None else avg.value
            rows.append({"label": Period.year_to_date(m).label(self.lang), "key": str(m), "total": False,
                         "__order": m.year * 12 + m.month, "n": avg.n, "mean": mean,
                         "change": growth.pp_change(mean, prev_mean) if np.isfinite(prev_mean) else np.nan,
                         "below_threshold": int((ok["attainment"] < sel["threshold"]).sum())})
            prev_mean = mean
        frame = pd.DataFrame(rows)
        cols = [Column("label", self.w("month"), "text"), Column("n", self.w("n_enterprises"), "int"),
                Column("mean", self.w("attainment_mean")), Column("change", self.w("attainment_change")),
                Column("below_threshold", self.w("below_threshold"), "int")]
        last = rows[-1]
        return View(title=f"{self._scope(sel, ())} · {self.w('topic_capacity')} · {self.w('month_row')}",
                    summary=self._capacity_summary(last, month), columns=cols, frame=frame, child="month",
                    chart_columns=["mean", "change", "below_threshold"], chart_column="mean", chart_kind="line",
                    sort_column="__order", descending=False,
                    note=self._capacity_note(sel) + self.t("点击某月查看该月各企业达产率及较上期变化。",
                                                           " Click a month to see each enterprise's rate and its change."),
                    unit=self.t("单位：家、%、百分点", "Unit: enterprises, %, pp"), report=self._report(sel),
                    lang=self.lang)

    def _capacity_enterprises(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        per = self.attainment(month, sel["variant"]).set_index("credit_code", drop=False)
        step = path[-1]
        if step.level != "month":
            key = self._group_key(step.level, per["credit_code"])
            per = per[(key == step.key).to_numpy()]
        prev_m = self._previous(month)
        prev = self.attainment(prev_m, sel["variant"]).set_index("credit_code") if prev_m else None
        ent = self.session.enterprises.reindex(per["credit_code"])
        previous = prev["attainment"].reindex(per.index).to_numpy(dtype=float) if prev is not None else \
            np.full(len(per), np.nan)
        now = per["attainment"].to_numpy(dtype=float)
        frame = pd.DataFrame({
            "label": per["name"].to_numpy(), "key": per["credit_code"].to_numpy(), "total": False,
            "county": ent["county"].to_numpy(), "industry": [division_label(d, self.lang) for d in ent["division"]],
            "actual": per["actual"].to_numpy(dtype=float), "capacity": per["capacity"].to_numpy(dtype=float),
            "unit": per["unit"].to_numpy(), "attainment": now, "previous": previous,
            "change": growth.pp_change(now, previous)})
        prev_label = Period.year_to_date(prev_m).label(self.lang) if prev_m else "--"
        cols = [Column("label", self.w("enterprise"), "text"), Column("county", self.w("county"), "text"),
                Column("industry", self.w("division"), "text"), Column("actual", self.w("output"), precision=2),
                Column("capacity", self.w("capacity"), precision=2), Column("unit", self.w("unit"), "text"),
                Column("attainment", self.w("attainment")), Column("previous", f"{self.w('attainment')}（{prev_label}）"),
                Column("change", self.w("attainment_change"))]
        avg = capacity.average_attainment(per)
        ok = per[per["status"] == "ok"]
        tot = {"n": avg.n, "mean": np.nan if avg.value is None else avg.value,
               "below_threshold": int((ok["attainment"] < sel["threshold"]).sum())}
        from_month = step.level == "month"
        return View(title=f"{self._scope(sel, path)} · {self._ytd(month)} · {self.w('topic_capacity')} · {self.w('enterprise')}",
                    summary=self._capacity_summary(tot, month), columns=cols, frame=frame, child="enterprise",
                    chart_columns=["change", "attainment"] if from_month else ["attainment", "change"],
                    chart_column="change" if from_month else "attainment",
                    sort_column="change" if from_month else "attainment", descending=False,
                    note=self._capacity_note(sel) + self.t(f"较上期 = 本期达产率 − {prev_label}达产率（百分点）；从小到大为降幅最大的企业。",
                                                           f" vs previous = this release's rate − {prev_label}'s (pp); "
                                                           "smallest first lists the largest falls."),
                    unit=self.t("单位：企业产品计量单位、%、百分点", "Unit: each product's unit, %, pp"),
                    report=self._report(sel), lang=self.lang)

    def _capacity_history(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        ent, em, _ = self._mine(path[-1].key)
        rows = []
        for m in [m for m in self.session.months if m <= month]:
            per = capacity.capacity_attainment(ent, em, m, variant=sel["variant"])
            if per.empty or per["status"].iloc[0] != "ok":
                continue
            r = per.iloc[0]
            rows.append({"label": Period.year_to_date(m).label(self.lang), "key": None, "total": False,
                         "__order": m.year * 12 + m.month, "actual": float(r["actual"]),
                         "capacity": float(r["capacity"]), "attainment": float(r["attainment"])})
        cols = [Column("label", self.w("month"), "text"), Column("actual", self.w("output"), precision=2),
                Column("capacity", self.w("capacity"), precision=2), Column("attainment", self.w("attainment"))]
        return View(title=f"{self._scope(sel, path)} · {self.w('topic_capacity')} · {self.w('month_row')}",
                    summary=self.t(f"{path[-1].label}各期达产率（1-N月累计，按月数折算设计产能）。",
                                   f"{path[-1].label}: attainment at each release (year to date, prorated)."),
                    columns=cols, frame=pd.DataFrame(rows), child=None, chart_columns=["attainment"],
                    chart_column="attainment", chart_kind="line", sort_column="__order", descending=False,
                    note=self._capacity_note(sel), unit=self.t("单位：企业产品计量单位、%", "Unit: each product's unit, %"),
                    report=self._report(sel), lang=self.lang)

    def _report(self, sel: dict) -> ReportLink:
        return ReportLink("monthly_overview", {"capacity_variant": sel["variant"],
                                               "schedule_tolerance_pp": sel["tolerance"],
                                               "seriously_behind_pp": sel["serious"]})


def member_of(values: pd.Series, candidates: pd.Series) -> np.ndarray:
    from gxanalysis.indicators.frames import member

    return member(values, candidates)
