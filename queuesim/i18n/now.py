"""Words of ``queuesim now``: its terminal table, its trade-off and recommendation lines, the
note on the lines a visit log does not tell, and its page (``--report``).

Keys start with ``now_``. The options themselves stay as the manager wrote them ("open T3
now"): they are input, in the grammar of :mod:`queuesim.now.options`; only the baseline,
"nothing", is named in the language of the page."""

EN = {
    "now_nothing": "nothing",
    "now_wait_now": "wait of those waiting now (min)",
    "now_wait_next_hour": "wait of next hour's arrivals (min)",
    "now_walkouts": "walk-outs (people)",
    "now_counter_minutes": "counter-minutes used",

    "now_option_line": "{option}: {parts}",
    "now_separator": ", ",
    "now_minutes": "{change} min",
    "now_for_waiting": "{change} for the {count} waiting",
    "now_for_next_hour": "{change} for the next hour's arrivals",
    "now_fewer_walkouts": "{count} fewer walk-outs",
    "now_more_walkouts": "{count} more walk-outs",
    "now_counter_change": "{change} counter-minutes",
    "now_recommend_nothing": "Recommended: nothing — no option shortens the waiting beyond the "
                             "noise of {replications} replications.",
    "now_recommend": "Recommended: {option} — saves {saved} customer-minutes of waiting in the "
                     "next {horizon} min for {cost} counter-minutes. {trade_off}.",
    "now_state_line": "{time}: {serving} serving, {waiting} waiting",
    "now_line_note": "note: the log does not say which line {unknown} of the {waiting} waiting "
                     "stand in (they gave up later, or were served at a counter not open now); "
                     "they rejoin by the hall's line choice",
    "now_page_title": "Deciding now",
    "now_section_recommendation": "Recommendation",
    "now_note_recommendation": "Each option against doing nothing on the same simulated "
                               "customers (common random numbers): mean paired difference with "
                               "its 95 % confidence interval.",
    "now_section_differences": "Difference to doing nothing",
    "now_section_service_level": "Service level per quarter hour",
    "now_note_service_level": "Share of those arriving in each quarter hour who joined and "
                              "were served within the target wait; mean over {replications} "
                              "replications, 95 % CI.",
    "now_section_table": "Every figure",
    "now_facts": "{state} · next {horizon} min · {replications} replications · seed {seed} · "
                 "day level {level} · queuesim {version}",
    "now_axis_quarter": "minutes from now (end of the quarter hour)",
    "now_axis_service_level": "service level (%)",
}

ZH = {
    "now_nothing": "维持现状",
    "now_wait_now": "现在等候者的等候时间（分钟）",
    "now_wait_next_hour": "未来一小时到达者的等候时间（分钟）",
    "now_walkouts": "放弃离开（人）",
    "now_counter_minutes": "窗口开放时间（窗口·分钟）",

    "now_option_line": "{option}：{parts}",
    "now_separator": "，",
    "now_minutes": "{change} 分钟",
    "now_for_waiting": "现在等候的 {count} 人 {change}",
    "now_for_next_hour": "未来一小时到达者 {change}",
    "now_fewer_walkouts": "放弃离开少 {count} 人",
    "now_more_walkouts": "放弃离开多 {count} 人",
    "now_counter_change": "窗口开放 {change} 窗口·分钟",
    "now_recommend_nothing": "建议：维持现状 — 在 {replications} 次模拟的随机波动之外，"
                             "没有哪个方案能缩短等候。",
    "now_recommend": "建议：{option} — 未来 {horizon} 分钟内共减少顾客等候 {saved} 人·分钟，"
                     "代价是窗口开放 {cost} 窗口·分钟。{trade_off}。",
    "now_state_line": "{time}：{serving} 个窗口正在服务，{waiting} 人等候",
    "now_line_note": "注意：记录中没有写明 {waiting} 位等候者中的 {unknown} 位排在哪一队"
                     "（他们后来放弃离开，或在此刻未开放的窗口办理）；他们按本厅的选队规则重新排队",
    "now_page_title": "现在决策",
    "now_section_recommendation": "建议",
    "now_note_recommendation": "每个方案都与维持现状在同一批模拟顾客上比较（公共随机数）："
                               "配对差值的平均值及其 95 % 置信区间。",
    "now_section_differences": "与维持现状的差异",
    "now_section_service_level": "每刻钟的服务水平",
    "now_note_service_level": "每刻钟到达并排队的顾客中，在目标等候时间内开始办理的比例；"
                              "{replications} 次模拟的平均值，95 % 置信区间。",
    "now_section_table": "全部数字",
    "now_facts": "{state} · 未来 {horizon} 分钟 · 模拟 {replications} 次 · 随机种子 {seed} · "
                 "当日客流水平 {level} · queuesim {version}",
    "now_axis_quarter": "距现在的分钟数（该刻钟结束时）",
    "now_axis_service_level": "服务水平（%）",
}
