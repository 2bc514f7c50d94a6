"""The month's account in words (运行简报): Word-ready paragraphs built from the headline figures.

The text is generated from :func:`gxanalysis.summary.headline_figures`: the same display values as
``summary.csv`` and the overview's headline table, so the words can never disagree with the tables. A
figure that could not be computed leaves its sentence out rather than writing "--" into prose.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame([["va_growth_ytd", "金澜市", "2023-01..04", "15.1", "%", "ok"],
...                   ["province_rank", "金澜市", "2023-01..04", "1", "位", "ok"],
...                   ["rank_streak_months", "金澜市", "2022-01..2023-04", "16", "个月", "ok"]],
...                  columns=["indicator", "scope", "period", "value", "unit", "status"])
>>> brief(f, "2023-04")[0]
'2023年1-4月，全市规模以上工业增加值同比增长15.1%，增速居全省第1位，已连续16个月保持全省第一。'
"""

from __future__ import annotations

import pandas as pd

from gxanalysis.indicators.display import format_change_words
from gxanalysis.periods import Month, Period


class _Figures:
    def __init__(self, figures: pd.DataFrame) -> None:
        ok = figures[figures["status"] == "ok"]
        self.values = dict(zip(ok["indicator"], ok["value"], strict=True))

    def __contains__(self, names: object) -> bool:
        wanted = names if isinstance(names, tuple) else (names,)
        return all(n in self.values for n in wanted)

    def __getitem__(self, name: str) -> str:
        return self.values[name]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(parts: list[str], zh: bool) -> str:
    """Clauses joined the way each language writes them: ``甲；乙。`` / ``A; b.``."""
    return "；".join(parts) + "。" if zh else _cap("; ".join(parts)) + "."


def _growth_words(value: str, lang: str) -> str:
    return format_change_words(float(value), 1, lang=lang)


