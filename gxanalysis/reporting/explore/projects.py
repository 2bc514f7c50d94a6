"""Projects explorer (重点项目): how far behind are the projects, by county, chain, kind and progress.

By group: the year's projects, annual plan, investment completed, completion rate, time progress and the gap
(:func:`gxanalysis.indicators.projects.investment_completion`), the start-or-resume rate
(:func:`~gxanalysis.indicators.projects.start_rates`, on the chosen denominator) and the number of projects
behind plan (:func:`~gxanalysis.indicators.projects.projects_behind_plan`, on the chosen margin). A click lists
the group's projects, worst first; another shows a project's investment month by month.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gxanalysis.errors import InsufficientDataError, NotComputable
from gxanalysis.indicators import projects
from gxanalysis.indicators.display import format_number
from gxanalysis.indicators.frames import is_missing, member
from gxanalysis.labels import label
from gxanalysis.periods import Month, Period
from gxanalysis.reporting.explore.core import Column, Control, Explorer, ReportLink, Step, View
from gxanalysis.units import convert

NO_CHAIN = "__none__"


class ProjectsExplorer(Explorer):
    """Key projects: starts, investment against plan and time progress, projects behind plan."""

    name = "projects"
    controls = (
        Control("period", "period", lambda e: e.project_months()),
        Control("dimension", "dimension", lambda e: [(e.w("county"), "county"), (e.w("sub_chain"), "chain"),
                                                     (e.w("kind"), "kind"), (e.w("progress"), "status")],
                resets_path=True),
        Control("denominator", "denominator", lambda e: [(e.w("denominator_to_date"), "to_date"),
                                                         (e.w("denominator_annual"), "annual")]),
        Control("margin", "margin", lambda e: [(f"{v:g}", v) for v in (5.0, 0.0, 10.0, 20.0)]),
    )

    def project_months(self) -> list[tuple[str, str]]:
        """Months with project investment figures and a project list of their year, newest first."""
        pm = self.session.dataset.project_monthly
        years = set(pd.to_numeric(self.session.dataset.projects["year"], errors="coerce").dropna().astype(int))
        months = sorted({Month.parse(p) for p in pm["period"].dropna().unique()})
        months = [m for m in months if m.year in years]
        if not months:
            return [(self.w("no_rows"), "")]
        return [(Period.month(m).label(self.lang), str(m)) for m in reversed(months)]

    # -- indicator calls, cached for the session -------------------------------------------------
    def _per_project(self, month: Month, where: tuple[str, object] | None = None) -> pd.DataFrame:
        """Each project's completion, schedule class and progress class (of the group ``where`` only)."""
        ds = self.session.dataset

        def compute() -> pd.DataFrame:
            pl = self._year_list(month)
            pl = pl.assign(chain_key=pl["chain_id"].astype(object).where(pl["chain_id"].notna(), NO_CHAIN))
            if where is not None:
                pl = pl[(pl[where[0]] == where[1]).to_numpy()]
            inv = projects.investment_completion(pl, ds.project_monthly, month, by="project_id")
            # started by ``month``: a property of the project's actual start month, so count by that month
            by_start = projects.start_rates(pl, month, denominator="annual", by="actual_start")
            started = (by_start["new_started"] + by_start["ongoing_resumed"]) > 0
            info = pl.drop_duplicates("project_id").set_index("project_id")
            t = inv.join(info[["name", "county", "chain_id", "chain_key", "kind", "planned_start", "actual_start"]])
            t["started"] = [bool(started.get(a, False)) if not is_missing(a) else False for a in t["actual_start"]]
            t["status_key"] = np.where(t["started"], t["schedule"], "not_started")
            return t
        return self.session.memo(("per_project", month, where), compute)

    def _behind(self, month: Month, margin: float) -> pd.DataFrame:
        ds = self.session.dataset
        return self.session.memo(("behind", month, margin), lambda: projects.projects_behind_plan(
            ds.projects, ds.project_monthly, month, margin=margin))

    def _key_column(self, dimension: str) -> str:
        return {"county": "county", "chain": "chain_key", "kind": "kind", "status": "status_key"}[dimension]

    def _group_label(self, dimension: str, key) -> str:
        if dimension == "chain":
            return self.t("未归属产业链", "no chain") if key == NO_CHAIN else self.session.chain_names().get(key, key)
        if dimension == "kind":
            return label("kind", key, self.lang)
        if dimension == "status":
            return self.w("not_started") if key == "not_started" else label("schedule", key, self.lang)
        return str(key)

    # -- views -----------------------------------------------------------------------------------
    def view(self, selection: dict, path: Sequence[Step] = ()) -> View:
        sel = self.check(selection)
        if not sel["period"]:
            raise NotComputable("no key-project figures in the data", zh="数据中没有重点项目投资数据")
        month = Month.parse(sel["period"])
        level = path[-1].level if path else "top"
        try:
            if level == "top":
                return self._groups(sel, month)
            if level == "project":
                return self._history(sel, path, month)
            return self._projects(sel, path, month)
        except InsufficientDataError as exc:
            raise NotComputable(str(exc), zh=f"{month.year}年没有重点项目清单或投资数据") from None

    def _scope(self, sel: dict, path: Sequence[Step]) -> str:
        return " › ".join(self.breadcrumb(sel, path))

    def _year_list(self, month: Month) -> pd.DataFrame:
        p = self.session.dataset.projects
        return p[(pd.to_numeric(p["year"], errors="coerce") == month.year).to_numpy()]

    def _groups(self, sel: dict, month: Month) -> View:
        ds = self.session.dataset
        behind = self._behind(month, sel["margin"])
        pl = self._year_list(month)
        total_inv = projects.investment_completion(ds.projects, ds.project_monthly, month).loc["total"]
        total_sr = projects.start_rates(ds.projects, month, denominator=sel["denominator"]).loc["total"]
        rows = [self._row(self.w("total"), None, True, total_inv, total_sr, len(behind))]
        if sel["dimension"] == "status":  # a class of each project: the rates from each class's projects
            per = self._per_project(month)
            for g, sub in per.groupby("status_key", sort=True):
                pr = pl[member(pl["project_id"], list(sub.index))]
                inv = projects.investment_completion(pr, ds.project_monthly, month).loc["total"]
                sr = projects.start_rates(pr, month, denominator=sel["denominator"]).loc["total"]
                rows.append(self._row(self._group_label("status", g), g, False, inv, sr,
                                      int(member(behind["project_id"], list(sub.index)).sum())))
        else:
            by = {"county": "county", "chain": "chain_id", "kind": "kind"}[sel["dimension"]]
            projects_in = ds.projects.assign(**{by: ds.projects[by].astype(object).where(ds.projects[by].notna(),
                                                                                          NO_CHAIN)})
            inv = projects.investment_completion(projects_in, ds.project_monthly, month, by=by)
            sr = projects.start_rates(projects_in, month, denominator=sel["denominator"], by=by)
            group_of = dict(zip(pl["project_id"], pl[by].astype(object).where(pl[by].notna(), NO_CHAIN), strict=False))
            n_behind = pd.Series([group_of.get(p) for p in behind["project_id"]], dtype=object).value_counts()
            for g in inv.index:
                rows.append(self._row(self._group_label(sel["dimension"], g), g, False, inv.loc[g], sr.loc[g],
                                      int(n_behind.get(g, 0))))
        frame = pd.DataFrame(rows)
        first = {"county": self.w("county"), "chain": self.w("sub_chain"), "kind": self.w("kind"),
                 "status": self.w("progress")}[sel["dimension"]]
        tot = rows[0]
        return View(title=f"{self._scope(sel, ())} · {Period.year_to_date(month).label(self.lang)} · "
                          f"{self.w('projects_title')} · {first}",
                    summary=self._summary(tot, month), columns=self._group_columns(first), frame=frame,
                    child=sel["dimension"], chart_columns=["gap", "completion_rate", "start_rate", "n_behind"],
                    chart_column="gap", sort_column="gap", descending=False, note=self._note(sel),
                    unit=self.t("单位：个、亿元、%、百分点", "Unit: projects, 100 million yuan, %, pp"),
                    report=self._report(sel), lang=self.lang)

    @staticmethod
    def _row(label_: str, key, total: bool, inv: pd.Series, sr: pd.Series, n_behind: int) -> dict:
        return {"label": label_, "key": key, "total": total, "n_projects": int(inv["n_projects"]),
                "annual_plan": convert(float(inv["annual_plan"]), "万元", "亿元"),
                "completed": convert(float(inv["completed"]), "万元", "亿元"),
                "completion_rate": inv["completion_rate"], "time_progress": inv["time_progress"], "gap": inv["gap"],
                "start_rate": sr["start_or_resume_rate"], "n_behind": n_behind}

    def _group_columns(self, first: str) -> list[Column]:
        yi = label("unit", "亿元", self.lang)
        return [Column("label", first, "text"), Column("n_projects", self.w("n_projects"), "int"),
                Column("annual_plan", f"{self.w('annual_plan')}({yi})"), Column("completed", f"{self.w('completed')}({yi})"),
                Column("completion_rate", self.w("completion_rate")), Column("time_progress", self.w("time_progress")),
                Column("gap", self.w("gap")), Column("start_rate", self.w("start_rate")),
                Column("n_behind", self.w("n_behind"), "int")]

    def _summary(self, tot: dict, month: Month) -> str:
        return self.t(f"{Period.year_to_date(month).label()}：{tot['n_projects']}个项目完成投资{format_number(tot['completed'])}亿元，"
                      f"占年度计划{format_number(tot['completion_rate'])}%，序时进度{format_number(tot['time_progress'])}%，"
                      f"进度差{format_number(tot['gap'])}个百分点；开复工率{format_number(tot['start_rate'])}%，"
                      f"{tot['n_behind']}个项目滞后。",
                      f"{Period.year_to_date(month).label('en')}: {tot['n_projects']} projects invested "
                      f"{format_number(tot['completed'])} (100 million yuan), {format_number(tot['completion_rate'])}% "
                      f"of the annual plan against a time progress of {format_number(tot['time_progress'])}% "
                      f"(gap {format_number(tot['gap'])} pp); start-or-resume rate "
                      f"{format_number(tot['start_rate'])}%, {tot['n_behind']} behind plan.")

    def _note(self, sel: dict) -> str:
        den = self.w(f"denominator_{sel['denominator']}")
        return self.t(f"投资完成率 = Σ本年完成投资 ÷ Σ年度计划投资 × 100%；进度差 = 完成率 − 序时进度；开复工率分母：{den}；"
                      f"滞后项目为完成率低于序时进度{sel['margin']:g}个百分点以上的已到期项目。",
                      f"Completion = Σ invested this year / Σ annual plans × 100; gap = completion − time progress; "
                      f"start-rate denominator: {den}; behind plan = due projects more than {sel['margin']:g} pp "
                      "below time progress.")

    def _projects(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        step = path[-1]
        col = self._key_column(step.level)
        if col == "status_key":
            per = self._per_project(month)
            t = per[(per[col] == step.key).to_numpy()]
        else:
            t = self._per_project(month, (col, step.key))
        behind = set(self._behind(month, sel["margin"])["project_id"])
        frame = pd.DataFrame({
            "label": t["name"].to_numpy(), "key": list(t.index), "total": False, "county": t["county"].to_numpy(),
            "chain": [self._group_label("chain", c) for c in t["chain_key"]],
            "kind": [label("kind", k, self.lang) for k in t["kind"]],
            "planned_start": [Period.month(Month.parse(p)).label(self.lang) for p in t["planned_start"]],
            "actual_start": ["" if is_missing(a) or str(a).strip() == "" else
                             Period.month(Month.parse(a)).label(self.lang) for a in t["actual_start"]],
            "annual_plan": t["annual_plan"].to_numpy(dtype=float), "completed": t["completed"].to_numpy(dtype=float),
            "completion_rate": t["completion_rate"].to_numpy(dtype=float), "gap": t["gap"].to_numpy(dtype=float),
            "status": [self._group_label("status", s) for s in t["status_key"]],
            "behind": [self.w("behind") if p in behind else "" for p in t.index]})
        wan = label("unit", "万元", self.lang)
        cols = [Column("label", self.w("project"), "text"), Column("county", self.w("county"), "text"),
                Column("chain", self.w("sub_chain"), "text"), Column("kind", self.w("kind"), "text"),
                Column("planned_start", self.w("planned_start"), "text"),
                Column("actual_start", self.w("actual_start"), "text"),
                Column("annual_plan", f"{self.w('annual_plan')}({wan})", precision=0),
                Column("completed", f"{self.w('completed')}({wan})", precision=0),
                Column("completion_rate", self.w("completion_rate")), Column("gap", self.w("gap")),
                Column("status", self.w("progress"), "text"), Column("behind", self.w("n_behind"), "text")]
        plan, done = float(t["annual_plan"].sum()), float(t["completed"].sum())
        summary = self.t(f"{step.label}：{len(t)}个项目，年度计划{format_number(convert(plan, '万元', '亿元'))}亿元，"
                         f"完成{format_number(convert(done, '万元', '亿元'))}亿元，{len(behind & set(t.index))}个滞后。",
                         f"{step.label}: {len(t)} projects, annual plan {format_number(convert(plan, '万元', '亿元'))}, "
                         f"invested {format_number(convert(done, '万元', '亿元'))} (100 million yuan), "
                         f"{len(behind & set(t.index))} behind plan.")
        return View(title=f"{self._scope(sel, path)} · {Period.year_to_date(month).label(self.lang)} · {self.w('project')}",
                    summary=summary, columns=cols, frame=frame, child="project",
                    chart_columns=["gap", "completion_rate", "completed"], chart_column="gap", sort_column="gap",
                    descending=False, note=self._note(sel), unit=self.t("单位：万元、%、百分点", "Unit: 10,000 yuan, %, pp"),
                    report=self._report(sel), lang=self.lang)

    def _history(self, sel: dict, path: Sequence[Step], month: Month) -> View:
        ds = self.session.dataset
        pid = path[-1].key
        pl = self._year_list(month)
        pr = pl[(pl["project_id"] == pid).to_numpy()]
        pm = ds.project_monthly[(ds.project_monthly["project_id"] == pid).to_numpy()]
        months = sorted(m for m in {Month.parse(p) for p in pm["period"]} if m.year == month.year and m <= month)
        rows = []
        for m in months:
            r = projects.investment_completion(pr, pm, m).loc["total"]
            rows.append({"label": Period.year_to_date(m).label(self.lang), "key": None, "total": False,
                         "__order": m.year * 12 + m.month, "completed": r["completed"],
                         "completion_rate": r["completion_rate"], "time_progress": r["time_progress"], "gap": r["gap"],
                         "schedule": label("schedule", r["schedule"], self.lang)})
        wan = label("unit", "万元", self.lang)
        cols = [Column("label", self.w("month"), "text"), Column("completed", f"{self.w('completed')}({wan})", precision=0),
                Column("completion_rate", self.w("completion_rate")), Column("time_progress", self.w("time_progress")),
                Column("gap", self.w("gap")), Column("schedule", self.w("schedule"), "text")]
        return View(title=f"{self._scope(sel, path)} · {month.year} · {self.w('month_row')}",
                    summary=self.t(f"{path[-1].label}本年各月累计完成投资、完成率与序时进度。",
                                   f"{path[-1].label}: investment to date, completion and time progress by month."),
                    columns=cols, frame=pd.DataFrame(rows), child=None,
                    chart_columns=["completion_rate", "gap", "completed"], chart_column="completion_rate",
                    chart_kind="line", sort_column="__order", descending=False, note=self._note(sel),
                    unit=self.t("单位：万元、%、百分点", "Unit: 10,000 yuan, %, pp"), report=self._report(sel),
                    lang=self.lang)

    def _report(self, sel: dict) -> ReportLink:
        return ReportLink("investment", {"start_rate_denominator": sel["denominator"],
                                         "behind_margin_pp": sel["margin"]})
