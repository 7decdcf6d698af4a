"""Words of ``queuesim staff``: its tables, progress line and the sentences a plan says
about itself (keys start with ``staff_``)."""

EN: dict[str, str] = {
    "staff_time": "time",
    "staff_arrivals": "arrivals\nper hour",
    "staff_today": "today",
    "staff_theory": "theory",
    "staff_plan": "plan",
    "staff_on_duty": "on\nduty",
    "staff_in_time": "served in\ntime (%)",
    "staff_gave_up": "gave up\n(%)",
    "staff_period_title": "{scenario} — counters per {period}-minute period",
    "staff_methods_note": "today: the counters open now. theory: Erlang's formula on each "
                          "period's average demand (the SIPP method). plan: the fewest counters "
                          "that meet the target in the hall's own simulation (iterative "
                          "staffing, then topped up and trimmed). on duty: staff the chosen "
                          "shifts put at counters. Served in time and gave up: the plan on {n} "
                          "fresh simulated days, 95 % CI below; a period misses the target only "
                          "when its whole CI is on the wrong side.",
    "staff_cost": "cost\n({currency})",
    "staff_cost_units": "cost units",
    "staff_staffing": "staffing",
    "staff_counter_hours": "counter-\nhours",
    "staff_missed": "periods\nmissed",
    "staff_plan_misses": "plan, misses {n}",
    "staff_totals_title": "Totals, each staffing proven on the same fresh simulated days",
    "staff_totals_note": "Mean over the days, 95 % CI below. periods missed: periods whose "
                         "whole CI is on the wrong side of the target.",
    "staff_shift": "shift", "staff_hours": "hours", "staff_break": "break",
    "staff_count": "staff", "staff_paid_hours": "paid hours\neach",
    "staff_shifts_title": "Shifts — cost {cost}, {hours} paid hours",
    "staff_shifts_note": "The cheapest shifts that cover the plan; breaks are unpaid.",
    "staff_target_level": "target\n(%)",
    "staff_frontier_title": "Cost against service level, each plan proven on fresh days",
    "staff_frontier_note": "served in time: achieved on the fresh days, 95 % CI below.",
    "staff_counters": "counters", "staff_erlang": "Erlang's\nchoice",
    "staff_in_time_simulated": "served in time\n(%, simulated)", "staff_meets": "meets\ntarget",
    "staff_yes": "yes", "staff_no": "no",
    "staff_stationary_title": "{scenario} — counters for the target (steady state)",
    "staff_least": "Fewest counters that meet the target: {counters}.",
    "staff_phase_start": "starting",
    "staff_phase_planning": "finding the counters each period needs ({n} simulated days)",
    "staff_phase_proving": "proving the plans and today's counters on {n} fresh days",
    "staff_phase_frontier": "planning for {level} % served in time",
    "staff_option_counters": "the plan", "staff_option_sipp": "the theory's counters",
    "staff_option_mol": "the lagged theory's counters",
    "staff_note_theory": "theory: {sipp} counter-hours by Erlang's formula on each period's "
                         "average demand (SIPP), {mol} on demand lagged as the hall feels it "
                         "(MOL)",
    "staff_note_evaluations": "{calls} simulated evaluations of {days} days each ({engine})",
    "staff_note_settled": "iterative staffing settled after {rounds} rounds",
    "staff_note_unsettled": "iterative staffing stopped after {rounds} rounds without "
                            "settling: from round to round some periods' counters still moved "
                            "by two or more, as sampling noise in the simulated days makes them "
                            "do. The plan was still topped up and trimmed against the target "
                            "and proven on fresh days (see the proof). To let it settle, "
                            "{advice}",
    "staff_note_more_days": "plan on more days (--replications {days})",
    "staff_note_more_days_or_period": "plan on more days (--replications {days}) or with "
                                      "longer periods (--period {period})",
    "staff_note_top_up": "top-up: {rounds} rounds",
    "staff_note_top_up_stopped": "top-up stopped: some periods still miss the target",
    "staff_note_trim": "trim: {removed} counter-periods removed",
    "staff_note_identical": "the plan uses identical counters serving every class "
                            "(cross-trained staff); the hall's {counters} counters are shown as "
                            "'today'",
    "staff_note_multi_line": "multiple lines cannot be optimised directly: the plan is made for "
                             "one single line and then checked with the hall's multiple lines",
    "staff_note_multi_line_meets": "with the planned counters, multiple lines also meet the "
                                   "target",
    "staff_note_multi_line_needs": "multiple lines need {extra} more counter-hours than one "
                                   "single line for the same target ({lines} against {single})",
    "staff_note_none_meets": "no roster tried (simulation, SIPP, MOL) meets the target in every "
                             "period; the simulation-based plan is shown",
    "staff_note_cheaper_curve": "the {name} curve gives a cheaper roster that also meets the "
                                "target on the fresh days: it is the plan",
    "staff_note_option_meets": "{name}: {hours} counter-hours{cost}; meets the target in every "
                               "period (fresh days, 95 % CI)",
    "staff_note_option_misses": "{name}: {hours} counter-hours{cost}; misses the target in "
                                "{missed} period(s) (fresh days, 95 % CI)",
    "staff_note_cost": ", cost {cost}",
    "staff_name_plan": "plan", "staff_name_plan_from": "plan (from the {name} curve)",
    "staff_name_sipp": "SIPP", "staff_name_today": "today",
    "staff_note_saving": "the plan costs {saving} less than SIPP's roster, which also meets "
                         "the target",
    "staff_note_same_cost": "the plan costs the same as SIPP's roster",
    "staff_note_what_if": "what-if: --set {change}",
    "staff_note_shifts": "shifts: {message}",
}

