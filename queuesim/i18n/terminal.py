"""Words of the terminal tables and progress lines.

Keys start with ``term_`` (tables) or ``policy_`` (the measures of ``queuesim advise``: a short
name and what the measure changes, filled with its parameters), so that they never clash with
the pages' keys; the words of ``queuesim staff`` are in :mod:`.staffing`.
"""

EN: dict[str, str] = {
    "term_unit_points": "pp",
    "term_unclear": "not clear",
    "term_figure": "figure",
    "term_ci": "95 % CI",
    "term_target": "target",
    "term_no_ci": "n = {n}, no CI",
    "term_group_glance": "At a glance",
    "term_group_waits": "Waits",
    "term_group_people": "People",
    "term_group_counters": "Counters",
    "term_group_experience": "Customer experience",
    "term_group_announcements": "Announced waits",
    "term_run_title": "{scenario} — days simulated: {n}, seed {seed}",
    "term_run_title_steady": "{scenario} — runs simulated: {n}, seed {seed}",
    "term_target_service": "Target: at least {level} % served within {minutes} min",
    "term_target_abandon": "; at most {level} % give up",
    "term_verdict_note": "Mean over the {over} with its 95 % confidence interval (CI). met / "
                         "missed: the whole CI is on that side of the target; not clear: the "
                         "CI spans it. Every figure: --json.",
    "term_days": "days", "term_runs": "runs",
    "term_group_note": "Mean over the {over}, its 95 % CI below.",
    "term_by_class": "By customer class", "term_by_class_key": "class",
    "term_by_counter": "By counter", "term_by_counter_key": "counter",
    "term_by_hour": "By hour of arrival", "term_by_hour_key": "hour",
    "term_compare_title": "{options} options on the same {n} simulated days, seed {seed}",
    "term_sweep_title": "{kpi} over the grid, the same {n} simulated days each, seed {seed}",
    "term_difference": "change",
    "term_difference_note": "change: each option minus '{first}', paired day by day, with its "
                            "95 % CI; pp: percentage points. * the change is real: its CI "
                            "excludes 0 (p < 0.05).",
    "term_advise_title": "Measures against today's hall, the same {n} simulated days, seed "
                         "{seed}; best first by {kpi}",
    "term_measure": "measure",
    "term_measure_does": "{measure}: {does}",
    "term_not_tried": "not tried: {measure} ({reason})",
    "term_staff_hours": "staff\nhours",
    "policy_single_line": "One line",
    "policy_single_line_does": "one serpentine line feeds every counter, first come first "
                               "served.",
    "policy_ticket": "Ticket numbers",
    "policy_ticket_does": "customers take a number, sit, and are called in turn "
                          "({absent_probability} % miss their call).",
    "policy_appointments": "Appointments",
    "policy_appointments_does": "{share} % of class {class} book a slot and are served ahead "
                                "of walk-ins ({no_show} % of bookings do not come).",
    "policy_demand_shift": "Price lever",
    "policy_demand_shift_does": "{fraction} % of the busiest {window} minutes' customers come "
                                "in the quietest {window} minutes instead.",
    "policy_published_peaks": "Published peaks",
    "policy_published_peaks_does": "the busiest {window} minutes are published; {share} % of "
                                   "those customers come up to {spread} minutes earlier or "
                                   "later.",
    "policy_part_time_peak": "Part-timer at peak",
    "policy_part_time_peak_does": "one more counter, staffed for the busiest {hours} hours.",
    "policy_extend_hours": "Longer hours",
    "policy_extend_hours_does": "the hall closes {minutes} minutes later; the same customers "
                                "spread over the longer day.",
    "policy_self_service": "Self-service",
    "policy_self_service_does": "{machines} machines take {share} % of class {class}'s visits, "
                                "in {time_ratio} % of the counter's time.",
    "policy_cross_training": "Cross-training",
    "policy_cross_training_does": "every counter also serves the classes it did not, at "
                                  "{speed} % of its speed on them.",
    "policy_express_counter": "Express counter",
    "policy_express_counter_does": "one counter serves only class {class}'s visits shorter "
                                   "than {threshold} minutes.",
    "policy_pre_processing": "Serve while waiting",
    "policy_pre_processing_does": "after {after} minutes of waiting, staff prepare the visit: "
                                  "service {saving} % shorter.",
    "policy_announce_wait": "Announce the wait",
    "policy_announce_wait_does": "each arrival is told the expected wait; those told more "
                                 "than {balk_above} minutes do not join.",
    "policy_occupied_wait": "Occupied waiting",
    "policy_occupied_wait_does": "seats and something to do: a minute waited feels like "
                                 "{standing} standing, {seated} seated (felt-wait model).",
    "term_observed": "observed\n(days: min–max)",
    "term_simulated": "simulated\n(95 % CI)", "term_verdict": "verdict",
    "term_pass": "pass", "term_fail": "FAIL", "term_not_applicable": "n/a",
    "term_whole_day": "Whole day", "term_by_period": "By period of arrival",
    "term_backtest_note": "observed: mean over the observed days, the smallest and largest day "
                          "below; simulated: mean over the simulated days, its 95 % CI below. "
                          "The verdict follows the rule below.",
    "term_note": "note: {note}", "term_rule": "rule: {rule}",
    "term_held_out": "Held-out days {first} to {last}",
    "term_now_title": "The next {minutes} min — {n} simulated continuations, seed {seed}, "
                      "day level {level}",
    "term_now_note": "Every option sees the same customers; mean over the continuations with "
                     "its 95 % CI.",
    "term_now_wait_now": "wait of those waiting now (min)",
    "term_now_wait_next_hour": "wait of next hour's arrivals (min)",
    "term_now_walkouts": "walk-outs (people)",
    "term_now_counter_minutes": "counter-minutes used",
    "term_now_minutes": "minutes\nfrom now",
    "term_now_quarters": "Service level (%) of each quarter hour's arrivals",
    "term_now_quarters_note": "Mean over the continuations, its 95 % CI below.",
    "term_net_rank": "rank", "term_net_branch": "branch",
    "term_net_in_time": "served in\ntime (%)", "term_net_target": "target\n(%)",
    "term_net_wait": "mean wait\n(min)", "term_net_gave_up": "gave up\n(%)",
    "term_net_league_title": "{network} — branches farthest below their target first, {n} "
                             "simulated days each",
    "term_net_league_note": "Mean over the days, its 95 % CI below.",
    "term_net_hours": "counter-hours\ntoday → plan", "term_net_cost": "cost\ntoday → plan",
    "term_net_plan_in_time": "plan: served\nin time (%)",
    "term_net_today_in_time": "today: served\nin time (%)",
    "term_net_meets": "meets every\nperiod",
    "term_net_staffing_title": "Staffing plans per day",
    "term_net_staffing_note": "Counter-hours and costs are those of the rosters; the plan's "
                              "service level is proven on fresh simulated days, 95 % CI below.",
    "term_net_quantity": "per day",
    "term_net_plan_totals_title": "Network totals per day: today and the plan",
    "term_net_exact_note": "Sums over the branches' rosters (exact, no CI).",
    "term_net_totals_title": "Network totals per day",
    "term_net_totals_note": "Mean over the days with its 95 % CI; change: each what-if minus "
                            "today, paired day by day.",
    "term_net_served": "served (people)", "term_net_walk_outs": "walked out (people)",
    "term_net_counter_hours": "counter-hours", "term_net_staff_cost": "staff cost",
    "term_net_more": "… {n} more branches in the page and tables",



}

