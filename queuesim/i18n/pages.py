"""Words of the HTML pages (titles, notes, axes, cards), in English and Chinese."""

EN = {
    "title_run": "Waiting-line report",
    "title_compare": "Comparison of options",
    "facts": "{replications} simulated days · seed {seed} · queuesim {version}",
    "facts_steady": "{replications} simulated runs · seed {seed} · queuesim {version}",
    "contents": "Contents",
    "warnings": "Read this first: the figures below describe a hall that cannot cope",
    "section_headline": "Headline figures",
    "note_headline": "Mean over the simulated days with its 95 % confidence interval (CI). "
                     "A target counts as met or missed only when the whole interval is on one "
                     "side of it.",
    "section_waits": "How long people wait",
    "note_waits": "Left: waits of served customers (bars of {width:g} minutes; the last bar "
                  "holds everything longer). Right: share of the customers who joined whose "
                  "service started within a wait; customers who gave up never reach 100 %. "
                  "Dashed lines: the target.",
    "section_day": "Through the day",
    "section_run": "Through the run",
    "note_day": "Top: people waiting, mean over days, with the band that 80 % of days fall in "
                "(10–90 %). Bottom: counters serving against counters open; the gap is idle "
                "capacity. The label marks the highest point of the mean curve (the average "
                "day). The card \"people waiting, most at once\" is higher: it averages each "
                "day's own highest count, and days peak at different times.",
    "section_hours": "Service level and abandonment by hour of arrival",
    "note_hours": "Bars: mean over days; whiskers: 95 % CI. Colour and legend say whether the "
                  "hour met its target.",
    "note_no_hours": "A steady-state run has no hours of the day.",
    "section_counters": "Counters",
    "note_counters": "Left: share of its open time each counter was serving (95 % CI). Right: "
                     "its opening hours. A low bar beside long hours is a counter that sits "
                     "idle.",
    "section_classes": "By customer class",
    "section_scenario": "The scenario as simulated",
    "note_scenario": "This page is a record of the run: the scenario below, with the seed and "
                     "the number of days, gives the same numbers again.",
    "section_options": "Options",
    "note_options": "All options see the same customers (common random numbers), so their "
                    "differences are measured day by day. The first option is the baseline; "
                    "for every other option, the fields of its scenario that differ from the "
                    "baseline's, as key paths (the --set syntax) with their new values.",
    "section_option_kpis": "Key figures by option",
    "note_option_kpis": "Bars: mean over days; whiskers: 95 % CI.",
    "section_differences": "Difference to the baseline",
    "note_differences": "Each option minus '{baseline}', paired day by day, with its 95 % CI. "
                        "Filled markers: significant (the CI excludes 0, p < 0.05); hollow: "
                        "could be chance. With many figures some differences are significant "
                        "by chance alone: the Holm-adjusted p-value allows for that.",
    "section_option_day": "People waiting through the day, by option",
    "section_option_waits": "Waits by option",
    "note_no_results": "Per-customer tables were not kept for this comparison, so the curves "
                       "are not shown.",
    "section_sweep": "{kpi} across the settings",
    "note_sweep": "Mean over days for each combination of the varied settings.",
    "section_option_table": "All figures by option",
    "met": "met", "missed": "missed", "unclear": "not clear (CI spans the target)",
    "no_data": "no data",
    "target_service": "target ≥ {level} % within {minutes} min",
    "target_abandon": "target ≤ {level} %",
    "ci": "95 % CI {low}–{high}",
    "no_ci": "n = {n}, no CI",
    "mean": "mean", "band": "10–90 % of days",
    "band_runs": "10–90 % of runs",
    "all_customers": "all customers", "busy_counters": "counters serving",
    "open_counters": "counters open", "open_hours": "opening hours",
    "peak": "mean curve's highest: {value} people at {time}",
    "explain_waiting_max": "mean over the days of each day's highest count",
    "significant": "significant (p < 0.05)", "not_significant": "not significant",
    "class": "class", "counter": "counter", "option": "option",
    "settings": "what differs from the baseline (field = value)", "source": "file",
    "baseline": "the hall as it is", "baseline_row": "the baseline of the differences",
    "baseline_set": "changed from its file (--set, --vary):",
    "baseline_as_filed": "baseline: the file as it is", "same_as_baseline": "same as the baseline",
    "removed": "(left out)", "full_scenario": "The full scenario, every default included",
    "section_ranking": "Measures ranked",
    "note_ranking": "Each measure's paired change against the hall as it is, best first by "
                    "{kpi}; under each change its 95 % CI; * = significant (the CI excludes 0). "
                    "Shares in percentage points. Staff hours: change in the counters' opening "
                    "hours (machines not counted). Last column: what the measure changed in the "
                    "scenario.",
    "measure": "measure", "staff_hours_change": "staff hours (change)",
    "changed": "what it changed (field = value)",
    "kpi": "figure", "difference": "difference", "p_value": "p-value",
    "p_holm": "p, Holm-adjusted",
    "replications": "days simulated", "replications_steady": "runs simulated",
    "seed": "seed", "version": "queuesim version", "structure": "queue structure",
    "scenario": "scenario",
    "axis_wait": "wait (minutes)", "axis_per_day": "customers per day (people)",
    "axis_per_run": "customers per run (people)",
    "axis_within": "served within the wait (%)",
    "axis_clock": "time of day (HH:MM)", "axis_minutes": "time from start (minutes)",
    "axis_waiting": "waiting (people)", "axis_counters": "counters",
    "axis_hour": "hour of arrival (HH:MM)", "axis_service_level": "service level (%)",
    "axis_abandon": "abandon rate (%)", "axis_utilization": "utilization (%)",
    "single_line": "one line", "multi_line": "one line per counter", "ticket": "ticket numbers",
    "unit_minutes": "min", "unit_percent": "%", "unit_people": "people",
    "unit_points": "percentage points",
    "measure_single_line": "one serpentine line", "measure_ticket": "ticket numbers",
    "measure_appointments": "book a share of visits",
    "measure_demand_shift": "price lever: move demand off the peak",
    "measure_published_peaks": "publish the peak hours",
    "measure_part_time_peak": "a part-time counter at the peak",
    "measure_extend_hours": "longer opening hours", "measure_self_service": "self-service machines",
    "measure_cross_training": "cross-trained staff",
    "measure_express_counter": "an express counter for short transactions",
    "measure_pre_processing": "serve customers while they wait",
    "measure_announce_wait": "announce the expected wait",
    "measure_occupied_wait": "comfortable, occupied waiting",
}

