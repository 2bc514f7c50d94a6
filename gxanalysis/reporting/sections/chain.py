"""Sections of the chain-output report (产业链产值分析): the "2+4" industrial-chain cluster and its sub-chains.

Output value (工业总产值, current prices, year to date) and its growth from same-sample levels, by chain group
and sub-chain (细分产业链), with shares, contributions (贡献率) and pulls (拉动) by sub-chain, by county and by
enterprise (INDICATORS.md §1.3, §3); growth against the year's target; the material balance of chain products
(物料平衡, 本地配套率) and the edges of the chain map (产业链图谱) where the data carry material flows.

Every section respects the report parameter ``group_id``: set, the scope is that chain group only.
"""

from __future__ import annotations

import pandas as pd

from gxanalysis.errors import NotComputable, ParameterError, UnitError
from gxanalysis.indicators import chains, contribution, material_balance, targets
from gxanalysis.indicators.display import format_number, sub_item
from gxanalysis.labels import label
from gxanalysis.reporting.context import ReportContext, ReportTable
from gxanalysis.reporting.sections import Col, make_table
from gxanalysis.units import convert


# --------------------------------------------------------------------------------------------------
# scope: the cluster (or one group) and its enterprises in the reporting month
# --------------------------------------------------------------------------------------------------
def _chains(ctx: ReportContext) -> pd.DataFrame:
    """The sub-chains in scope (all, or those of ``group_id``), in the order of the chains table."""
    try:
        return chains.chains_in_scope(ctx.data.chains, ctx.params.group_id)
    except ParameterError as exc:
        raise ParameterError(f"parameter 'group_id': {exc}") from None


def _scope_name(ctx: ReportContext) -> str:
    gid = ctx.params.group_id.strip()
    if not gid:
        return ctx.t("“2+4”产业链群", '"2+4" chain cluster')
    name = _chains(ctx)["group_name"].iloc[0]
    return ctx.t(f"{name}产业链群", f"chain group {name}")


def _now(ctx: ReportContext) -> pd.DataFrame:
    em = ctx.data.enterprise_monthly
    return em[em["period"] == pd.Period(str(ctx.month), "M")]


def cluster_rows(ctx: ReportContext) -> pd.DataFrame:
    """Year-to-date rows of the reporting month for the enterprises of the sub-chains in scope
    (:func:`gxanalysis.indicators.chains.cluster_rows`)."""
    return chains.cluster_rows(_now(ctx), ctx.data.enterprises, ctx.data.chains, ctx.params.group_id)


def _period_title(ctx: ReportContext, zh: str, en: str) -> tuple[str, str]:
    return f"{_scope_name(ctx)}{zh}（{ctx.ytd.label()}）", f"{_scope_name(ctx)}: {en} ({ctx.ytd.label('en')})"


# --------------------------------------------------------------------------------------------------
# sections
# --------------------------------------------------------------------------------------------------
def chain_output(ctx: ReportContext) -> ReportTable:
    """Output value and growth of the cluster, each chain group and, as "#" sub-items, each sub-chain.

    Output value is gross output at current prices, year to date, in 亿元; growth is
    Σ output / Σ same-sample base − 1 over the enterprises of each row (INDICATORS.md §1.3, §1.6);
    the share is of the cluster's output (§3.4).
    """
    frame = chains.chain_output(_now(ctx), ctx.data.enterprises, ctx.data.chains, ctx.params.group_id)
    info = _chains(ctx).set_index("chain_id")
    groups = info.drop_duplicates("group_id").set_index("group_id")["group_name"]
    scope = _scope_name(ctx)
    frame["label"] = [ctx.t(f"{scope}合计", f"Total ({scope})") if k == "total" else
                      groups.get(lab, lab) if k == "group" else sub_item(info.loc[lab, "chain_name"])
                      for lab, k in zip(frame["label"], frame["kind"], strict=True)]
    frame["current_yi"] = convert(frame["current"], "万元", "亿元")
    frame["base_yi"] = convert(frame["base"], "万元", "亿元")
    cols = [Col("label", "产业链", "Chain", "text"), Col("n", "企业数", "Enterprises", "int"),
            Col("current_yi", ctx.ytd.ytd_label() + "产值", "Output " + ctx.ytd.ytd_label("en")),
            Col("base_yi", "上年同期", "Same period last year"),
            Col("growth", "同比增长%", "YoY %", "growth", status_col="growth_status"),
            Col("share", "占比%", "Share %")]
    tz, te = _period_title(ctx, "产值及增速", "output value and growth")
    return make_table(ctx, frame, cols, name="chain_output", title_zh=tz, title_en=te,
                      unit_zh="单位：家、亿元、%", unit_en="Unit: enterprises, 100 million yuan, %",
                      note_zh=f"产值为工业总产值（现价），{ctx.ytd.ytd_label()}；增速按同口径企业上年同期水平值计算"
                              "（Σ产值÷Σ上年同期−1）。“#”为所属链群的细分产业链（其中项），链群合计为各链群之和；"
                              "占比为占链群合计产值的比重。",
                      note_en="Gross output value at current prices, year to date; growth from the same-sample "
                              "levels of the enterprises (Σ output / Σ base − 1). Rows marked '#' are the "
                              "sub-chains of the group above (of which); the total is the sum of the groups; "
                              "share = % of the total's output.")


