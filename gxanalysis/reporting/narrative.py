"""The month's account in words (运行简况): Word-ready paragraphs built from the headline figures.

The text is generated from the numbers of :func:`gxanalysis.summary.headline_figures` — the same figures as
``summary.csv`` and the overview's tables — and formatted here with the display rules of
:mod:`gxanalysis.indicators.display`; no display string is ever parsed back into a number. A figure that
could not be computed leaves its sentence out rather than writing "--" into prose.

Examples
--------
>>> from gxanalysis.summary import headline_figures
>>> brief(headline_figures("2023-04"))[0]
'2023年1-4月，全市规模以上工业增加值同比增长15.1%，高于全省8.6个百分点，增速居全省第1位，已连续16个月保持全省第一。'
>>> brief(headline_figures("2023-04"))[1]
'要实现全年增长10%的目标，5-12月需增长8.0%。'
"""

from __future__ import annotations

from gxanalysis.indicators.display import format_change_words, format_gap_words, format_number, format_target
from gxanalysis.labels import check_lang
from gxanalysis.periods import Period
from gxanalysis.summary import HeadlineFigures


class _Values:
    """The figures that have a number, by indicator name."""

    def __init__(self, figures: HeadlineFigures) -> None:
        self.figures = figures
        self.values = {f.indicator: f.value for f in figures if f.ok}

    def __contains__(self, names: object) -> bool:
        wanted = names if isinstance(names, tuple) else (names,)
        return all(n in self.values for n in wanted)

    def __getitem__(self, name: str) -> float | int:
        return self.values[name]

    def n(self, name: str, precision: int = 1) -> str:
        """A figure as the text of a number (rounded half-up)."""
        return format_number(self.values[name], precision)

    def i(self, name: str) -> str:
        return format_number(self.values[name], 0)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(parts: list[str], zh: bool) -> str:
    """Clauses joined the way each language writes them: ``甲；乙。`` / ``A; b.``."""
    return "；".join(parts) + "。" if zh else _cap("; ".join(parts)) + "."


def _words(value: float, lang: str, precision: int = 1) -> str:
    return format_change_words(value, precision, lang=lang)


