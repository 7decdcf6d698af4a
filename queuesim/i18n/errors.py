"""Error, warning and progress lines (keys ``msg.*`` and ``pydantic.*``). Field paths and
file names are filled in as written by the user; a value found is shown as written too
(``-3``, ``'abc'``).

``pydantic.<type>`` keys turn a validation error of that pydantic error type into a line
(:func:`queuesim.loader.explain`); their fields are pydantic's own context (``gt``,
``expected``…) and ``found``. The English lines of pydantic types without a key here are
pydantic's own message; other languages fall back to ``pydantic.other``."""

EN: dict[str, str] = {
    # shared parts of lines
    "msg.did_you_mean": " (did you mean '{word}'?)",
    "msg.separator": "; ",
    "msg.found_mapping": "a mapping", "msg.found_list": "a list",
    "msg.found_long_text": "{text} ({length} characters)",
    # option checks of the command line
    "msg.option_not_one_of": "{option} {value}: {what}{suggestion}; choose one of {allowed}",
    "msg.option_out_of_range": "{option}: expected a number {limits}, found {value}",
    "msg.range_between": "from {low} to {high}", "msg.range_at_least": "of at least {low}",
    "msg.range_at_most": "of at most {high}",
    "msg.language_expected": "not a language queuesim speaks",
    "msg.missing_parameter": "missing {name}",
    "msg.no_such_option": "no such option {name}{suggestion}",
    "msg.no_such_command": "no such command {name}{suggestion}",
    "msg.bad_parameter": "{name}: expected {expected}",
    "msg.expected_integer": "a whole number", "msg.expected_number": "a number",
    "msg.expected_value": "another value",
    "msg.kpi_to_rank": "not a KPI to rank by",
    "msg.unknown_kpi": "{option}: unknown KPI '{name}'{suggestion}; known: {known}",
    "msg.sweep_needs_vary": "give at least one --vary PATH=v1,v2,…",
    # files
    "msg.file_not_found": "file not found",
    "msg.file_scenario": "a scenario YAML file", "msg.file_yaml": "a YAML file",
    "msg.file_options": "a YAML list of options", "msg.file_state": "a state YAML file",
    "msg.file_network": "a network YAML file", "msg.file_columns": "a column mapping (map.yaml)",
    "msg.is_folder": "is a folder; expected {what}",
    "msg.unreadable_yaml": "{where}unreadable YAML: {problem}",
    "msg.line_column": "line {line}, column {column}: ",
    "msg.cannot_read": "cannot read the file: {error}",
    "msg.empty_scenario": "the file is empty; expected scenario fields (name, clock, customers, "
                      "arrivals, counters...)",
    "msg.not_a_mapping": "expected a mapping of scenario fields (name: ..., clock: ...), found "
                     "{found}",
    "msg.key_twice": "key {name} is given twice (lines {first} and {second})",
    "msg.too_deep": "nested deeper than {depth} levels",
    "msg.text_too_long": "expected a text of at most {limit} characters, found {length}",
    "msg.name_too_long": "expected names of at most {limit} characters, found one of {length}: "
                     "{name}",
    "msg.too_many_values": "more than {limit} values; not a scenario",
    "msg.too_deep_values": "nesting deeper than {depth} levels; not a scenario",
    # visit logs
    "msg.file_visit_log": "a visit log",
    "msg.file_bank_log": "an Anonymous Bank call log (TSV)",
    "msg.log_empty": "the file is empty; expected {what} with a header line",
    "msg.log_no_rows": "the file has a header but no rows; expected {what}",
    "msg.log_row": "row {row}", "msg.log_line": "line {line}",
    "msg.log_cell": "{row}, column {column}: {message}",
    "msg.log_missing_column": "missing column '{name}'{suggestion}; the header has: {header}",
    "msg.log_whole_number": "expected a whole number, found {found}",
    "msg.log_time": "expected a date-time {expected}, found {found}",
    "msg.log_time_format": "format {format}", "msg.log_time_like": "like 2024-03-05 09:12:30",
    "msg.log_outcome": "expected one of {known}, found {found}{suggestion}",
    "msg.log_reversed": "the service ends ({end}) before it starts ({start})",
    "msg.days_range": "--days {text}: expected a day or a range such as sun-thu",
    "msg.days_unknown": "--days {text}: unknown day {name}; expected mon…sun, weekdays or "
                        "weekend{suggestion}",
    "msg.no_branch": "no branch {branch} in the log; it has {known}{suggestion}",
    "msg.no_visits_chosen": "no visits on the chosen days; the log covers {first} to {last}",
    "msg.no_visits_to_fit": "no visits left to fit (every row was skipped or no day chosen)",
    "msg.holdout_days": "--holdout {holdout} of {days} days leaves {fit} to fit and {check} to "
                        "check; each needs at least one day",
    # queuesim now
    "msg.state_either": "give either --state STATE.yaml or --state-from LOG --at TIME",
    "msg.state_needs_at": "--state-from needs --at, e.g. --at \"2026-02-22 11:40\"",
    # --set
    "msg.set_needs_equals": "--set {text}: expected PATH=VALUE, e.g. arrivals.scale=1.2",
    "msg.set_empty_path": "--set {text}: empty path",
    "msg.set_shorthand": "--set {text}: {path} is the {form} shorthand, whose counters are all "
                     "alike; set a field of all of them (e.g. {path}.speed=1.2) or list the "
                     "counters",
    "msg.set_no_field": "--set {text}: no field {path} to set",
    "msg.set_cannot": "--set {text}: cannot set {step} here",
    "msg.set_no_id": "--set {text}: no item with id '{item}'{suggestion}",
    # validation, by pydantic error type
    "pydantic.extra_forbidden": "unknown key{suggestion}",
    "pydantic.missing": "required field is missing",
    "pydantic.union_tag_invalid": "unknown distribution '{tag}'{suggestion}; expected one of "
                                  "{known}",
    "pydantic.union_tag_not_found": "expected a 'dist' field naming the distribution, e.g. "
                                    "{{dist: exponential, mean: 5}}",
    "pydantic.too_short": "expected at least {min_length} entry, found none",
    "pydantic.model_type": "expected a mapping of fields (key: value), found {found}",
    "pydantic.other": "{message}, found {found}",
    "pydantic.greater_than": "input should be greater than {gt}, found {found}",
    "pydantic.greater_than_equal": "input should be greater than or equal to {ge}, found "
                                   "{found}",
    "pydantic.less_than": "input should be less than {lt}, found {found}",
    "pydantic.less_than_equal": "input should be less than or equal to {le}, found {found}",
    "pydantic.float_parsing": "input should be a valid number, unable to parse string as a "
                              "number, found {found}",
    "pydantic.float_type": "input should be a valid number, found {found}",
    "pydantic.int_parsing": "input should be a valid integer, unable to parse string as an "
                            "integer, found {found}",
    "pydantic.int_type": "input should be a valid integer, found {found}",
    "pydantic.int_from_float": "input should be a valid integer, got a number with a "
                               "fractional part, found {found}",
    "pydantic.string_type": "input should be a valid string, found {found}",
    "pydantic.bool_parsing": "input should be a valid boolean, unable to interpret input, "
                             "found {found}",
    "pydantic.bool_type": "input should be a valid boolean, found {found}",
    "pydantic.list_type": "input should be a valid list, found {found}",
    "pydantic.dict_type": "input should be a mapping (key: value), found {found}",
    "pydantic.literal_error": "input should be {expected}, found {found}",
    "pydantic.enum": "input should be {expected}, found {found}",
    "pydantic.string_too_long": "string should have at most {max_length} characters, found "
                                "{found}",
    "pydantic.too_long": "list should have at most {max_length} items after validation, not "
                         "{actual_length}, found {found}",
    "pydantic.finite_number": "input should be a finite number, found {found}",
    # the scenario's own rules (validators of queuesim.scenario)
    "msg.v.close_before_open": "close {close} is not after open {open}",
    "msg.v.negative_rate": "rates must not be negative, found {found}",
    "msg.v.no_positive_rate": "expected a positive arrival rate, found only 0",
    "msg.v.intervals_overlap": "intervals overlap: {found}",
    "msg.v.shares_sum": "customers: shares must sum to 1, found {found}",
    "msg.v.duplicate_id": "counters[{index}].id: duplicate id '{id}'",
    "msg.v.unknown_class": "counters[{index}].serves: unknown class '{name}'{suggestion}",
    "msg.v.class_unserved": "customers.{name}: no counter serves this class",
    "msg.v.first_time": "arrivals.per_hour: the first time must be the opening time {open} "
                        "(give 0 if nobody comes), found {found}",
    "msg.v.last_time": "arrivals.per_hour: {found} is not before closing time {close}",
    "msg.v.hours_outside": "counters[{index}].hours: {start}-{end} is outside opening hours "
                           "{open}-{close}",
    # the size of a hall
    "msg.limit_rate": "arrivals: {peak} customers per hour × scale {scale} is above the limit of "
                  "{limit} per hour",
    "msg.limit_customers": "arrivals: about {expected} customers expected per replication "
                       "(arrivals.per_hour × scale over {length}, plus appointments and "
                       "bursts); at most {limit} can be simulated",
    "msg.limit_horizon": "clock.horizon", "msg.limit_day": "the opening hours",
    # warnings and progress
    "msg.warning": "warning: {message}",
    "msg.progress_simulating": "simulating",
    "msg.progress_branches": "branches", "msg.progress_left": "left",
    "msg.results_written": "Results written to {folder}/",
    "msg.report_written": "Report written to {path}",
    "msg.validate_ok": "{file}: ok — '{name}', {classes} classes, {counters} counters, {structure}",
    "msg.interrupted_nothing": "interrupted — nothing was written; the previous result is "
                               "intact",
    "msg.interrupted_saved": "interrupted — the results had been saved in {folders} before the "
                             "interruption; what was still to be written or printed after them "
                             "is missing",
    "msg.interrupted_network": "interrupted; finished branches are kept: run the same command "
                           "again to do the rest",
    "msg.branch_failed": "branch {name} failed: {message}",
    "msg.league_written": "League written to {folder}/{page}",
    "msg.league_page": " (page: {path})",
    "msg.fit_written": "Scenario written to {scenario}, its page to {page}",
    "msg.staff_written": "Plan, shifts and roster written to {folder}/ (run the roster with "
                     "queuesim run {folder}/roster.yaml)",
    # warnings of diagnostics.py
    "msg.not_same_hall": "{source}: not the same hall as {first} (opens at {opens}, customers "
                         "{classes}; {first} opens at {first_opens}, customers "
                         "{first_classes}); compare options of one hall: the same day's files, "
                         "--set or --vary",
    "msg.other_customers": "other customer classes than {baseline} ({classes}); its "
                           "differences include that change of customers",
    "msg.overload_day": "overload: more work arrives than the open counters can do in {hours} of "
                    "{total} hours of the day: {spans}. The line grows through these hours, so "
                    "expect long waits, walk-outs or overtime",
    "msg.overload_span_closed": "{when} (work arrives while no counter is open, from {start})",
    "msg.overload_span": "{when} (up to {percent} % of the counters open, at {start}: {load} "
                     "counters' work against {capacity})",
    "msg.overload_steady": "overload: offered load {load} counters' work against {capacity} "
                       "counters ({percent} %); {tail}",
    "msg.overload_steady_patient": "only customers giving up keep the line finite: waits are set "
                               "by patience and a large share gives up",
    "msg.overload_steady_growing": "the line grows without limit, so the averages do not converge: "
                               "waits, the number waiting and those unserved at the end grow "
                               "with the horizon and describe the run length, not the hall",
    "msg.overtime": "overtime: the last service ends on average {minutes} min ({hours} "
                    "h){interval} after closing time {close}, {percent} % of the {day}-hour "
                    "day; the counters cannot clear the line in opening hours",
    "msg.overtime_interval": " [95 % CI {low}–{high}]",
    "msg.plan_fails_proof": "the plan does not meet the target in {count} period(s): {periods} "
                            "(fresh simulated days, 95 % CI); it is the best roster found, not "
                            "a proven plan: add counters in those periods or relax the target",
}

