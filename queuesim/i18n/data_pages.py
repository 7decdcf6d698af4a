"""Words of the pages made from a hall's data: ``fit.html`` (how a hall was learnt from a
visit log), the backtest page (observed days against the simulated hall) and the page of
``queuesim now`` (what to do from the hall as it is), in English and Chinese.

The generic words these pages share with the run and comparison pages (units, axes, KPI names)
are in :mod:`.pages` and :mod:`.kpis`."""

EN = {
    "backtest_title": "Backtest",
    "backtest_facts": "{days} observed days of {log} ({dates}) against {replications} "
                      "simulated days. {read}",
    "backtest_read": "{rows} rows read, {visits} visits used on {days} days{skipped}.",
    "backtest_skipped": "; skipped: {list}",
    "backtest_overall": "Verdicts, whole day", "backtest_day": "Through the day",
    "backtest_classes": "By class", "backtest_periods": "By period of arrival",
    "backtest_rule": "How the verdict is reached",
    "backtest_note_day": "Thin grey lines: observed days; black dots: their mean; blue line and "
                         "band: the simulated mean and its 95 % CI over replications.",
    "backtest_x": "period of arrival (clock time)", "backtest_per_period": " per period",
    "backtest_day_line": "observed day", "backtest_observed_mean": "observed mean",
    "backtest_simulated_mean": "simulated mean", "backtest_ci": "simulated 95 % CI",
    "backtest_column_kpi": "KPI", "backtest_column_observed": "observed mean",
    "backtest_column_range": "observed min–max (days)",
    "backtest_column_simulated": "simulated mean", "backtest_column_ci": "95 % CI",
    "backtest_column_error": "difference", "backtest_column_allowed": "allowed",
    "backtest_column_verdict": "verdict", "backtest_period": "period", "backtest_note": "note",
    "backtest_pass": "pass", "backtest_fail": "FAIL", "backtest_na": "n/a",
    "backtest_rule_text": "A KPI passes if |observed − simulated| ≤ max(t·s·√(1/days + "
                          "1/replications), tolerance): s is the pooled day-to-day standard "
                          "deviation of the observed and the simulated days, t the two-sided "
                          "Student quantile at 5 % divided by the number of verdicts in the "
                          "table. Tolerances: {tolerances}.",
    "backtest_relative": "{kpi} {value:g} %", "backtest_absolute": "{kpi} {value:g} points",
    "backtest_wait_floor": "waits closer than {minutes:g} min always pass",
    "backtest_note_no_balked": "arrivals: the log has no balked visits (a ticket machine or a "
                               "switch does not see who left without joining), so arrivals "
                               "are counted on both sides as customers who joined",
    "backtest_note_hours": "observed utilization: busy time from the log over the opening hours "
                           "of the scenario's counters (the log does not record when counters "
                           "were open)",
    "backtest_note_no_hours": "observed utilization: n/a — the log does not record when "
                              "counters were open, and its counters are not the scenario's",
    "fit_title": "Fit: {name}", "fit_subtitle": "How the hall was learnt from its visit log",
    "fit_section_provenance": "Where it comes from", "fit_section_arrivals": "Arrivals",
    "fit_section_service": "Service times", "fit_section_patience": "Patience",
    "fit_section_counters": "Counters",
    "fit_note_provenance": "The same lines head the fitted scenario file as comments.",
    "fit_band_days": "all classes: lowest to highest day", "fit_mean_days": "all classes: mean",
    "fit_axis_period": "period starting (clock time)", "fit_axis_per_hour": "arrivals per hour",
    "fit_dispersion": "Day totals against Poisson: chi-square {statistic} on {df} degrees of "
                      "freedom, p = {p}; day-to-day cv {cv}.",
    "fit_one_day": "One day only: the day-to-day variation cannot be estimated.",
    "fit_why_family": "{family}: the lowest AIC of the families keeping the mean within "
                      "{tolerance}",
    "fit_left_out": "; left out: {families}",
    "fit_why_empirical": "empirical: no family kept the mean within {tolerance}",
    "fit_pooled": " (pooled over classes: no served visit of its own)",
    "fit_yes": "yes", "fit_no": "no", "fit_chosen": " (chosen)",
    "fit_column_family": "family", "fit_column_aic": "AIC", "fit_column_ks": "KS distance",
    "fit_column_ad": "Anderson–Darling", "fit_column_mean_error": "mean vs sample",
    "fit_column_kept": "mean kept", "fit_ecdf": "ECDF", "fit_qq": "QQ",
    "fit_observed": "observed", "fit_quantiles": "quantiles", "fit_equal": "equal",
    "fit_axis_service": "service time (min)", "fit_axis_share": "share at most",
    "fit_axis_model_quantile": "{family} quantile (min)",
    "fit_axis_observed_quantile": "observed quantile (min)",
    "fit_all_classes": "all classes",
    "fit_no_patience": "Nobody gave up in the log: no patience is modelled.",
    "fit_note_patience": "Patience is censored: those served waited less than their patience. "
                         "The Kaplan–Meier estimate (with its 95 % band) uses every visit; the "
                         "naive mean of those who gave up is biased low and shown only for "
                         "comparison.",
    "fit_patience_line": "{family}: mean {mean} min ({events} gave up, {censored} censored); "
                         "naive mean {naive} min.",
    "fit_band": "95 % band", "fit_axis_waited": "time waited (min)",
    "fit_axis_willing": "share still willing to wait",
    "fit_counters_seen": "counters seen (mean over days)", "fit_capacity": "capacity measured",
    "fit_counters_open": "counters open in the fitted hall",
    "fit_note_counters": "Capacity is the mean number of busy counters while customers waited; "
                         "in the periods where nobody waited it is the most busy at once (a "
                         "lower bound).",
    "fit_calibration": "Calibration: observed mean wait {wait} min (by part of the day: "
                       "{parts}), abandonment {abandonment} over {days} days; chosen factors "
                       "{factor}. Parts of the day: early (before capacity first reaches 75 % "
                       "of its peak), day, late (after it last does).",
    "fit_column_factor": "factor", "fit_column_wait": "simulated mean wait (min)",
    "fit_column_abandonment": "simulated abandonment",
    "fit_column_parts": "by part of the day (min)",
}

