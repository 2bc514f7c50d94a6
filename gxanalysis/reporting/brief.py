"""The pack's brief (简报) in the bureau's 经济运行 style: 总体情况, 主要特点, 存在问题 and the annual target,
as a Word document (``简报_<period>.docx``, python-docx) and as plain text (``简报_<period>.txt``).

Every sentence is generated from a computed figure: the headline figures of
:func:`gxanalysis.summary.headline_figures` (those of the previous release too, for the change on the
previous month) and the indicator functions behind the overview's tables
(:func:`~gxanalysis.indicators.growth.month_and_ytd`, :func:`~gxanalysis.indicators.schedule.monitoring_cadence`,
:func:`~gxanalysis.indicators.projects.projects_behind_plan`, :func:`~gxanalysis.indicators.follow_up.rate_tasks`,
:func:`~gxanalysis.indicators.follow_up.problem_closure`). A figure that cannot be computed leaves its
sentence out; no display text is ever read back as a number. Numbers follow the bureau's rules: targets
without trailing zeros ("10%"), growth of 100% or more as 倍, statuses in words (由亏转盈), declines written
as positive numbers (下降3.8%).

Examples
--------
>>> from gxanalysis.data.dataset import load_dataset
>>> from gxanalysis.summary import headline_figures
>>> doc = brief_document(headline_figures("2023-04"), load_dataset())
>>> [s.heading for s in doc.sections]
['一、总体情况', '二、主要特点', '三、存在问题', '四、全年目标测算']
>>> doc.sections[-1].paragraphs[0].text
'要实现全年增长10%的目标，5-12月需增长8.0%。'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gxanalysis.errors import GxError
from gxanalysis.indicators import follow_up, growth, projects, ranking, schedule
from gxanalysis.indicators.display import (
    format_change_words,
    format_gap_words,
    format_growth,
    format_number,
    format_target,
)
from gxanalysis.indicators.frames import MonthIndex
from gxanalysis.labels import STATUSES, check_lang, label
from gxanalysis.periods import Period, date_label, time_progress
from gxanalysis.summary import Figure, HeadlineFigures, growth_change, previous_figures
from gxanalysis.units import convert

_ZH_ORDINALS = "一二三四五六七八九十"


@dataclass
class Paragraph:
    """One paragraph: an optional lead (the numbered sub-heading, bold) and its text."""

    text: str
    lead: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class BriefDocument:
    """The brief as headings and paragraphs, ready for Word or plain text."""

    title: str
    issuer: str
    date: str
    sections: list[Section]
    lang: str = "zh"

    def text(self) -> str:
        """The plain-text version: title, issuer and date, then each heading and its paragraphs."""
        indent = "　　" if self.lang == "zh" else ""
        lines = [self.title, "", f"{self.issuer}{'　' if self.lang == 'zh' else ', '}{self.date}", ""]
        for s in self.sections:
            lines += [s.heading, ""]
            for p in s.paragraphs:
                lines += [indent + p.lead + p.text, ""]
        return "\n".join(lines).rstrip() + "\n"


# -- wording helpers -------------------------------------------------------------------------------------

def _num(f: Figure) -> str:
    """A headline figure as the text of its number: exactly what ``gx summary`` displays."""
    return format_number(f.value, f.precision)


def growth_words(value: Any, status: str = "ok", lang: str = "zh", precision: int = 1) -> str | None:
    """A growth rate in prose by the bureau's rules: 增长4.9%, 下降3.8%, 增长1.2倍 (≥100%), 由亏转盈; None
    when there is neither a number nor a status to say.

    Examples
    --------
    >>> growth_words(4.878), growth_words(-3.77), growth_words(124.0), growth_words(None, "loss_to_profit")
    ('增长4.9%', '下降3.8%', '增长1.2倍', '由亏转盈')
    >>> growth_words(124.0, lang="en"), growth_words(None, "missing")
    ('up 1.2x', None)
    """
    if status not in (None, "ok"):
        text = STATUSES.get(status, {}).get(lang, "")
        return None if not text or text == "--" else text
    if value is None or value != value:
        return None
    if float(value) >= 100:
        return ("增长" if lang == "zh" else "up ") + format_growth(value, "ok", precision, lang=lang)
    return format_change_words(value, precision, lang=lang)


def _pp_words(change: float, lang: str) -> str:
    """A change in percentage points: 提高0.5个百分点 / 回落0.5个百分点 / 持平."""
    text = format_number(abs(change), 1)
    if text == "0.0":
        return "持平" if lang == "zh" else "unchanged"
    if lang == "zh":
        return f"{'提高' if change > 0 else '回落'}{text}个百分点"
    return f"{'up' if change > 0 else 'down'} {text} pp"


def _join(parts: list[str], lang: str) -> str:
    """Clauses as one sentence: ``甲；乙。`` / ``A; b.``"""
    if lang == "zh":
        return "；".join(parts) + "。"
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _names(items: list[tuple[str, float]], lang: str) -> str:
    """Names with how far they are behind: ``甲（落后12.1个百分点）、乙（…）`` / ``A (12.1 pp behind), …``."""
    if lang == "zh":
        return "、".join(f"{n}（落后{format_number(abs(v), 1)}个百分点）" for n, v in items)
    return ", ".join(f"{n} ({format_number(abs(v), 1)} pp behind)" for n, v in items)


# -- the document ----------------------------------------------------------------------------------------

def brief_document(figures: HeadlineFigures, dataset: Any, *, behind_margin_pp: float = 5.0, lang: str = "zh",
                   today: dt.date | None = None, worst: int = 3,
                   previous: HeadlineFigures | None = None) -> BriefDocument:
    """The month's brief from the headline figures and the dataset they were computed from.

    Parameters
    ----------
    figures : HeadlineFigures
        :func:`gxanalysis.summary.headline_figures` of the month (its options are used throughout).
    dataset : Dataset
        The tables behind ``figures``.
    behind_margin_pp : float
        A project is behind plan when its completion is this many pp below time progress (the investment
        report's ``behind_margin_pp``).
    lang : {"zh", "en"}
    today : date, optional
        The date line (default: today, local time).
    worst : int
        How many enterprises and projects the problems name.
    previous : HeadlineFigures, optional
        The previous release's figures (:func:`gxanalysis.summary.previous_figures`; computed when not given).
    """
    check_lang(lang)
    month = figures.period
    city = figures.home_city or dataset.home_city
    ytd = Period.year_to_date(month)
    word = lambda key: label("brief", key, lang)  # noqa: E731
    sections = [Section(word("overall"), _overall(figures, dataset, lang)),
                Section(word("features"), _features(figures, dataset, lang, previous)),
                Section(word("problems"), _problems(figures, dataset, lang, behind_margin_pp, worst)),
                Section(word("target"), _target(figures, lang))]
    sections = [s for s in sections if s.paragraphs]
    for k, s in enumerate(sections):
        s.heading = f"{_ZH_ORDINALS[k]}、{s.heading}" if lang == "zh" else f"{k + 1}. {s.heading}"
    return BriefDocument(title=word("title").format(city=city, period=ytd.label(lang)),
                         issuer=word("issuer").format(city=city),
                         date=date_label(today or dt.date.today(), lang), sections=sections, lang=lang)


def _ok(figures: HeadlineFigures, *names: str) -> bool:
    return all(n in figures and figures[n].ok for n in names)


def _overall(figures: HeadlineFigures, dataset: Any, lang: str) -> list[Paragraph]:
    month = figures.period
    ytd = Period.year_to_date(month)
    zh = lang == "zh"
    parts: list[str] = []
    if _ok(figures, "va_growth_ytd"):
        g = growth_words(figures["va_growth_ytd"].value, lang=lang)
        if zh:
            s = f"{ytd.label()}，全市规模以上工业增加值同比{g}"
            if _ok(figures, "va_growth_vs_province"):
                s += f"，{format_gap_words(figures['va_growth_vs_province'].value, lang=lang)}"
            if _ok(figures, "province_rank"):
                rank = _num(figures["province_rank"])
                s += f"，增速居全省第{rank}位"
                if _ok(figures, "rank_streak_months") and figures["rank_streak_months"].value > 1:
                    lead = "保持全省第一" if figures["province_rank"].value == 1 else f"位居全省第{rank}位"
                    s += f"，已连续{_num(figures['rank_streak_months'])}个月{lead}"
        else:
            s = f"In {ytd.label('en')}, the value added of above-scale industry was {g} year on year"
            if _ok(figures, "va_growth_vs_province"):
                s += f", {format_gap_words(figures['va_growth_vs_province'].value, lang=lang)}"
            if _ok(figures, "province_rank"):
                s += f", ranking no. {_num(figures['province_rank'])} in the province"
                if _ok(figures, "rank_streak_months") and figures["rank_streak_months"].value > 1:
                    s += f" for {_num(figures['rank_streak_months'])} consecutive months"
        parts.append(s)
    panel = MonthIndex(dataset.enterprise_monthly)
    levels = []
    for col, zh_name, en_name, unit_from in (("gross_output", "工业总产值", "gross output", "万元"),
                                             ("revenue", "营业收入", "operating revenue", "万元"),
                                             ("profit", "利润总额", "total profit", "万元")):
        try:
            r = growth.month_and_ytd(panel, month, current=col, base=f"{col}_base")
        except GxError:
            continue
        if r["ytd"] != r["ytd"]:
            continue
        amount = format_number(convert(r["ytd"], unit_from, "亿元"), 1)
        g = growth_words(r["growth"], r["growth_status"], lang)
        if zh:
            levels.append(f"{zh_name}{amount}亿元" + (f"，{'同比' if not levels else ''}{g}" if g else ""))
        else:
            levels.append(f"{en_name} {amount} hundred million yuan" + (f", {g}" if g else ""))
    if levels:
        parts.append(("规上工业完成" if zh else "above-scale industry had ") + ("；" if zh else "; ").join(levels))
    return [Paragraph(" ".join(_join([p], lang) for p in parts) if not zh else "".join(_join([p], lang) for p in parts))
            ] if parts else []


def _short_period(period: Period, lang: str) -> str:
    """A period compared with, as the brief words it: 1-3月, 3月, 上年 (the previous year's 1–12月); the year
    is left out in Chinese when it is the figure's own year (the sentence's subject gives it)."""
    if lang != "zh":
        return period.label("en")
    text = period.label()
    if period.first == 1 and period.last == 12:
        return "上年全年"
    return text.split("年", 1)[1] if "年" in text else text


def _features(figures: HeadlineFigures, dataset: Any, lang: str,
              previous: HeadlineFigures | None) -> list[Paragraph]:
    zh = lang == "zh"
    month = figures.period
    out: list[Paragraph] = []
    n = 0

    def lead(key: str) -> str:
        nonlocal n
        n += 1
        return f"（{_ZH_ORDINALS[n - 1]}）{label('brief', key, lang)}。" if zh else \
            f"({n}) {label('brief', key, lang)}. "

    # (一) growth and rank, with the change on the previous release and the province
    parts = []
    prev = previous if previous is not None else previous_figures(figures, dataset)
    before = Period.year_to_date(prev.period) if prev is not None else None
    month_change = growth_change(figures, prev, "month")
    if month_change.value is not None:
        g = growth_words(month_change.value, lang=lang)
        s = f"{month.month}月当月规上工业增加值{g}" if zh else \
            f"in {Period.month(month).label('en')} alone value added was {g}"
        versus = ranking.versus_province(dataset.city_growth, dataset.province_growth, dataset.home_city, month,
                                         measure="month")
        if versus.gap is not None:
            s += ("，" if zh else ", ") + format_gap_words(versus.gap, lang=lang)
        if month_change.change is not None:
            what = _short_period(month_change.previous_period, lang)
            if zh and month_change.previous_period.first == month_change.previous_period.last:
                what += "当月"
            s += (f"，比{what}{_pp_words(month_change.change, lang)}" if zh else
                  f", {_pp_words(month_change.change, lang)} on {what}")
        parts.append(s)
    ytd_change = growth_change(figures, prev, "ytd")
    if ytd_change.change is not None:
        what = _short_period(ytd_change.previous_period, lang)
        parts.append(f"{Period.year_to_date(month).label().removeprefix(f'{month.year}年')}累计增速比{what}"
                     f"{_pp_words(ytd_change.change, lang)}" if zh else
                     f"growth year to date was {_pp_words(ytd_change.change, lang)} on {what}")
    if prev is not None and _ok(figures, "province_rank_change", "province_rank"):
        c = int(figures["province_rank_change"].value)
        if zh:
            move = "持平" if c == 0 else (f"前移{c}位" if c > 0 else f"后移{-c}位")
            what = _short_period(before, lang)
            parts.append(f"全省位次与{what}{move}" if c == 0 else f"全省位次较{what}{move}")
        else:
            move = "unchanged" if c == 0 else (f"up {c}" if c > 0 else f"down {-c}")
            parts.append(f"the rank in the province was {move} on {_short_period(before, lang)}")
    if parts:
        out.append(Paragraph(_join(parts, lang), lead("growth")))

    # (二) chains
    if _ok(figures, "chain_output"):
        g = growth_words(figures["chain_output_growth"].value, figures["chain_output_growth"].status, lang) \
            if "chain_output_growth" in figures else None
        amount = _num(figures["chain_output"])
        text = (f"“2+4”产业链群完成产值{amount}亿元" + (f"，同比{g}" if g else "") + "。") if zh else \
            (f"The '2+4' chain cluster produced output worth {amount} hundred million yuan"
             + (f", {g} year on year" if g else "") + ".")
        out.append(Paragraph(text, lead("chains")))

    # (三) key projects
    if _ok(figures, "key_projects", "start_resume_rate", "investment_completed"):
        s = (f"{month.year}年{_num(figures['key_projects'])}个重点工业项目开复工率{_num(figures['start_resume_rate'])}%，"
             f"完成投资{_num(figures['investment_completed'])}亿元" if zh else
             f"Of the {_num(figures['key_projects'])} key industrial projects of {month.year}, "
             f"{_num(figures['start_resume_rate'])}% have started or resumed and "
             f"{_num(figures['investment_completed'])} hundred million yuan have been invested")
        if _ok(figures, "investment_completion_rate"):
            s += (f"，完成年度计划的{_num(figures['investment_completion_rate'])}%" if zh else
                  f", {_num(figures['investment_completion_rate'])}% of the annual plan")
        out.append(Paragraph(s + ("。" if zh else "."), lead("projects")))

    # (四) energy
    energy = []
    if _ok(figures, "energy_intensity_change"):
        f = figures["energy_intensity_change"]
        w = format_change_words(f.value, f.precision, lang=lang)
        energy.append(f"{f.period}年规上工业单位增加值能耗（当量值）{w}" if zh else
                      f"energy use per unit of value added (equivalent value) was {w} in {f.period}")
    if _ok(figures, "energy_intensity_change_ytd") and month.month != 12:
        f = figures["energy_intensity_change_ytd"]
        w = format_change_words(f.value, f.precision, lang=lang)
        energy.append(f"{Period.year_to_date(month).label()}{w}" if zh else f"{w} in {Period.year_to_date(month).label('en')}")
    if energy:
        out.append(Paragraph(("，".join(energy) + "。") if zh else _join(energy, lang), lead("energy")))

    # (五) 5G and recognitions
    up = []
    if _ok(figures, "base_stations_new", "base_stations_total"):
        up.append(f"新建5G基站{_num(figures['base_stations_new'])}个、累计{_num(figures['base_stations_total'])}个" if zh
                  else f"{_num(figures['base_stations_new'])} new 5G base stations were built "
                       f"({_num(figures['base_stations_total'])} in all)")
    if _ok(figures, "zjtx_provincial_new") and figures["zjtx_provincial_new"].value > 0:
        up.append(f"新认定省级专精特新中小企业{_num(figures['zjtx_provincial_new'])}家" if zh else
                  f"{_num(figures['zjtx_provincial_new'])} enterprises were recognised as provincial specialised "
                  "and innovative SMEs")
    if up:
        out.append(Paragraph(_join(up, lang), lead("upgrading")))
    return out


def _problems(figures: HeadlineFigures, dataset: Any, lang: str, margin: float, worst: int) -> list[Paragraph]:
    zh = lang == "zh"
    month = figures.period
    opts = figures.options
    out: list[Paragraph] = []
    n = 0
    computed_zero = 0

    def lead(key: str) -> str:
        nonlocal n
        n += 1
        return f"（{_ZH_ORDINALS[n - 1]}）{label('brief', key, lang)}。" if zh else \
            f"({n}) {label('brief', key, lang)}. "

    tp = format_number(time_progress(month), 1)
    # enterprises behind schedule (the daily-monitoring list)
    try:
        cad = schedule.monitoring_cadence(dataset.enterprises, MonthIndex(dataset.enterprise_monthly).at(month),
                                          dataset.enterprise_targets, month, tol=opts.schedule_tolerance_pp,
                                          serious=opts.seriously_behind_pp)
    except GxError:
        cad = None
    if cad is not None:
        t = cad.table
        behind = t[t["schedule"].isin(["behind", "seriously_behind"])].sort_values("gap", kind="stable")
        serious = int((behind["schedule"] == "seriously_behind").sum())
        if len(behind):
            named = [(str(a), float(b)) for a, b in zip(behind["name"], behind["gap"], strict=True)][:worst]
            s = (f"截至{month.month}月末，{len(behind)}家企业产值完成率低于序时进度（{tp}%），已实行日调度，其中{serious}家低于"
                 f"序时进度{format_target(opts.seriously_behind_pp)}个百分点以上；进度差最大的是{_names(named, lang)}。" if zh
                 else f"At the end of {Period.month(month).label('en')}, {len(behind)} enterprises were behind "
                      f"schedule (time progress {tp}%) and are followed daily, {serious} of them more than "
                      f"{format_target(opts.seriously_behind_pp)} pp behind; the largest gaps: {_names(named, lang)}.")
            out.append(Paragraph(s, lead("behind")))
        else:
            computed_zero += 1
    # projects behind plan
    try:
        b = projects.projects_behind_plan(dataset.projects, dataset.project_monthly, month, margin=margin)
    except GxError:
        b = None
    if b is not None:
        if len(b):
            named = [(str(a), float(g)) for a, g in zip(b["name"], b["gap"], strict=True)][:worst]
            share = ""
            if _ok(figures, "key_projects") and figures["key_projects"].value:
                pct = format_number(len(b) / figures["key_projects"].value * 100, 1)
                share = f"，占重点项目的{pct}%" if zh else f" ({pct}% of the key projects)"
            s = (f"{len(b)}个重点项目投资完成率低于序时进度{format_target(margin)}个百分点以上{share}；滞后最多的是"
                 f"{_names(named, lang)}。" if zh else
                 f"{len(b)} key projects were more than {format_target(margin)} pp behind their annual investment "
                 f"plan{share}; the furthest behind: {_names(named, lang)}.")
            out.append(Paragraph(s, lead("projects_behind")))
        else:
            computed_zero += 1
    # red tasks, and problems overdue
    parts = []
    try:
        rated = follow_up.rate_tasks(dataset.supervision_tasks, month.last_day, due_soon_days=opts.due_soon_days)
    except GxError:
        rated = None
    end = f"截至{month.month}月末" if zh else f"at the end of {Period.month(month).label('en')}"
    if rated is not None:
        red = rated[rated["rating"] == "red"]
        yellow = int((rated["rating"] == "yellow").sum())
        if len(red):
            areas = list(dict.fromkeys(str(a) for a in red["area"])) if "area" in red.columns else []
            s = (f"{end}，{len(red)}项督办任务逾期未完成（红色）" + (f"，涉及{'、'.join(areas)}" if areas else "")
                 if zh else f"{end} {len(red)} supervised tasks were overdue (red)"
                 + (f", in {', '.join(areas)}" if areas else ""))
            if yellow:
                s += (f"，另有{yellow}项将在{opts.due_soon_days}天内到期（黄色）" if zh else
                      f", and {yellow} more are due within {opts.due_soon_days} days (yellow)")
            parts.append(s)
    try:
        pc = follow_up.problem_closure(dataset.problems_log, month.last_day).summary.loc["total"]
    except GxError:
        pc = None
    if pc is not None and int(pc["overdue"]) > 0:
        parts.append(f"企业反映问题中{int(pc['overdue'])}件逾期未办结" if zh else
                     f"{int(pc['overdue'])} problems raised by enterprises were open past their due date")
    if parts:
        out.append(Paragraph(_join(parts, lang), lead("tasks")))
    elif rated is not None:
        computed_zero += 1
    if not out and computed_zero == 3:
        out.append(Paragraph("本期没有未达序时进度的企业、投资进度滞后的项目和逾期的督办任务。" if zh else
                             "No enterprise was behind schedule, no project behind plan and no task overdue."))
    return out


def _target(figures: HeadlineFigures, lang: str) -> list[Paragraph]:
    zh = lang == "zh"
    month = figures.period
    if not _ok(figures, "va_growth_target", "va_growth_required"):
        return []
    target = format_target(figures["va_growth_target"].value)
    f = figures["va_growth_required"]
    rest = Period(month.year, month.month + 1, 12)
    rest_zh = f"{rest.first}-12月" if rest.first < 12 else "12月"
    if f.value > 0:
        text = (f"要实现全年增长{target}%的目标，{rest_zh}需增长{_num(f)}%。" if zh else
                f"To reach the annual target of {target}% growth, {rest.label('en')} must grow {_num(f)}%.")
    else:
        w = format_change_words(f.value, f.precision, lang=lang)
        text = (f"按目前进度，{rest_zh}即使{w}，也可实现全年增长{target}%的目标。" if zh else
                f"At the present pace the annual target of {target}% is reached even if {rest.label('en')} is {w}.")
    return [Paragraph(text)]


# -- Word --------------------------------------------------------------------------------------------------

_FONTS = {"zh": {"body": "仿宋", "heading": "黑体", "title": "宋体", "lead": "楷体", "latin": "Times New Roman"},
          "en": {"body": "Times New Roman", "heading": "Arial", "title": "Arial", "lead": "Times New Roman",
                 "latin": "Times New Roman"}}


def _set_font(run_or_style: Any, east_asia: str, latin: str, size: float | None = None,
              bold: bool | None = None) -> None:
    """Set a run's (or style's) Latin and East Asian fonts — Word takes Chinese glyphs from ``w:eastAsia``."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _page_number_footer(section: Any, lang: str) -> None:
    """The page number centred in the footer, as a PAGE field (— 1 —)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = label("brief", "page", lang).split("{page}")
    p.add_run(before)
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    p.add_run(after)


def write_docx(doc: BriefDocument, path: Path) -> Path:
    """Write the brief as a Word document: A4, official-document margins, 黑体 headings, 仿宋 body text
    with a two-character first-line indent, the title in 宋体, page numbers in the footer."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    f = _FONTS[doc.lang]
    d = Document()
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = d.styles["Normal"]
    _set_font(normal, f["body"], f["latin"], 16 if doc.lang == "zh" else 12)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28 if doc.lang == "zh" else 18)
    normal.paragraph_format.space_after = Pt(0)
    heading_style = d.styles["Heading 1"]
    _set_font(heading_style, f["heading"], f["heading"] if doc.lang == "en" else f["latin"],
              16 if doc.lang == "zh" else 13, bold=doc.lang == "en")
    heading_style.font.color.rgb = None
    heading_style.paragraph_format.space_before = Pt(6)
    heading_style.paragraph_format.space_after = Pt(0)
    heading_style.paragraph_format.keep_with_next = True
    d.core_properties.title = doc.title
    d.core_properties.author = doc.issuer

    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(doc.title), f["title"], f["latin"] if doc.lang == "zh" else f["title"],
              22 if doc.lang == "zh" else 16, bold=True)
    title.paragraph_format.space_after = Pt(12)
    dateline = d.add_paragraph()
    dateline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(dateline.add_run(f"{doc.issuer}{'　' if doc.lang == 'zh' else ', '}{doc.date}"), f["lead"], f["latin"],
              16 if doc.lang == "zh" else 11)
    dateline.paragraph_format.space_after = Pt(12)
    for s in doc.sections:
        h = d.add_paragraph(s.heading, style="Heading 1")
        for run in h.runs:
            _set_font(run, f["heading"], f["heading"] if doc.lang == "en" else f["latin"],
                      16 if doc.lang == "zh" else 13, bold=doc.lang == "en")
        for p in s.paragraphs:
            para = d.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(32 if doc.lang == "zh" else 0)
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if p.lead:
                _set_font(para.add_run(p.lead), f["lead"], f["latin"], bold=True)
            para.add_run(p.text)
    _page_number_footer(section, doc.lang)
    d.save(str(path))
    return path


def docx_text(path: Path) -> str:
    """Every paragraph's text of a Word file (python-docx), one per line — what a reader sees."""
    from docx import Document

    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for s in d.sections:
        parts += [p.text for p in s.footer.paragraphs]
    return "\n".join(parts)


__all__ = ["BriefDocument", "Paragraph", "Section", "brief_document", "growth_words", "write_docx", "docx_text"]