def chain_contributions(ctx: ReportContext) -> ReportTable:
    """Share (占比), growth, contribution (贡献率) and pull (拉动) of each sub-chain to the cluster's growth.

    .. math:: \\text{contribution}_i = \\Delta V_i / \\Delta V \\times 100, \\quad
              \\text{pull}_i = \\Delta V_i / B \\times 100

    INDICATORS.md §3.1–3.4, from :func:`gxanalysis.indicators.contribution.contributions`; the identities
    Σ contribution = 100 and Σ pull = total growth are checked with
    :func:`~gxanalysis.indicators.contribution.check_identities` and the result is stated in the note.
    """
    rows = cluster_rows(ctx)
    res = contribution.contributions(rows, current="gross_output", base="gross_output_base", group="chain_id",
                                     unit="credit_code")
    check = contribution.check_identities(res, tol=1e-6)
    names = _chains(ctx).set_index("chain_id")
    t = res.table.reindex([c for c in names.index if c in res.table.index]).reset_index()
    t["label"] = [names.loc[c, "chain_name"] for c in t["chain_id"]]
    t["group"] = [names.loc[c, "group_name"] for c in t["chain_id"]]
    total = {"label": ctx.t("合计", "Total"), "group": "", "current": res.total_current, "base": res.total_base,
             "growth": res.total_growth, "growth_status": "ok" if res.total_growth is not None else "missing",
             "share_current": 100.0, "contribution": check.sum_contribution, "pull": check.sum_pull}
    frame = pd.concat([pd.DataFrame([total]), t], ignore_index=True)
    frame["current_yi"] = convert(frame["current"], "万元", "亿元")
    frame["increment_yi"] = convert(frame["current"] - frame["base"], "万元", "亿元")
    cols = [Col("label", "细分产业链", "Sub-chain", "text"), Col("group", "所属链群", "Group", "text"),
            Col("current_yi", "产值", "Output"), Col("share_current", "占比%", "Share %"),
            Col("increment_yi", "增量", "Increment"),
            Col("growth", "同比增长%", "YoY %", "growth", status_col="growth_status"),
            Col("contribution", "贡献率%", "Contribution %"), Col("pull", "拉动(百分点)", "Pull (pp)", precision=2)]
    if check.holds:
        nz = (f"{len(t)}条细分产业链互不重叠且覆盖链群全部{rows['credit_code'].nunique()}家企业（划分），"
              f"已核验：贡献率合计100%，拉动合计等于链群增速{format_number(res.total_growth)}%。")
        ne = (f"The {len(t)} sub-chains partition the {rows['credit_code'].nunique()} enterprises (no overlap, "
              f"none left out); checked: contributions add to 100% and pulls to the growth of "
              f"{format_number(res.total_growth)}%.")
    else:
        nz = f"各细分产业链不构成划分或恒等式不成立，贡献率与拉动不可相加：{check.message}"
        ne = f"The sub-chains do not partition the cluster or an identity fails; do not add them: {check.message}"
    tz, te = _period_title(ctx, "各细分产业链贡献率与拉动", "contribution and pull by sub-chain")
    return make_table(ctx, frame, cols, name="chain_contributions", title_zh=tz, title_en=te,
                      unit_zh="单位：亿元、%、百分点", unit_en="Unit: 100 million yuan, %, pp",
                      note_zh="贡献率 = 细分产业链产值增量 ÷ 链群产值增量 × 100%；拉动 = 增量 ÷ 链群上年同期产值 × 100"
                              "（百分点）；占比为现价产值比重。产值为现价，贡献率、拉动按现价产值计算。" + nz,
                      note_en="Contribution = the sub-chain's increment ÷ the cluster's increment × 100; pull = "
                              "increment ÷ the cluster's base × 100 (pp); share of current-price output. Output "
                              "is at current prices, so are contributions and pulls. " + ne)


