"""Charts render Chinese labels with the bundled CJK font and no missing-glyph warnings."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from gxanalysis.reporting.charts import FONT_FAMILY, bar_chart, cjk_font_path, line_chart  # noqa: E402


def test_bundled_font_is_a_real_cjk_font():
    from matplotlib import font_manager

    path = cjk_font_path()
    assert path.is_file() and path.stat().st_size > 1_000_000
    assert font_manager.FontProperties(fname=str(path)).get_name() == FONT_FAMILY


def test_chinese_labels_render_without_missing_glyph_warnings():
    data = pd.Series({"有色金属新材料": 22.4, "化工循环": -3.5, "资源综合利用": 8.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would be raised here
        for fig in (bar_chart(data, title="产业链产值增速（%）", ylabel="增速（%）", highlight="化工循环"),
                    bar_chart(data, title="横向", horizontal=True),
                    line_chart(pd.DataFrame({"累计增速": [1.0, -2.0], "当月增速": [3.0, 4.0]},
                                            index=["2023-02", "2023-03"]), title="走势 −2.0")):
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            assert buf.tell() > 5_000
            texts = [t.get_fontname() for ax in fig.axes for t in [ax.title, *ax.get_xticklabels()]]
            assert FONT_FAMILY in texts