ZH: dict[str, str] = {
    "term_unit_points": "个百分点",
    "term_unclear": "不确定",
    "term_figure": "指标",
    "term_ci": "95% 置信区间",
    "term_target": "目标",
    "term_no_ci": "n = {n}，无置信区间",
    "term_group_glance": "概览",
    "term_group_waits": "等候时间",
    "term_group_people": "人数",
    "term_group_counters": "窗口",
    "term_group_experience": "顾客体验",
    "term_group_announcements": "等候时间告知",
    "term_run_title": "{scenario} — 模拟 {n} 天，随机种子 {seed}",
    "term_run_title_steady": "{scenario} — 模拟 {n} 次，随机种子 {seed}",
    "term_target_service": "目标：{minutes} 分钟内开始服务 ≥ {level}%",
    "term_target_abandon": "；放弃率 ≤ {level}%",
    "term_days": "各模拟日", "term_runs": "各次模拟",
    "term_verdict_note": "{over}的平均值及其 95% 置信区间。\n达标／未达标：整个置信区间"
                         "都在目标的同一侧；不确定：置信区间跨越目标。\n全部指标：--json。",
    "term_group_note": "{over}的平均值，下方为 95% 置信区间。",
    "term_by_class": "按客户类别", "term_by_class_key": "类别",
    "term_by_counter": "按窗口", "term_by_counter_key": "窗口",
    "term_by_hour": "按到达时段", "term_by_hour_key": "时段",
    "term_compare_title": "{options} 个方案，相同的 {n} 个模拟日，随机种子 {seed}",
    "term_sweep_title": "{kpi}随设置的变化，每种设置相同的 {n} 个模拟日，随机种子 {seed}",
    "term_difference": "变化",
    "term_difference_note": "变化：各方案减去“{first}”，逐日配对，附 95% 置信区间。"
                            "* 变化确实存在：置信区间不含 0（p < 0.05）。",
    "term_advise_title": "各项措施与现状比较，相同的 {n} 个模拟日，随机种子 {seed}；"
                         "按{kpi}从好到差排列",
    "term_measure": "措施",
    "term_measure_does": "{measure}：{does}",
    "term_not_tried": "未尝试：{measure}（{reason}）",
    "term_staff_hours": "人员\n工时",
    "policy_single_line": "单一排队",
    "policy_single_line_does": "所有窗口共用一条蛇形队伍，先到先服务。",
    "policy_ticket": "领号排队",
    "policy_ticket_does": "顾客取号后坐下等候，按号叫号（{absent_probability}% 的顾客过号）。",
    "policy_appointments": "预约",
    "policy_appointments_does": "{class} 类顾客中 {share}% 预约时段，先于现场顾客服务"
                                "（{no_show}% 的预约未到）。",
    "policy_demand_shift": "价格杠杆",
    "policy_demand_shift_does": "最忙的 {window} 分钟内 {fraction}% 的顾客改在最空闲的 "
                                "{window} 分钟到来。",
    "policy_published_peaks": "公布高峰时间",
    "policy_published_peaks_does": "公布最忙的 {window} 分钟；其中 {share}% 的顾客提前或推迟"
                                   "至多 {spread} 分钟到来。",
    "policy_part_time_peak": "高峰兼职",
    "policy_part_time_peak_does": "增加一个窗口，在最忙的 {hours} 小时有人值守。",
    "policy_extend_hours": "延长服务时间",
    "policy_extend_hours_does": "晚 {minutes} 分钟关门；同样多的顾客分布在更长的一天里。",
    "policy_self_service": "自助设备",
    "policy_self_service_does": "{machines} 台自助设备承担 {class} 类顾客 {share}% 的业务，"
                                "用时为窗口的 {time_ratio}%。",
    "policy_cross_training": "交叉培训",
    "policy_cross_training_does": "每个窗口也为原来不服务的类别办理业务，速度为原来的 "
                                  "{speed}%。",
    "policy_express_counter": "快速窗口",
    "policy_express_counter_does": "一个窗口只办理 {class} 类顾客中短于 {threshold} 分钟的"
                                   "业务。",
    "policy_pre_processing": "等候时预处理",
    "policy_pre_processing_does": "等候 {after} 分钟后，工作人员预先处理业务：服务时间缩短 "
                                  "{saving}%。",
    "policy_announce_wait": "告知等候时间",
    "policy_announce_wait_does": "告知每位到达顾客预计等候时间；预计超过 {balk_above} 分钟"
                                 "的顾客不排队。",
    "policy_occupied_wait": "舒适且有事可做",
    "policy_occupied_wait_does": "提供座位和消遣：站着等一分钟感觉像 {standing} 分钟，坐着像 "
                                 "{seated} 分钟（感知等候模型）。",
    "term_observed": "实际\n（各日最小–最大）",
    "term_simulated": "模拟\n（95% 置信区间）", "term_verdict": "判定",
    "term_pass": "通过", "term_fail": "不通过", "term_not_applicable": "不适用",
    "term_whole_day": "全天", "term_by_period": "按到达时段",
    "term_backtest_note": "实际：观测各日的平均值，下方为最小和最大的一天；\n模拟：各模拟日的"
                          "平均值，下方为 95% 置信区间。判定依据下面的规则。",
    "term_note": "说明：{note}", "term_rule": "规则：{rule}",
    "term_held_out": "留出检验日 {first} 至 {last}",
    "term_now_title": "接下来 {minutes} 分钟 — 模拟 {n} 次后续，随机种子 {seed}，当日客流水平 "
                      "{level}",
    "term_now_note": "各方案面对相同的顾客；数值为各次模拟的平均值及其 95% 置信区间。",
    "term_now_wait_now": "现在等候者的等候时间（分钟）",
    "term_now_wait_next_hour": "下一小时到达者的等候时间（分钟）",
    "term_now_walkouts": "离开人数（人）",
    "term_now_counter_minutes": "使用的窗口分钟数",
    "term_now_minutes": "距现在\n（分钟）",
    "term_now_quarters": "每刻钟到达者的服务水平（%）",
    "term_now_quarters_note": "各次模拟的平均值，下方为 95% 置信区间。",
    "term_net_rank": "排名", "term_net_branch": "网点",
    "term_net_in_time": "按时服务\n（%）", "term_net_target": "目标\n（%）",
    "term_net_wait": "平均等候\n（分钟）", "term_net_gave_up": "放弃\n（%）",
    "term_net_league_title": "{network} — 离目标最远的网点排在前面，各模拟 {n} 天",
    "term_net_league_note": "各日平均值，下方为 95% 置信区间。",
    "term_net_hours": "窗口小时\n现状 → 计划", "term_net_cost": "成本\n现状 → 计划",
    "term_net_plan_in_time": "计划：按时\n服务（%）",
    "term_net_today_in_time": "现状：按时\n服务（%）",
    "term_net_meets": "每个时段\n都达标",
    "term_net_staffing_title": "每日人员配置计划",
    "term_net_staffing_note": "窗口小时和成本来自排班；计划的服务水平在新的模拟日上验证，"
                              "下方为 95% 置信区间。",
    "term_net_quantity": "每日",
    "term_net_plan_totals_title": "网络每日合计：现状与计划",
    "term_net_exact_note": "各网点排班之和（精确值，无置信区间）。",
    "term_net_totals_title": "网络每日合计",
    "term_net_totals_note": "各日平均值及其 95% 置信区间；变化：各假设方案减去现状，逐日配对。",
    "term_net_served": "已服务人数（人）", "term_net_walk_outs": "离开人数（人）",
    "term_net_counter_hours": "窗口小时", "term_net_staff_cost": "人员成本",
    "term_net_more": "… 另有 {n} 个网点见报告页和表格",



}