def top_movers(ctx: ReportContext) -> ReportTable:
    """The ``top_n`` enterprises that raised the cluster's growth most, and the ``top_n`` that lowered it most.

    Enterprise-level contributions and pulls (INDICATORS.md §3.1, §3.3): every enterprise is its own group;
    a new plant (base 0) pulls by its whole output.
    """
    rows = cluster_rows(ctx)
    res = contribution.contributions(rows.set_index("credit_code"), current="gross_output",
                                     base="gross_output_base")
    t = res.table.join(rows.set_index("credit_code")[["name", "chain_name", "county"]])
    n = ctx.params.top_n
    up = t[t["increment"] > 0].sort_values("increment", ascending=False, kind="stable").head(n)
    down = t[t["increment"] < 0].sort_values("increment", kind="stable").head(n)
    up = up.assign(direction=ctx.t("拉动", "up"), rank=range(1, len(up) + 1))
    down = down.assign(direction=ctx.t("拖累", "down"), rank=range(1, len(down) + 1))
    frame = pd.concat([up, down])
    cols = [Col("direction", "方向", "Direction", "text"), Col("rank", "位次", "Rank", "int"),
            Col("name", "企业名称", "Enterprise", "text"), Col("chain_name", "细分产业链", "Sub-chain", "text"),
            Col("county", "县区", "County", "text"), Col("current", "产值", "Output", precision=0),
            Col("increment", "增量", "Increment", precision=0),
            Col("growth", "同比增长%", "YoY %", "growth", status_col="growth_status"),
            Col("contribution", "贡献率%", "Contribution %"), Col("pull", "拉动(百分点)", "Pull (pp)", precision=2)]
    tz, te = _period_title(ctx, f"产值增量前{n}位和后{n}位企业", f"top {n} enterprises up and down")
    return make_table(ctx, frame, cols, name="chain_top_movers", title_zh=tz, title_en=te,
                      unit_zh="单位：万元、%、百分点", unit_en="Unit: 10,000 yuan, %, pp",
                      note_zh=f"按企业产值增量排序：正增量最大的{n}家（拉动）和负增量最大的{n}家（拖累）。"
                              f"拉动 = 企业产值增量 ÷ 链群上年同期产值 × 100；链群增速{format_number(res.total_growth)}%。"
                              "新投产企业上年同期为0，增速显示为“新增”。",
                      note_en=f"Ranked by increment of output: the {n} largest rises (up) and the {n} largest "
                              f"falls (down). Pull = the enterprise's increment ÷ the cluster's base × 100; "
                              f"cluster growth {format_number(res.total_growth)}%. New plants have base 0 ('new').")