def brief(figures: HeadlineFigures, lang: str = "zh") -> list[str]:
    """Paragraphs of the monthly account, one per topic, from the headline figures.

    Parameters
    ----------
    figures : HeadlineFigures
        Output of :func:`gxanalysis.summary.headline_figures`.
    lang : {"zh", "en"}

    Returns
    -------
    list of str
        Paragraphs in the bureau's customary order: growth and rank, the target, capacity and monitoring,
        chains, projects, energy, upgrading, problems and supervision.
    """
    check_lang(lang)
    f = _Values(figures)
    month = figures.period
    ytd = Period.year_to_date(month)
    zh = lang == "zh"
    out: list[str] = []

    if "va_growth_ytd" in f:
        g = _words(f["va_growth_ytd"], lang)
        if zh:
            s = f"{ytd.label()}，全市规模以上工业增加值同比{g}"
            if "va_growth_vs_province" in f:
                s += f"，{format_gap_words(f['va_growth_vs_province'])}"
            if "province_rank" in f:
                rank = f.i("province_rank")
                s += f"，增速居全省第{rank}位"
                if "rank_streak_months" in f and f["rank_streak_months"] > 1:
                    lead = "保持全省第一" if f["province_rank"] == 1 else f"位居全省第{rank}位"
                    s += f"，已连续{f.i('rank_streak_months')}个月{lead}"
            out.append(s + "。")
        else:
            s = f"In {ytd.label('en')}, above-scale industrial value added was {g} year on year"
            if "va_growth_vs_province" in f:
                s += f", {format_gap_words(f['va_growth_vs_province'], lang='en')}"
            if "province_rank" in f:
                s += f", ranking no. {f.i('province_rank')} in the province"
                if "rank_streak_months" in f and f["rank_streak_months"] > 1:
                    s += f" for {f.i('rank_streak_months')} consecutive months"
            out.append(s + ".")

    if ("va_growth_target", "va_growth_required") in f:
        target = format_target(f["va_growth_target"])
        req = f["va_growth_required"]
        rest = Period(month.year, month.month + 1, 12)
        rest_zh = f"{rest.first}-12月" if rest.first < 12 else "12月"
        if req > 0:
            out.append(f"要实现全年增长{target}%的目标，{rest_zh}需增长{f.n('va_growth_required')}%。" if zh else
                       f"To reach the annual target of {target}% growth, {rest.label('en')} must grow "
                       f"{f.n('va_growth_required')}%.")
        else:
            out.append(f"按目前进度，{rest_zh}即使{_words(req, lang)}，也可实现全年增长{target}%的目标。" if zh else
                       f"At the present pace the annual target of {target}% is reached even if {rest.label('en')} "
                       f"is {_words(req, lang)}.")

    parts = []
    if "capacity_attainment_mean" in f:
        parts.append(f"规上工业企业平均达产率{f.n('capacity_attainment_mean')}%" if zh else
                     f"average capacity attainment was {f.n('capacity_attainment_mean')}%")
    if ("monitoring_daily", "monitoring_weekly", "monitoring_monthly") in f:
        d, w, m = f.i("monitoring_daily"), f.i("monitoring_weekly"), f.i("monitoring_monthly")
        parts.append(f"{d}户企业未达序时进度、实行日调度，{w}户骨干企业周调度，其余{m}户企业月调度" if zh else
                     f"{d} enterprises behind schedule are followed daily, {w} key enterprises weekly and {m} "
                     "monthly")
    if parts:
        out.append(_sentence(parts, zh))

    if ("chain_output", "chain_output_growth") in f:
        out.append(f"“2+4”产业链群完成产值{f.n('chain_output')}亿元，同比{_words(f['chain_output_growth'], lang)}。"
                   if zh else f"The '2+4' chain cluster produced output worth {f.n('chain_output')} hundred "
                              f"million yuan, {_words(f['chain_output_growth'], lang)} year on year.")

    if ("key_projects", "start_resume_rate", "investment_completed") in f:
        s = (f"{month.year}年{f.i('key_projects')}个重点工业项目开复工率{f.n('start_resume_rate')}%，完成投资"
             f"{f.n('investment_completed')}亿元" if zh else
             f"Of the {f.i('key_projects')} key industrial projects of {month.year}, "
             f"{f.n('start_resume_rate')}% have started or resumed; {f.n('investment_completed')} hundred "
             "million yuan have been invested")
        if "investment_completion_rate" in f:
            s += (f"，完成年度计划的{f.n('investment_completion_rate')}%" if zh else
                  f", {f.n('investment_completion_rate')}% of the annual plan")
        out.append(s + ("。" if zh else "."))

    energy = []
    if "energy_intensity_change" in f:
        year = figures["energy_intensity_change"].period
        energy.append(f"{year}年规上工业单位增加值能耗（当量值）{_words(f['energy_intensity_change'], lang)}" if zh else
                      f"energy use per unit of value added (equivalent value) was "
                      f"{_words(f['energy_intensity_change'], lang)} in {year}")
    if "energy_intensity_change_ytd" in f and month.month != 12:
        energy.append(f"{ytd.label()}{_words(f['energy_intensity_change_ytd'], lang)}" if zh else
                      f"{_words(f['energy_intensity_change_ytd'], lang)} in {ytd.label('en')}")
    if energy:
        out.append("，".join(energy) + "。" if zh else _cap("; ".join(energy)) + ".")

    up = []
    if ("base_stations_new", "base_stations_total") in f:
        up.append(f"新建5G基站{f.i('base_stations_new')}个、累计{f.i('base_stations_total')}个" if zh else
                  f"{f.i('base_stations_new')} new 5G base stations ({f.i('base_stations_total')} in all)")
    if "zjtx_provincial_new" in f and f["zjtx_provincial_new"] > 0:
        up.append(f"新认定省级专精特新中小企业{f.i('zjtx_provincial_new')}家" if zh else
                  f"{f.i('zjtx_provincial_new')} enterprises recognised as provincial specialised and "
                  "innovative SMEs")
    if up:
        out.append(_sentence(up, zh))

    follow = []
    if ("problems_raised", "problems_closed", "problem_closure_rate") in f:
        follow.append(f"企业反映问题{f.i('problems_raised')}件、已办结{f.i('problems_closed')}件，"
                      f"办结率{f.n('problem_closure_rate')}%" if zh else
                      f"{f.i('problems_closed')} of {f.i('problems_raised')} problems raised by enterprises are "
                      f"closed ({f.n('problem_closure_rate')}%)")
    if ("supervision_tasks", "supervision_red", "supervision_yellow", "supervision_blue") in f \
            and f["supervision_tasks"] > 0:
        follow.append(f"{f.i('supervision_tasks')}项督办任务中红色{f.i('supervision_red')}项、"
                      f"黄色{f.i('supervision_yellow')}项、蓝色{f.i('supervision_blue')}项" if zh else
                      f"of {f.i('supervision_tasks')} supervised tasks {f.i('supervision_red')} are red, "
                      f"{f.i('supervision_yellow')} yellow and {f.i('supervision_blue')} blue")
    if follow:
        out.append(_sentence(follow, zh))
    return out


def brief_text(figures: HeadlineFigures, lang: str = "zh") -> str:
    """:func:`brief` as one text: a title line, then one paragraph per line (pastes into Word as is)."""
    ytd = Period.year_to_date(figures.period)
    title = f"{ytd.label()}全市工业经济运行简况" if lang == "zh" else f"The industrial economy, {ytd.label('en')}"
    return "\n\n".join([title, *brief(figures, lang)]) + "\n"