ZH = {
    "title_run": "排队情况报告",
    "title_compare": "方案比较",
    "facts": "模拟 {replications} 天 · 随机种子 {seed} · queuesim {version}",
    "facts_steady": "模拟 {replications} 次 · 随机种子 {seed} · queuesim {version}",
    "contents": "目录",
    "warnings": "请先阅读：以下数字描述的是一个应付不过来的大厅",
    "section_headline": "主要指标",
    "note_headline": "各模拟日的平均值及其 95% 置信区间。只有整个置信区间都在目标一侧时，"
                     "才判定为达标或未达标。",
    "section_waits": "顾客等候多久",
    "note_waits": "左图：已服务顾客的等候时间（每格 {width:g} 分钟，最后一格含更长的等候）。"
                  "右图：排队顾客中在该等候时间内开始接受服务的比例；中途离开的顾客使曲线"
                  "达不到 100%。虚线为目标。",
    "section_day": "全天排队情况",
    "section_run": "模拟期间排队情况",
    "note_day": "上图：等候人数，各日平均值及 80% 的日子所在的范围（10%–90%）。"
                "下图：正在服务的窗口与开放窗口，两者之差为空闲能力。"
                "图中标注的是平均曲线（平均的一天）的最高点。卡片“最多同时等候人数”更高："
                "它是各日各自最高人数的平均值，而各日高峰出现的时间不同。",
    "section_hours": "按到达时段的服务水平与放弃率",
    "note_hours": "柱：各日平均值；误差线：95% 置信区间。颜色和图例表示该时段是否达标。",
    "note_no_hours": "稳态模拟没有按时段的结果。",
    "section_counters": "窗口",
    "note_counters": "左图：各窗口在开放时间内处于服务状态的比例（95% 置信区间）。"
                     "右图：开放时间。开放时间长而利用率低的窗口即为空闲窗口。",
    "section_classes": "按客户类别",
    "section_scenario": "模拟所用的场景",
    "note_scenario": "本页是这次模拟的记录：用下面的场景、随机种子和模拟天数可以得到相同的结果。",
    "section_options": "方案",
    "note_options": "各方案面对相同的顾客（共同随机数），差异按天逐日配对计算。第一个方案为基准；"
                    "其余各方案列出其场景中与基准不同的字段（按 --set 的写法）及新值。",
    "section_option_kpis": "各方案主要指标",
    "note_option_kpis": "柱：各日平均值；误差线：95% 置信区间。",
    "section_differences": "与基准方案的差异",
    "note_differences": "各方案减去“{baseline}”，逐日配对，附 95% 置信区间。"
                        "实心标记：差异显著（置信区间不含 0，p < 0.05）；空心：可能是偶然。"
                        "指标较多时，部分差异可能偶然显著：Holm 校正后的 p 值考虑了这一点。",
    "section_option_day": "各方案全天等候人数",
    "section_option_waits": "各方案等候时间",
    "note_no_results": "本次比较未保留逐个顾客的数据，因此不显示曲线。",
    "section_sweep": "{kpi}随设置的变化",
    "note_sweep": "所变化设置的每种组合下各日的平均值。",
    "section_option_table": "各方案全部指标",
    "met": "达标", "missed": "未达标", "unclear": "不确定（置信区间跨越目标）",
    "no_data": "无数据",
    "target_service": "目标：{minutes} 分钟内开始服务 ≥ {level}%",
    "target_abandon": "目标：≤ {level}%",
    "ci": "95% 置信区间 {low}–{high}",
    "no_ci": "n = {n}，无置信区间",
    "mean": "平均值", "band": "10%–90% 的日子",
    "band_runs": "10%–90% 的模拟",
    "all_customers": "全部顾客", "busy_counters": "正在服务的窗口",
    "open_counters": "开放的窗口", "open_hours": "开放时间",
    "peak": "平均曲线最高点：{value} 人（{time}）",
    "explain_waiting_max": "各日最高等候人数的平均值",
    "significant": "显著（p < 0.05）", "not_significant": "不显著",
    "class": "类别", "counter": "窗口", "option": "方案",
    "settings": "与基准不同之处（字段 = 值）", "source": "文件",
    "baseline": "现状", "baseline_row": "差异的比较基准",
    "baseline_set": "相对文件的修改（--set、--vary）：",
    "baseline_as_filed": "基准：文件原样", "same_as_baseline": "与基准相同",
    "removed": "（删去）", "full_scenario": "完整场景（含全部默认值）",
    "section_ranking": "措施排名",
    "note_ranking": "各措施相对现状的逐日配对变化，按{kpi}从好到差排列；每个变化下方为其 95% "
                    "置信区间；* 表示差异显著（置信区间不含 0）。比例以百分点计。人员工时："
                    "窗口开放时间的变化（不计自助设备）。最后一列：该措施对场景的修改。",
    "measure": "措施", "staff_hours_change": "人员工时（变化）",
    "changed": "修改内容（字段 = 值）",
    "kpi": "指标", "difference": "差异", "p_value": "p 值",
    "p_holm": "p 值（Holm 校正）",
    "replications": "模拟天数", "replications_steady": "模拟次数",
    "seed": "随机种子", "version": "queuesim 版本", "structure": "排队方式",
    "scenario": "场景",
    "axis_wait": "等候时间（分钟）", "axis_per_day": "每天顾客数（人）",
    "axis_per_run": "每次模拟顾客数（人）",
    "axis_within": "在该时间内开始服务（%）",
    "axis_clock": "时刻（时:分）", "axis_minutes": "自开始起的时间（分钟）",
    "axis_waiting": "等候人数（人）", "axis_counters": "窗口数（个）",
    "axis_hour": "到达时段（时:分）", "axis_service_level": "服务水平（%）",
    "axis_abandon": "放弃率（%）", "axis_utilization": "利用率（%）",
    "single_line": "单一排队", "multi_line": "多条排队", "ticket": "领号排队",
    "unit_minutes": "分钟", "unit_percent": "%", "unit_people": "人",
    "unit_points": "个百分点",
    "measure_single_line": "单一排队（蛇形队列）", "measure_ticket": "领号排队",
    "measure_appointments": "建立预订机制", "measure_demand_shift": "利用价格杠杆分流高峰",
    "measure_published_peaks": "公布高峰时间", "measure_part_time_peak": "高峰时段增设兼职窗口",
    "measure_extend_hours": "延长服务时间", "measure_self_service": "增加自助服务设备",
    "measure_cross_training": "交叉培训员工", "measure_express_counter": "快速业务专窗",
    "measure_pre_processing": "等待时提供服务", "measure_announce_wait": "告知等待时间",
    "measure_occupied_wait": "舒适、有事可做的等待",
}