def county_output(ctx: ReportContext) -> ReportTable:
    """Output value, growth, share, contribution and pull of the cluster's enterprises by county (县区)."""
    rows = cluster_rows(ctx)
    res = contribution.contributions(rows, current="gross_output", base="gross_output_base", group="county",
                                     unit="credit_code")
    check = contribution.check_identities(res, tol=1e-6)
    n = rows.groupby("county")["credit_code"].nunique()
    t = res.table.sort_values("current", ascending=False).reset_index()
    t["n"] = t["county"].map(n)
    total = {"county": ctx.t("合计", "Total"), "n": rows["credit_code"].nunique(), "current": res.total_current,
             "base": res.total_base, "growth": res.total_growth,
             "growth_status": "ok" if res.total_growth is not None else "missing", "share_current": 100.0,
             "contribution": check.sum_contribution, "pull": check.sum_pull}
    frame = pd.concat([pd.DataFrame([total]), t], ignore_index=True)
    frame["current_yi"] = convert(frame["current"], "万元", "亿元")
    cols = [Col("county", "县区", "County", "text"), Col("n", "企业数", "Enterprises", "int"),
            Col("current_yi", "产值", "Output"), Col("share_current", "占比%", "Share %"),
            Col("growth", "同比增长%", "YoY %", "growth", status_col="growth_status"),
            Col("contribution", "贡献率%", "Contribution %"), Col("pull", "拉动(百分点)", "Pull (pp)", precision=2)]
    tz, te = _period_title(ctx, "分县区产值及增速", "output by county")
    return make_table(ctx, frame, cols, name="chain_by_county", title_zh=tz, title_en=te,
                      unit_zh="单位：家、亿元、%、百分点", unit_en="Unit: enterprises, 100 million yuan, %, pp",
                      note_zh="按企业所在县区汇总；各县区构成划分，贡献率合计100%，拉动合计等于链群增速。"
                      if check.holds else f"按企业所在县区汇总。{check.message}",
                      note_en="By the county of each enterprise; the counties partition the cluster: contributions "
                              "add to 100% and pulls to the growth." if check.holds else
                              f"By the county of each enterprise. {check.message}")


def growth_by_chain(ctx: ReportContext) -> ReportTable:
    """Growth of each sub-chain against the year's growth target, with a bar chart (charts.bar_chart).

    The target of a sub-chain is its own ``chain_output_growth`` target in ``targets`` if there is one, else
    its group's, else the city's (the cluster's).
    """
    from gxanalysis.reporting.charts import bar_chart

    frame = chains.chain_growth_vs_target(_now(ctx), ctx.data.enterprises, ctx.data.chains, ctx.data.targets,
                                          ctx.month.year, ctx.params.group_id)
    city_target = targets.annual_target(ctx.data.targets, year=ctx.month.year, indicator="chain_output_growth")
    frame["label"] = frame["chain_name"]
    frame = frame.sort_values("growth", ascending=False, kind="stable", na_position="last")
    chart = bar_chart(frame.set_index("label")["growth"].dropna(), horizontal=True,
                      title=ctx.t(f"细分产业链产值增速（{ctx.ytd.label()}）",
                                  f"Output growth by sub-chain ({ctx.ytd.label('en')})"),
                      ylabel=ctx.t("同比增长（%）", "YoY growth (%)"))
    if city_target is not None:
        ax = chart.axes[0]
        ax.axvline(city_target, color="#ed7d31", lw=1.2, ls="--")
        ax.annotate(ctx.t(f"目标{format_number(city_target)}%", f"target {format_number(city_target)}%"),
                    (city_target, ax.get_ylim()[0]), xytext=(3, -2), textcoords="offset points", fontsize=8,
                    va="bottom", color="#ed7d31")
    cols = [Col("label", "细分产业链", "Sub-chain", "text"), Col("group_name", "所属链群", "Group", "text"),
            Col("growth", "同比增长%", "YoY %", "growth", status_col="growth_status"),
            Col("target", "年度目标%", "Annual target %"), Col("gap", "与目标差(百分点)", "vs target (pp)")]
    tz, te = _period_title(ctx, "细分产业链产值增速与年度目标", "sub-chain growth against the target")
    return make_table(ctx, frame, cols, name="chain_growth_target", title_zh=tz, title_en=te,
                      unit_zh="单位：%、百分点", unit_en="Unit: %, pp", chart=chart,
                      note_zh="年度目标取“年度目标”表的产业链群产值增速目标（有细分产业链或链群目标时从其目标）；"
                              "与目标差 = 累计增速 − 年度目标。" if city_target is not None else
                              "“年度目标”表无本年产业链群产值增速目标。",
                      note_en="Target: the chain-output growth target of the targets table (a sub-chain's or "
                              "group's own target when given); gap = YTD growth − target." if city_target is not None
                              else "The targets table has no chain-output growth target for this year.")


