"""The month's account in words is built from the headline figures' numbers and never shows '--' in prose."""

from __future__ import annotations

import dataclasses

import pytest

from gxanalysis.reporting.narrative import brief, brief_text
from gxanalysis.summary import headline_figures


@pytest.fixture(scope="module")
def figures():
    return headline_figures("2023-04")


def test_chinese_brief_carries_the_seed_figures(figures):
    text = brief_text(figures)
    for phrase in ("2023年1-4月全市工业经济运行简况", "同比增长15.1%", "增速居全省第1位", "已连续16个月保持全省第一",
                   "要实现全年增长10%的目标，5-12月需增长8.0%", "平均达产率98.0%", "产值417.9亿元，同比增长22.4%",
                   "开复工率84.0%", "完成投资30.1亿元", "2022年规上工业单位增加值能耗（当量值）下降6.0%",
                   "新建5G基站72个、累计1075个", "办结率100.0%", "19项督办任务中红色3项、黄色4项、蓝色12项",
                   "专精特新中小企业10家"):
        assert phrase in text, phrase
    assert "--" not in text


def test_a_figure_that_cannot_be_computed_drops_its_sentence(figures):
    gone = tuple(dataclasses.replace(f, value=None, status="no_remaining_period")
                 if f.indicator == "va_growth_required" else f for f in figures)
    paragraphs = brief(dataclasses.replace(figures, figures=gone))
    assert not any("需增长" in p for p in paragraphs)
    assert any("同比增长15.1%" in p for p in paragraphs)


def test_december_brief_has_no_target_sentence_and_the_years_energy():
    text = brief_text(headline_figures("2022-12"))
    assert "需增长" not in text and "2022年规上工业单位增加值能耗（当量值）" in text and "--" not in text


def test_english_brief_keeps_its_capitals(figures):
    text = brief_text(figures, "en")
    assert "up 15.1% year on year" in text and "Jan–Apr 2023" in text and "5G" in text