ZH: dict[str, str] = {
    "staff_time": "时段",
    "staff_arrivals": "每小时\n到达",
    "staff_today": "现状",
    "staff_theory": "理论",
    "staff_plan": "计划",
    "staff_on_duty": "在岗",
    "staff_in_time": "按时服务\n（%）",
    "staff_gave_up": "放弃\n（%）",
    "staff_period_title": "{scenario} — 每 {period} 分钟时段的窗口数",
    "staff_methods_note": "现状：目前开放的窗口。理论：按各时段平均需求用 Erlang 公式计算"
                          "（SIPP 方法）。\n计划：在本大厅模拟中达到目标所需的最少窗口"
                          "（迭代配置，再补足和削减）。\n在岗：所选班次安排到窗口的人员。"
                          "按时服务与放弃：计划在 {n} 个新的模拟日上的结果，\n下方为 95% "
                          "置信区间；只有整个置信区间都在目标的错误一侧，才算该时段未达标。",
    "staff_cost": "成本\n（{currency}）",
    "staff_cost_units": "成本单位",
    "staff_staffing": "配置",
    "staff_counter_hours": "窗口\n小时",
    "staff_missed": "未达标\n时段",
    "staff_plan_misses": "计划（{n} 个时段未达标）",
    "staff_totals_title": "合计：每种配置都在相同的新模拟日上验证",
    "staff_totals_note": "各日平均值，下方为 95% 置信区间。\n未达标时段：整个置信区间都在目标"
                         "错误一侧的时段。",
    "staff_shift": "班次", "staff_hours": "时间", "staff_break": "休息",
    "staff_count": "人数", "staff_paid_hours": "每人\n计薪小时",
    "staff_shifts_title": "班次 — 成本 {cost}，计薪 {hours} 小时",
    "staff_shifts_note": "覆盖计划的最低成本班次；休息不计薪。",
    "staff_target_level": "目标\n（%）",
    "staff_frontier_title": "成本与服务水平，每个计划都在新的模拟日上验证",
    "staff_frontier_note": "按时服务：新模拟日上的实际结果，下方为 95% 置信区间。",
    "staff_counters": "窗口数", "staff_erlang": "Erlang\n建议",
    "staff_in_time_simulated": "按时服务\n（%，模拟）", "staff_meets": "达到\n目标",
    "staff_yes": "是", "staff_no": "否",
    "staff_stationary_title": "{scenario} — 达到目标所需窗口数（稳态）",
    "staff_least": "达到目标的最少窗口数：{counters}。",
    "staff_phase_start": "开始",
    "staff_phase_planning": "计算各时段所需窗口（{n} 个模拟日）",
    "staff_phase_proving": "在 {n} 个新的模拟日上验证各方案和现有窗口",
    "staff_phase_frontier": "为按时服务 {level}% 制定计划",
    "staff_option_counters": "计划", "staff_option_sipp": "理论窗口数",
    "staff_option_mol": "滞后理论窗口数",
    "staff_note_theory": "理论：按各时段平均需求用 Erlang 公式需 {sipp} 窗口小时（SIPP），"
                         "按大厅感受到的滞后需求需 {mol} 窗口小时（MOL）",
    "staff_note_evaluations": "共模拟评估 {calls} 次，每次 {days} 天（{engine}）",
    "staff_note_settled": "迭代配置在 {rounds} 轮后稳定",
    "staff_note_unsettled": "迭代配置进行 {rounds} 轮后仍未稳定：各轮之间部分时段的窗口数仍变动"
                            "两个或更多，这是模拟日的抽样波动造成的。计划仍已按目标补足和削减，"
                            "并在新的模拟日上验证（见验证结果）。要使其稳定，{advice}",
    "staff_note_more_days": "请用更多天数制定计划（--replications {days}）",
    "staff_note_more_days_or_period": "请用更多天数（--replications {days}）或更长的时段"
                                      "（--period {period}）制定计划",
    "staff_note_top_up": "补足：{rounds} 轮",
    "staff_note_top_up_stopped": "补足停止：部分时段仍未达标",
    "staff_note_trim": "削减：去掉 {removed} 个窗口时段",
    "staff_note_identical": "计划使用服务所有类别的相同窗口（交叉培训的员工）；大厅现有的 "
                            "{counters} 个窗口列为“现状”",
    "staff_note_multi_line": "多条排队无法直接优化：先按单一排队制定计划，再用大厅的多条排队检验",
    "staff_note_multi_line_meets": "按计划的窗口数，多条排队也能达标",
    "staff_note_multi_line_needs": "达到同样目标，多条排队比单一排队多需 {extra} 窗口小时"
                                   "（{lines} 对 {single}）",
    "staff_note_none_meets": "所试的配置（模拟、SIPP、MOL）都不能在每个时段达标；显示基于模拟的"
                             "计划",
    "staff_note_cheaper_curve": "{name} 曲线得到的排班更便宜，且在新的模拟日上同样达标：以它为"
                                "计划",
    "staff_note_option_meets": "{name}：{hours} 窗口小时{cost}；每个时段都达标（新的模拟日，"
                               "95% 置信区间）",
    "staff_note_option_misses": "{name}：{hours} 窗口小时{cost}；{missed} 个时段未达标"
                                "（新的模拟日，95% 置信区间）",
    "staff_note_cost": "，成本 {cost}",
    "staff_name_plan": "计划", "staff_name_plan_from": "计划（来自 {name} 曲线）",
    "staff_name_sipp": "SIPP", "staff_name_today": "现状",
    "staff_note_saving": "计划比同样达标的 SIPP 排班少花 {saving}",
    "staff_note_same_cost": "计划与 SIPP 排班成本相同",
    "staff_note_what_if": "假设：--set {change}",
    "staff_note_shifts": "班次：{message}",
}