def _flows(ctx: ReportContext) -> tuple[pd.DataFrame, int | None]:
    """Material flows of the sub-chains in scope for the latest year up to the reporting year."""
    mf = ctx.data.material_flows
    if mf is None or mf.empty:
        return mf.iloc[0:0] if mf is not None else pd.DataFrame(), None
    mf = mf[mf["chain_id"].isin(_chains(ctx)["chain_id"])]
    years = pd.to_numeric(mf["year"], errors="coerce")
    years = years[years <= ctx.month.year]
    if years.empty:
        return mf.iloc[0:0], None
    year = int(years.max())
    return mf[pd.to_numeric(mf["year"], errors="coerce") == year], year


def material_balance_table(ctx: ReportContext) -> ReportTable:
    """Material balance of chain products (物料平衡): local output, local use, local supply rate, gap.

    From :func:`gxanalysis.indicators.material_balance.material_balance` on the ``material_flows`` of the
    latest year up to the reporting year:

    .. math:: \\text{本地配套率}_p = \\frac{\\sum_{\\text{supplier and user local}} q}{\\text{local use}_p}
              \\times 100, \\quad \\text{balance}_p = \\text{local output}_p - \\text{local use}_p
    """
    cols = [Col("product", "产品", "Product", "text"), Col("chain_label", "细分产业链", "Sub-chain", "text"),
            Col("unit", "计量单位", "Unit", "text"), Col("local_output", "本地产量", "Local output", precision=0),
            Col("local_use", "本地用量", "Local use", precision=0),
            Col("locally_supplied_use", "其中本地供应", "of which local supply", precision=0),
            Col("local_supply_rate", "本地配套率%", "Local supply rate %"),
            Col("balance", "富余(+)/缺口(−)", "Surplus (+) / shortfall (−)", precision=0),
            Col("position_label", "供需状况", "Position", "text")]
    flows, year = _flows(ctx)
    if flows.empty:
        raise NotComputable("the data hold no material flows for this scope (table material_flows)",
                            zh="数据中没有本范围的产业链物料流向")
    try:
        bal = material_balance.material_balance(flows).reset_index()
    except UnitError as exc:
        raise NotComputable(f"material balance not computed: {exc}",
                            zh="同一产品的数量单位不一致，无法计算物料平衡") from None
    names = ctx.data.chains.set_index("chain_id")["chain_name"]
    bal["chain_label"] = [names.get(c, c) for c in bal["chain_id"]]
    labels = {"surplus": ctx.t("富余（外销）", "surplus (sold out of the city)"),
              "shortfall": ctx.t("缺口（需外购）", "shortfall (bought in)"),
              "balanced": ctx.t("平衡", "balanced")}
    bal["position_label"] = bal["position"].map(labels)
    bal = bal.sort_values(["chain_id", "product"], kind="stable")
    return make_table(ctx, bal, cols, name="material_balance",
                      title_zh=f"{_scope_name(ctx)}重点产品物料平衡（{year}年）",
                      title_en=f"{_scope_name(ctx)}: material balance of chain products ({year})",
                      unit_zh="单位：各产品计量单位、%", unit_en="Unit: each product's unit, %",
                      note_zh="本地产量 = 本市企业供出的数量；本地用量 = 本市企业使用的数量；本地配套率 = 本市企业之间"
                              "供需的数量 ÷ 本地用量 × 100%；富余为正（可外销）、缺口为负（需外购）。数据来源：产业链物料"
                              "流向表（供方或需方为空表示市外）。",
                      note_en="Local output = quantities supplied by local enterprises; local use = quantities used "
                              "by local enterprises; local supply rate = quantities both supplied and used locally "
                              "÷ local use × 100; positive balance = surplus, negative = shortfall. Source: the "
                              "material_flows table (a blank supplier or user is outside the city).")