ZH = {
    "backtest_title": "回测",
    "backtest_facts": "观测 {days} 天（{log}：{dates}）对比模拟 {replications} 天。{read}",
    "backtest_read": "读取 {rows} 行，使用 {days} 天中的 {visits} 次到访{skipped}。",
    "backtest_skipped": "；跳过：{list}",
    "backtest_overall": "全天判定", "backtest_day": "一天之中",
    "backtest_classes": "按客户类别", "backtest_periods": "按到达时段",
    "backtest_rule": "判定规则",
    "backtest_note_day": "灰色细线：各观测日；黑点：观测均值；蓝线与色带：模拟均值及其 "
                         "95% 置信区间。",
    "backtest_x": "到达时段（时钟时间）", "backtest_per_period": "（每时段）",
    "backtest_day_line": "观测日", "backtest_observed_mean": "观测均值",
    "backtest_simulated_mean": "模拟均值", "backtest_ci": "模拟 95% 置信区间",
    "backtest_column_kpi": "指标", "backtest_column_observed": "观测均值",
    "backtest_column_range": "观测最小–最大（天数）",
    "backtest_column_simulated": "模拟均值", "backtest_column_ci": "95% 置信区间",
    "backtest_column_error": "差值", "backtest_column_allowed": "允许",
    "backtest_column_verdict": "判定", "backtest_period": "时段", "backtest_note": "说明",
    "backtest_pass": "通过", "backtest_fail": "未通过", "backtest_na": "无法判定",
    "backtest_rule_text": "当 |观测 − 模拟| ≤ max(t·s·√(1/天数 + 1/模拟次数), 容差) 时指标通过："
                          "s 为观测日与模拟日合并的逐日标准差，t 为双侧学生 t 分位数，显著性水平"
                          "为 5% 除以表中判定的个数。容差：{tolerances}。",
    "backtest_relative": "{kpi} {value:g}%", "backtest_absolute": "{kpi} {value:g} 个百分点",
    "backtest_wait_floor": "等候时间相差不到 {minutes:g} 分钟一律通过",
    "backtest_note_no_balked": "到达人数：日志中没有未排队离开的记录（取号机或交换机看不到未排队就"
                               "离开的顾客），因此双方的到达人数都按已排队的顾客计",
    "backtest_note_hours": "观测利用率：日志中的服务时间除以场景中各窗口的开放时间（日志不记录"
                           "窗口何时开放）",
    "backtest_note_no_hours": "观测利用率：无法计算——日志不记录窗口何时开放，且日志中的窗口不是"
                              "场景中的窗口",
    "fit_title": "拟合：{name}", "fit_subtitle": "如何从到访日志中得出这个大厅",
    "fit_section_provenance": "数据来源", "fit_section_arrivals": "到达",
    "fit_section_service": "服务时间", "fit_section_patience": "耐心",
    "fit_section_counters": "窗口",
    "fit_note_provenance": "以下各行与拟合所得场景文件开头的注释相同（该文件的注释为英文）。",
    "fit_band_days": "全部类别：最低至最高的一天", "fit_mean_days": "全部类别：平均值",
    "fit_axis_period": "时段开始（时钟时间）", "fit_axis_per_hour": "每小时到达人数",
    "fit_dispersion": "每日总数与泊松分布比较：卡方 {statistic}，自由度 {df}，p = {p}；"
                      "日间变异系数 {cv}。",
    "fit_one_day": "只有一天的数据：无法估计日间变化。",
    "fit_why_family": "{family}：在均值误差不超过 {tolerance} 的分布族中 AIC 最低",
    "fit_left_out": "；排除：{families}",
    "fit_why_empirical": "经验分布：没有分布族能使均值误差不超过 {tolerance}",
    "fit_pooled": "（合并全部类别：该类别没有自己的已服务记录）",
    "fit_yes": "是", "fit_no": "否", "fit_chosen": "（选中）",
    "fit_column_family": "分布族", "fit_column_aic": "AIC", "fit_column_ks": "KS 距离",
    "fit_column_ad": "Anderson–Darling 统计量", "fit_column_mean_error": "均值与样本之差",
    "fit_column_kept": "均值符合", "fit_ecdf": "经验分布函数", "fit_qq": "分位数图（QQ）",
    "fit_observed": "观测", "fit_quantiles": "分位数", "fit_equal": "相等",
    "fit_axis_service": "服务时间（分钟）", "fit_axis_share": "不超过该时间的比例",
    "fit_axis_model_quantile": "{family} 分位数（分钟）",
    "fit_axis_observed_quantile": "观测分位数（分钟）",
    "fit_all_classes": "全部类别",
    "fit_no_patience": "日志中没有人中途放弃：不建立耐心模型。",
    "fit_note_patience": "耐心是删失数据：已服务的顾客等候时间短于其耐心。Kaplan–Meier 估计"
                         "（及其 95% 区间）使用全部到访；放弃者等候时间的简单平均偏低，仅供比较。",
    "fit_patience_line": "{family}：平均 {mean} 分钟（{events} 人放弃，{censored} 人删失）；"
                         "简单平均 {naive} 分钟。",
    "fit_band": "95% 区间", "fit_axis_waited": "已等候时间（分钟）",
    "fit_axis_willing": "仍愿意等候的比例",
    "fit_counters_seen": "出现的窗口数（各日平均）", "fit_capacity": "测得的服务能力",
    "fit_counters_open": "拟合大厅中开放的窗口",
    "fit_note_counters": "服务能力是有顾客等候时正在服务的窗口数的平均值；在无人等候的时段，"
                         "取同时服务的最大窗口数（下限）。",
    "fit_calibration": "校准：观测平均等候 {wait} 分钟（按时段：{parts}），放弃率 {abandonment}，"
                       "共 {days} 天；选定系数 {factor}。时段：early 为服务能力首次达到峰值 75% "
                       "之前，day 为其间，late 为最后一次达到之后。",
    "fit_column_factor": "系数", "fit_column_wait": "模拟平均等候时间（分钟）",
    "fit_column_abandonment": "模拟放弃率",
    "fit_column_parts": "按时段（分钟）",
}
