"""Words of ``queuesim network``: its page (league table, chart, totals) and its terminal output.

Keys start with ``net_`` so that they never clash with another domain's. Column names of the
Parquet tables and of ``league.json`` are data, not words: they stay as they are.
"""

EN = {
    "net_title": "{name} — network",
    "net_facts": "{mode}: {branches} branches, {days} simulated days each, seed {seed}; 95 % "
                 "confidence intervals in brackets",
    "net_mode_run": "run",
    "net_mode_compare": "compare",
    "net_mode_staff": "staff",
    "net_section_league": "League table",
    "net_section_target": "Branches against target",
    "net_section_totals": "Network totals",
    "net_section_staffing": "Staffing plans",
    "net_section_failed": "Branches that failed",
    "net_note_league": "Click a column to sort. Changes are paired differences from the "
                       "branch as it is, on the same simulated days.",
    "net_note_totals": "Per simulated day: summed over branches day by day, then the mean and "
                       "95 % CI of the sum; change: paired difference from today. Walk-outs "
                       "are customers who gave up waiting or turned away at the door; staff "
                       "cost is counter-hours × the network's cost per counter-hour.",
    "net_branch": "branch",
    "net_rank": "rank",
    "net_service_level": "served in time %",
    "net_wait_mean": "mean wait, min",
    "net_abandon_rate": "gave up %",
    "net_utilization": "counter load %",
    "net_served": "served / day",
    "net_counter_hours": "counter-hours / day",
    "net_target": "target %",
    "net_gap": "below target, points",
    "net_rank_gap": "rank (farthest below)",
    "net_gain": "{what_if}: change of served in time, points",
    "net_rank_gain": "{what_if}: rank by gain",
    "net_chart_level": "served in time (95 % CI)",
    "net_chart_target": "target",
    "net_chart_y": "served within the target wait, %",
    "net_chart_x": "branch (farthest below target first)",
    "net_option": "option",
    "net_quantity": "quantity",
    "net_per_day": "per day [95 % CI]",
    "net_change": "change from today [95 % CI]",
    "net_quantity_served": "served",
    "net_quantity_walk_outs": "walk-outs",
    "net_quantity_counter_hours": "counter-hours",
    "net_quantity_staff_cost": "staff cost",
    "net_quantity_cost": "cost",
    "net_today": "today",
    "net_plan": "plan",
    "net_difference": "change",





    "net_yes": "yes",
    "net_no": "no",



}

ZH = {
    "net_title": "{name} — 网点网络",
    "net_facts": "{mode}：{branches} 个网点，每个模拟 {days} 天，随机种子 {seed}；括号内为 "
                 "95 % 置信区间",
    "net_mode_run": "现状评估",
    "net_mode_compare": "方案比较",
    "net_mode_staff": "人员配置",
    "net_section_league": "网点排名表",
    "net_section_target": "各网点与目标",
    "net_section_totals": "全网合计",
    "net_section_staffing": "人员配置方案",
    "net_section_failed": "未能评估的网点",
    "net_note_league": "点击列名排序。变化量是与网点现状在相同模拟日上的配对差值。",
    "net_note_totals": "按模拟日计：每天先对各网点求和，再取日合计的均值和 95 % 置信区间；"
                       "变化量为与现状的配对差值。流失客户指等候中放弃或到门口未排队离开的客户；"
                       "人力成本为窗口小时数 × 网络文件中每窗口小时的成本。",
    "net_branch": "网点",
    "net_rank": "排名",
    "net_service_level": "按时服务 %",
    "net_wait_mean": "平均等候（分钟）",
    "net_abandon_rate": "放弃 %",
    "net_utilization": "窗口负荷 %",
    "net_served": "每日服务人数",
    "net_counter_hours": "每日窗口小时",
    "net_target": "目标 %",
    "net_gap": "低于目标（百分点）",
    "net_rank_gap": "排名（离目标最远居首）",
    "net_gain": "{what_if}：按时服务变化（百分点）",
    "net_rank_gain": "{what_if}：按改善幅度排名",
    "net_chart_level": "按时服务（95 % 置信区间）",
    "net_chart_target": "目标",
    "net_chart_y": "在目标等候时间内得到服务的比例，%",
    "net_chart_x": "网点（离目标最远居左）",
    "net_option": "方案",
    "net_quantity": "指标",
    "net_per_day": "每日 [95 % 置信区间]",
    "net_change": "与现状相比的变化 [95 % 置信区间]",
    "net_quantity_served": "已服务人数",
    "net_quantity_walk_outs": "流失客户",
    "net_quantity_counter_hours": "窗口小时",
    "net_quantity_staff_cost": "人力成本",
    "net_quantity_cost": "成本",
    "net_today": "现状",
    "net_plan": "方案",
    "net_difference": "变化",





    "net_yes": "是",
    "net_no": "否",



}