ZH: dict[str, str] = {
    "msg.did_you_mean": "（是否想写 '{word}'？）",
    "msg.separator": "；",
    "msg.found_mapping": "一个映射（键: 值）", "msg.found_list": "一个列表",
    "msg.found_long_text": "{text}（共 {length} 个字符）",
    "msg.option_not_one_of": "{option} {value}：{what}{suggestion}；请从 {allowed} 中选择",
    "msg.option_out_of_range": "{option}：应为{limits}的数，实际为 {value}",
    "msg.range_between": " {low} 到 {high} 之间", "msg.range_at_least": "不小于 {low} ",
    "msg.range_at_most": "不大于 {high} ",
    "msg.language_expected": "不是 queuesim 支持的语言",
    "msg.missing_parameter": "缺少 {name}",
    "msg.no_such_option": "没有选项 {name}{suggestion}",
    "msg.no_such_command": "没有命令 {name}{suggestion}",
    "msg.bad_parameter": "{name}：应为{expected}",
    "msg.expected_integer": "整数", "msg.expected_number": "数字",
    "msg.expected_value": "其他取值",
    "msg.kpi_to_rank": "不是可用于排序的指标",
    "msg.unknown_kpi": "{option}：未知指标 '{name}'{suggestion}；可用指标：{known}",
    "msg.sweep_needs_vary": "请至少给出一个 --vary 路径=取值1,取值2,…",
    "msg.file_not_found": "找不到文件",
    "msg.file_scenario": "场景文件（YAML）", "msg.file_yaml": "YAML 文件",
    "msg.file_options": "措施列表文件（YAML）", "msg.file_state": "状态文件（YAML）",
    "msg.file_network": "网点网络文件（YAML）", "msg.file_columns": "列对照文件（map.yaml）",
    "msg.is_folder": "这是一个文件夹；应为{what}",
    "msg.unreadable_yaml": "{where}无法读取的 YAML：{problem}",
    "msg.line_column": "第 {line} 行第 {column} 列：",
    "msg.cannot_read": "无法读取文件：{error}",
    "msg.empty_scenario": "文件是空的；应包含场景字段（name、clock、customers、arrivals、"
                      "counters……）",
    "msg.not_a_mapping": "应为场景字段的映射（name: ...、clock: ...），实际为 {found}",
    "msg.key_twice": "键 {name} 出现了两次（第 {first} 行和第 {second} 行）",
    "msg.too_deep": "嵌套超过 {depth} 层",
    "msg.text_too_long": "文本最多 {limit} 个字符，实际为 {length} 个",
    "msg.name_too_long": "名称最多 {limit} 个字符，实际有一个为 {length} 个：{name}",
    "msg.too_many_values": "超过 {limit} 个值；不是场景文件",
    "msg.too_deep_values": "嵌套超过 {depth} 层；不是场景文件",
    "msg.file_visit_log": "客户来访记录",
    "msg.file_bank_log": "Anonymous Bank 呼叫记录（TSV）",
    "msg.log_empty": "文件是空的；应为带表头行的{what}",
    "msg.log_no_rows": "文件只有表头、没有数据行；应为{what}",
    "msg.log_row": "第 {row} 行", "msg.log_line": "第 {line} 行",
    "msg.log_cell": "{row}，{column} 列：{message}",
    "msg.log_missing_column": "缺少列 '{name}'{suggestion}；表头中有：{header}",
    "msg.log_whole_number": "应为整数，实际为 {found}",
    "msg.log_time": "应为日期时间（{expected}），实际为 {found}",
    "msg.log_time_format": "格式 {format}", "msg.log_time_like": "例如 2024-03-05 09:12:30",
    "msg.log_outcome": "应为 {known} 之一，实际为 {found}{suggestion}",
    "msg.log_reversed": "办理结束时间（{end}）早于开始时间（{start}）",
    "msg.days_range": "--days {text}：应为某一天或一个范围，例如 sun-thu",
    "msg.days_unknown": "--days {text}：未知的星期 {name}；应为 mon…sun、weekdays 或 "
                        "weekend{suggestion}",
    "msg.no_branch": "记录中没有网点 {branch}；记录中的网点有：{known}{suggestion}",
    "msg.no_visits_chosen": "所选日期没有来访；记录覆盖 {first} 至 {last}",
    "msg.no_visits_to_fit": "没有可用于拟合的来访（所有行都被跳过，或没有选中任何一天）",
    "msg.holdout_days": "--holdout {holdout}：{days} 天中只剩 {fit} 天用于拟合、{check} 天用于"
                        "检验；两者都至少需要一天",
    "msg.state_either": "请给出 --state STATE.yaml，或 --state-from LOG --at TIME，二者选一",
    "msg.state_needs_at": "--state-from 需要配合 --at，例如 --at \"2026-02-22 11:40\"",
    "msg.set_needs_equals": "--set {text}：应写成 路径=取值，例如 arrivals.scale=1.2",
    "msg.set_empty_path": "--set {text}：路径为空",
    "msg.set_shorthand": "--set {text}：{path} 是 {form} 简写形式，其中所有窗口都相同；请修改它们"
                     "共同的字段（例如 {path}.speed=1.2），或逐个列出窗口",
    "msg.set_no_field": "--set {text}：没有可设置的字段 {path}",
    "msg.set_cannot": "--set {text}：此处不能设置 {step}",
    "msg.set_no_id": "--set {text}：没有 id 为 '{item}' 的项{suggestion}",
    "pydantic.extra_forbidden": "未知的键{suggestion}",
    "pydantic.missing": "缺少必填字段",
    "pydantic.union_tag_invalid": "未知的分布 '{tag}'{suggestion}；应为以下之一：{known}",
    "pydantic.union_tag_not_found": "缺少指明分布的 'dist' 字段，例如 "
                                    "{{dist: exponential, mean: 5}}",
    "pydantic.too_short": "至少应有 {min_length} 项，实际为空",
    "pydantic.model_type": "应为字段的映射（键: 值），实际为 {found}",
    "pydantic.other": "{message}，实际为 {found}",
    "pydantic.greater_than": "应大于 {gt}，实际为 {found}",
    "pydantic.greater_than_equal": "应不小于 {ge}，实际为 {found}",
    "pydantic.less_than": "应小于 {lt}，实际为 {found}",
    "pydantic.less_than_equal": "应不大于 {le}，实际为 {found}",
    "pydantic.float_parsing": "应为数字，实际为 {found}",
    "pydantic.float_type": "应为数字，实际为 {found}",
    "pydantic.int_parsing": "应为整数，实际为 {found}",
    "pydantic.int_type": "应为整数，实际为 {found}",
    "pydantic.int_from_float": "应为整数（不能有小数部分），实际为 {found}",
    "pydantic.string_type": "应为文本，实际为 {found}",
    "pydantic.bool_parsing": "应为 true 或 false，实际为 {found}",
    "pydantic.bool_type": "应为 true 或 false，实际为 {found}",
    "pydantic.list_type": "应为列表，实际为 {found}",
    "pydantic.dict_type": "应为映射（键: 值），实际为 {found}",
    "pydantic.literal_error": "应为 {expected} 之一，实际为 {found}",
    "pydantic.enum": "应为 {expected} 之一，实际为 {found}",
    "pydantic.string_too_long": "最多 {max_length} 个字符，实际为 {found}",
    "pydantic.too_long": "最多 {max_length} 项，实际有 {actual_length} 项：{found}",
    "pydantic.finite_number": "应为有限的数（不能是 .inf 或 .nan），实际为 {found}",
    "msg.v.close_before_open": "关门时间 {close} 不晚于开门时间 {open}",
    "msg.v.negative_rate": "到达率不能为负数，实际为 {found}",
    "msg.v.no_positive_rate": "到达率应大于 0，实际全部为 0",
    "msg.v.intervals_overlap": "时间段重叠：{found}",
    "msg.v.shares_sum": "customers：各类客户的比例之和应为 1，实际为 {found}",
    "msg.v.duplicate_id": "counters[{index}].id：窗口编号 '{id}' 重复",
    "msg.v.unknown_class": "counters[{index}].serves：未知的客户类别 '{name}'{suggestion}",
    "msg.v.class_unserved": "customers.{name}：没有窗口办理这类客户",
    "msg.v.first_time": "arrivals.per_hour：第一个时间必须是开门时间 {open}（没人来就写 0），"
                        "实际为 {found}",
    "msg.v.last_time": "arrivals.per_hour：{found} 不早于关门时间 {close}",
    "msg.v.hours_outside": "counters[{index}].hours：{start}-{end} 超出了营业时间 "
                           "{open}-{close}",
    "msg.limit_rate": "arrivals：每小时 {peak} 位客户 × 倍数 {scale} 超过了每小时 {limit} 位的上限",
    "msg.limit_customers": "arrivals：每次模拟预计约 {expected} 位客户（arrivals.per_hour × 倍数，"
                       "按{length}计，加上预约和集中到达）；最多只能模拟 {limit} 位",
    "msg.limit_horizon": " clock.horizon ", "msg.limit_day": "营业时间",
    "msg.warning": "注意：{message}",
    "msg.progress_simulating": "正在模拟",
    "msg.progress_branches": "网点", "msg.progress_left": "剩余",
    "msg.results_written": "结果已写入 {folder}/",
    "msg.report_written": "报告已写入 {path}",
    "msg.validate_ok": "{file}：正确 — '{name}'，{classes} 类客户，{counters} 个窗口，{structure}",
    "msg.interrupted_nothing": "已中断 — 没有写入任何文件；之前的结果完好无损",
    "msg.interrupted_saved": "已中断 — 中断前结果已保存在 {folders}；之后尚待写入或显示的内容"
                             "缺失",
    "msg.interrupted_network": "已中断；已完成的网点结果已保留：再次运行同一命令即可完成其余部分",
    "msg.branch_failed": "网点 {name} 失败：{message}",
    "msg.league_written": "网点排名已写入 {folder}/{page}",
    "msg.league_page": "（页面：{path}）",
    "msg.fit_written": "场景文件已写入 {scenario}，其页面已写入 {page}",
    "msg.staff_written": "排班计划、班次和人员排班表已写入 {folder}/（用 queuesim run "
                     "{folder}/roster.yaml 运行该排班表）",
    "msg.not_same_hall": "{source}：与 {first} 不是同一个大厅（开门时间 {opens}，客户类别 "
                         "{classes}；{first} 开门时间 {first_opens}，客户类别 {first_classes}）；"
                         "请比较同一大厅的方案：同一天的文件、--set 或 --vary",
    "msg.other_customers": "客户类别与 {baseline} 不同（{classes}）；其差异包含了客户构成的变化",
    "msg.overload_day": "超负荷：在营业日 {total} 个小时中有 {hours} 个小时，到达的工作量超过了开放"
                    "窗口的处理能力：{spans}。这些时段队伍会越排越长，预计会出现长时间等候、"
                    "客户放弃离开或加班",
    "msg.overload_span_closed": "{when}（没有窗口开放时仍有客户到达，从 {start} 起）",
    "msg.overload_span": "{when}（最高达到开放窗口能力的 {percent} %，在 {start}：{load} 个窗口的"
                     "工作量对应 {capacity} 个窗口）",
    "msg.overload_steady": "超负荷：到达的工作量为 {load} 个窗口，而窗口只有 {capacity} 个"
                       "（{percent} %）；{tail}",
    "msg.overload_steady_patient": "只是因为有客户放弃离开，队伍才没有无限变长：等候时间由客户的"
                               "耐心决定，很大一部分客户会放弃",
    "msg.overload_steady_growing": "队伍会无限变长，平均值不会收敛：等候时间、等候人数和结束时"
                               "未服务的人数都随模拟时长增长，反映的是模拟时长而不是大厅",
    "msg.overtime": "加班：最后一位客户平均在下班时间 {close} 之后 {minutes} 分钟（{hours} 小时）"
                "{interval}才办完，相当于 {day} 小时营业时间的 {percent} %；窗口无法在营业"
                "时间内办完排队的客户",
    "msg.overtime_interval": "[95 % 置信区间 {low}–{high}]",
    "msg.plan_fails_proof": "排班计划在 {count} 个时段未达到目标：{periods}（新的模拟营业日，"
                            "95 % 置信区间）；这是找到的最佳排班，但未经证实能达标：请在这些"
                            "时段增加窗口，或放宽目标",
}