def chain_map_edges(ctx: ReportContext) -> list[ReportTable]:
    """The chain map (产业链图谱) as a diagram: for each sub-chain, its largest supplier → user links.

    From :func:`gxanalysis.indicators.material_balance.chain_map` ("市外" = outside the city). The page shows
    the diagram and a summary per sub-chain; the full list of links goes to the workbook only.
    """
    from gxanalysis.reporting.charts import flow_map

    flows, year = _flows(ctx)
    if flows.empty:
        raise NotComputable("the data hold no material flows for this scope (table material_flows)",
                            zh="数据中没有本范围的产业链物料流向")
    edges = material_balance.chain_map(flows, ctx.data.enterprises, ctx.data.chains)
    edges = edges.sort_values(["chain_id", "product", "quantity"], ascending=[True, True, False], kind="stable")
    outside = material_balance.EXTERNAL
    for col in ("supplier_name", "user_name"):
        edges[col] = edges[col].replace(outside, label("place", "outside", ctx.lang))
    edges["chain_label"] = list(edges["chain_name"])
    local = (edges["supplier_code"] != outside) & (edges["user_code"] != outside)
    summary = edges.assign(local=local).groupby("chain_id", sort=False).agg(
        chain_label=("chain_label", "first"), links=("product", "size"), local_links=("local", "sum"),
        products=("product", "nunique"),
        enterprises=("supplier_code", lambda s: len(set(s) - {outside})))
    users = edges[edges["user_code"] != outside].groupby("chain_id")["user_code"].nunique()
    summary["users"] = users.reindex(summary.index, fill_value=0)
    diagram = flow_map(edges.assign(panel=edges["chain_label"], source=edges["supplier_name"],
                                    target=edges["user_name"], weight=edges["quantity"]),
                       title=ctx.t(f"{_scope_name(ctx)}产业链图谱（{year}年，各细分产业链数量最大的供需关系）",
                                   f"{_scope_name(ctx)}: chain map ({year}, the largest links of each sub-chain)"))
    cols = [Col("chain_label", "细分产业链", "Sub-chain", "text"), Col("products", "产品种类", "Products", "int"),
            Col("enterprises", "供方企业", "Local suppliers", "int"), Col("users", "需方企业", "Local users", "int"),
            Col("links", "供需关系", "Links", "int"), Col("local_links", "其中本地配套", "of which local", "int")]
    shown = make_table(ctx, summary.reset_index(), cols, name="chain_map",
                       title_zh=f"{_scope_name(ctx)}产业链图谱（{year}年）",
                       title_en=f"{_scope_name(ctx)}: chain map ({year})", chart=diagram,
                       note_zh="图中每条线为一条供需关系，线越粗数量越大；“市外”表示从市外购入或销往市外。各产品的全部供需关系"
                               "见报表工作簿。",
                       note_en="Each line is a supplier → user link, thicker for larger quantities. Every link of "
                               "every product is in the workbook.")
    link_cols = [Col("chain_label", "细分产业链", "Sub-chain", "text"), Col("product", "产品", "Product", "text"),
                 Col("supplier_name", "上游（供方）", "Upstream (supplier)", "text"),
                 Col("user_name", "下游（需方）", "Downstream (user)", "text"),
                 Col("quantity", "数量", "Quantity", precision=0), Col("unit", "计量单位", "Unit", "text")]
    full = make_table(ctx, edges, link_cols, name="chain_map_links",
                      title_zh=f"{_scope_name(ctx)}产业链供需关系明细（{year}年）",
                      title_en=f"{_scope_name(ctx)}: chain links ({year})",
                      note_zh=f"共{len(edges)}条供需关系；同一供需双方同一产品的流量已合并。",
                      note_en=f"{len(edges)} links; flows between the same pair for the same product are summed.")
    full.display = False
    return [shown, full]


SECTIONS = [chain_output, chain_contributions, growth_by_chain, top_movers, county_output,
            material_balance_table, chain_map_edges]
