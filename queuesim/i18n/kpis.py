"""Names of the KPIs, keyed by the stable names of :mod:`queuesim.metrics`.

The terminal and the pages both name a KPI from here, so a figure is called the same
wherever a user meets it."""

EN = {
    "arrivals": "arrivals", "served": "served", "balked": "did not join",
    "reneged": "gave up waiting", "no_show": "missed their call", "unserved": "unserved at the end",
    "wait_mean": "mean wait", "wait_p50": "median wait", "wait_p90": "90th-percentile wait",
    "wait_p95": "95th-percentile wait", "wait_max": "longest wait",
    "service_level": "service level", "abandon_rate": "abandon rate", "balk_rate": "balk rate",
    "utilization": "utilization", "waiting_mean": "people waiting, time average",
    "waiting_max": "people waiting, most at once", "overtime": "overtime",
    "open_time": "open time", "busy_time": "busy time", "absent_time": "lost to absent calls",
    "overtaken_share": "overtaken by later arrivals",
    "illegitimate_overtakes": "unfair overtakes per customer",
    "perceived_wait_mean": "felt wait (model)",
    "worse_than_expected": "wait worse than expected", "as_expected": "wait as expected",
    "better_than_expected": "wait better than expected",
    "announce_error": "announced minus actual wait",
    "announce_error_abs": "announcement error, mean size",
    "announce_within_5": "announced within ±5 min",
}

ZH = {
    "arrivals": "到达人数", "served": "已服务人数", "balked": "未排队离开",
    "reneged": "等候中放弃", "no_show": "过号未到", "unserved": "结束时未服务",
    "wait_mean": "平均等候时间", "wait_p50": "等候时间中位数", "wait_p90": "等候时间第 90 百分位",
    "wait_p95": "等候时间第 95 百分位", "wait_max": "最长等候时间",
    "service_level": "服务水平", "abandon_rate": "放弃率", "balk_rate": "未排队比例",
    "utilization": "利用率", "waiting_mean": "平均等候人数",
    "waiting_max": "最多同时等候人数", "overtime": "加班时间",
    "open_time": "开放时间", "busy_time": "服务时间", "absent_time": "叫号未到损失时间",
    "overtaken_share": "被后到者超越的比例",
    "illegitimate_overtakes": "每位顾客被不公平超越次数",
    "perceived_wait_mean": "感知等候时间（模型）",
    "worse_than_expected": "等候比预期差", "as_expected": "等候符合预期",
    "better_than_expected": "等候比预期好",
    "announce_error": "告知等候减实际等候",
    "announce_error_abs": "告知误差平均大小",
    "announce_within_5": "告知误差在 ±5 分钟内",
}