def brief(figures: pd.DataFrame, period: str | Month, lang: str = "zh") -> list[str]:
    """Paragraphs of the monthly account, one per topic, from the headline figures.

    Parameters
    ----------
    figures : pandas.DataFrame
        Output of :func:`gxanalysis.summary.headline_figures` (display values).
    period : str or Month
        The reporting month.
    lang : {"zh", "en"}

    Returns
    -------
    list of str
        Paragraphs in the bureau's customary order: growth and rank, the outlook against the target,
        capacity and monitoring, chains, projects, energy, upgrading, problems and supervision.
    """
    f = _Figures(figures)
    month = Month.parse(period)
    ytd = Period.year_to_date(month)
    zh = lang == "zh"
    out: list[str] = []

    if "va_growth_ytd" in f:
        g = _growth_words(f["va_growth_ytd"], lang)
        if zh:
            s = f"{ytd.label()}，全市规模以上工业增加值同比{g}"
            if "province_rank" in f:
                rank = f["province_rank"]
                s += f"，增速居全省第{rank}位"
                if ("rank_streak_months",) in f and int(f["rank_streak_months"]) > 1:
                    lead = "保持全省第一" if rank == "1" else f"位居全省第{rank}位"
                    s += f"，已连续{f['rank_streak_months']}个月{lead}"
            out.append(s + "。")
        else:
            s = f"In {ytd.label('en')}, above-scale industrial value added was {g} year on year"
            if "province_rank" in f:
                s += f", ranking no. {f['province_rank']} in the province"
                if "rank_streak_months" in f and int(f["rank_streak_months"]) > 1:
                    s += f" for {f['rank_streak_months']} consecutive months"
            out.append(s + ".")

    if ("va_growth_target", "va_growth_required") in f:
        out.append(f"实现全年增长{f['va_growth_target']}%的目标，{month.month + 1}-12月需增长{f['va_growth_required']}%。"
                   if zh else f"To reach the annual target of {f['va_growth_target']}%, the remaining months "
                              f"must grow {f['va_growth_required']}%.")

    parts = []
    if "capacity_attainment_mean" in f:
        parts.append(f"规上工业企业平均达产率{f['capacity_attainment_mean']}%" if zh else
                     f"average capacity attainment was {f['capacity_attainment_mean']}%")
    if ("monitoring_daily", "monitoring_weekly", "monitoring_monthly") in f:
        parts.append(f"{f['monitoring_daily']}户企业未达序时进度、实行日调度，{f['monitoring_weekly']}户骨干企业周调度，"
                     f"其余{f['monitoring_monthly']}户企业月调度" if zh else
                     f"{f['monitoring_daily']} enterprises behind schedule are followed daily, "
                     f"{f['monitoring_weekly']} key enterprises weekly and {f['monitoring_monthly']} monthly")
    if parts:
        out.append(_sentence(parts, zh))

    if ("chain_output", "chain_output_growth") in f:
        out.append(f"“2+4”产业链群完成产值{f['chain_output']}亿元，同比{_growth_words(f['chain_output_growth'], lang)}。"
                   if zh else f"The '2+4' chain cluster produced output worth {f['chain_output']} hundred million "
                              f"yuan, {_growth_words(f['chain_output_growth'], lang)}.")

    if ("key_projects", "start_resume_rate", "investment_completed") in f:
        s = (f"{month.year}年{f['key_projects']}个重点工业项目开复工率{f['start_resume_rate']}%，完成投资"
             f"{f['investment_completed']}亿元" if zh else
             f"Of the {f['key_projects']} key industrial projects, {f['start_resume_rate']}% have started or "
             f"resumed; {f['investment_completed']} hundred million yuan have been invested")
        if "investment_completion_rate" in f:
            s += (f"，完成年度计划的{f['investment_completion_rate']}%" if zh else
                  f", {f['investment_completion_rate']}% of the annual plan")
        out.append(s + ("。" if zh else "."))

    energy = []
    if "energy_intensity_change" in f:
        energy.append(f"{month.year - 1}年规上工业单位增加值能耗（当量值）"
                      f"{_growth_words(f['energy_intensity_change'], lang)}" if zh else
                      f"energy use per unit of value added (calorific equivalent) was "
                      f"{_growth_words(f['energy_intensity_change'], lang)} in {month.year - 1}")
    if "energy_intensity_change_ytd" in f:
        energy.append(f"{ytd.label()}{_growth_words(f['energy_intensity_change_ytd'], lang)}" if zh else
                      f"{_growth_words(f['energy_intensity_change_ytd'], lang)} in {ytd.label('en')}")
    if energy:
        out.append("，".join(energy) + "。" if zh else _cap("; ".join(energy)) + ".")

    up = []
    if ("base_stations_new", "base_stations_total") in f:
        up.append(f"新建5G基站{f['base_stations_new']}个、累计{f['base_stations_total']}个" if zh else
                  f"{f['base_stations_new']} new 5G base stations ({f['base_stations_total']} in all)")
    if "zjtx_provincial_new" in f:
        up.append(f"新认定省级专精特新中小企业{f['zjtx_provincial_new']}家" if zh else
                  f"{f['zjtx_provincial_new']} enterprises recognised as provincial 专精特新 SMEs")
    if up:
        out.append(_sentence(up, zh))

    follow = []
    if ("problems_raised", "problems_closed") in f:
        s = (f"企业反映问题{f['problems_raised']}件、已办结{f['problems_closed']}件" if zh else
             f"{f['problems_closed']} of {f['problems_raised']} problems raised by enterprises are closed")
        if "problem_closure_rate" in f:
            s += f"，办结率{f['problem_closure_rate']}%" if zh else f" ({f['problem_closure_rate']}%)"
        follow.append(s)
    if ("supervision_tasks", "supervision_red", "supervision_yellow", "supervision_blue") in f:
        follow.append(f"{f['supervision_tasks']}项督办任务中红色{f['supervision_red']}项、黄色{f['supervision_yellow']}项、"
                      f"蓝色{f['supervision_blue']}项" if zh else
                      f"of {f['supervision_tasks']} supervised tasks {f['supervision_red']} are red, "
                      f"{f['supervision_yellow']} yellow and {f['supervision_blue']} blue")
    if follow:
        out.append(_sentence(follow, zh))
    return out


def brief_text(figures: pd.DataFrame, period: str | Month, lang: str = "zh") -> str:
    """:func:`brief` as one text: a title line, then one paragraph per line (pastes into Word as is)."""
    month = Month.parse(period)
    title = (f"{Period.year_to_date(month).label()}全市工业经济运行简况" if lang == "zh" else
             f"The industrial economy, {Period.year_to_date(month).label('en')}")
    return "\n\n".join([title, *brief(figures, month, lang)]) + "\n"
