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


def test_html_embeds_a_cjk_font_subset_for_the_characters_it_uses():
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from gxanalysis.reporting.export import embed_cjk_font

    page = embed_cjk_font("<html><head></head><body><table><td>规上工业增加值</td></table></body></html>")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", page).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "规上工业增加值")
    assert ord("铜") not in cmap  # a subset, not the whole 16 MB font
    assert "font-family:'GX CJK'" in page
