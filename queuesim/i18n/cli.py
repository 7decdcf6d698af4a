"""The command line's help: commands, options and their descriptions.

Keys start with ``cli.``: ``cli.<command>`` is a command's help, ``cli.opt.<name>`` an option's
or an argument's, ``cli.out.<command>`` the ``--out`` option of a command (each states its own
default folder). The help is built from here when the app is built, in the language chosen
before (see :mod:`queuesim.cli_language`)."""

EN: dict[str, str] = {
    # the app and its panels
    "cli.app": "Waiting-line simulator for service halls: what happens to waits, walk-outs and "
               "counter load if you change the queue, the counters or the demand?",
    "cli.opt.version": "Print the version and exit.",
    "cli.opt.help": "Show this help and exit.",
    "cli.opt.lang": "Language of the terminal, the messages and the pages: en or zh (default: "
                    "QUEUESIM_LANG, else the locale).",
    # the commands
    "cli.run": "Simulate a hall and show waits, walk-outs and counter load, each with its "
               "95 % CI.",
    "cli.staff": "Find the counters each period needs and the cheapest shifts that meet the "
                 "target, then prove the plan on fresh simulated days, beside SIPP's staffing "
                 "and today's.",
    "cli.compare": "Run several options of a hall on the same simulated days and show each KPI "
                   "with its 95 % CI and the paired difference from the first option "
                   "(* = significant).",
    "cli.sweep": "Run a grid of options (every combination of the --vary values) on the same "
                 "simulated days and show one KPI over the grid.",
    "cli.report": "Rebuild report.html of a saved run from its files, without simulating again.",
    "cli.advise": "Try each waiting-line measure of the material (appointments, one line, "
                  "tickets, part-time staff, self-service, announcements…) on the same "
                  "simulated days and rank them by how much they change waits, service level, "
                  "walk-outs, perceived wait and fairness.",
    "cli.validate": "Check files without simulating (halls, shift templates, states, networks, "
                    "column mappings); say what is wrong and where.",
    "cli.arg.validate_files": "YAML files: halls, shift templates, states, networks or column "
                              "mappings (recognised by their fields; a state is checked against "
                              "a hall given beside it).",
    "cli.schema": "Print the JSON schema of scenario files (for editor completion and checks).",
    "cli.version": "Print the version.",
    "cli.fit": "Learn a hall from its visit log and write it as a scenario (with fit.html beside "
               "it), so that what-ifs start from your own days. With --holdout 0.25 the latest "
               "quarter of the days is kept out of the fit and the fitted hall is checked "
               "against it.",
    "cli.backtest": "Simulate the hall and compare it with the observed days of a visit log: "
                    "arrivals, abandonment, mean and 90th-percentile wait, service level and "
                    "utilization, over the whole day, per period and per class, each with a "
                    "pass/fail verdict.",
    "cli.now": "Start from the hall as it is this minute and compare what you can do in the "
               "next two hours: each option against doing nothing, on the same simulated "
               "customers, with 95 % CIs.\n\nOptions: \"open T5 now\", \"open T5 at 12:00 "
               "(until 13:30)\", \"open T6 now like T1\", \"close T2 now\", \"close T2 at "
               "12:30\", \"extend T3 to 14:00\", \"move T4 to business,vip\"; join several "
               "with \"and\". See docs/now.md.",
    "cli.network": "Run, compare and staff a whole network of branches at once, on this "
                   "machine or on a dask cluster.",
    "cli.network_run": "Simulate every branch as it is and rank them by how far they are from "
                       "target.",
    "cli.network_compare": "Try every what-if of the network file in every branch, on the same "
                           "simulated days, and rank the branches by how much each what-if "
                           "helps.",
    "cli.network_staff": "Plan every branch's staff for its target and total the network's "
                         "counter-hours and cost against today's.",
    # options shared by the simulating commands
    "cli.opt.scenario": "Scenario YAML file, e.g. scenarios/nanhu_branch.yaml.",
    "cli.opt.set": "Change one field for this run, e.g. --set queue.structure=ticket --set "
                   "arrivals.scale=1.2 --set counters.T3.speed=1.2 (repeatable).",
    "cli.opt.replications": "Days (or runs) to simulate, 1 to 100,000; default: the "
                            "scenario's.",
    "cli.opt.seed": "Root seed, 0 or more; default: the scenario's.",
    "cli.opt.workers": "Worker processes, 1 or more; default: one per core. The numbers never "
                       "depend on it.",
    "cli.out.run": "Folder for the results: a new one or one queuesim wrote (see --force); "
                   "default: results/<scenario file name>, and results/<name>--<overrides> "
                   "with --set.",
    "cli.out.compare": "Folder for the results (see --force); default: "
                       "results/compare-<file names joined by ->, and …--<overrides> with --set.",
    "cli.out.sweep": "Folder for the results (see --force); default: "
                     "results/sweep-<scenario file name>, and …--<overrides> with --set.",
    "cli.out.advise": "Folder for the results (see --force); default: "
                      "results/advise-<scenario file name>, and …--<overrides> with --set.",
    "cli.out.staff": "Folder for the plan, the shifts and the roster (see --force); default: "
                     "results/<scenario file name>-staffing, and …--<overrides> with --set.",
    "cli.opt.json": "Print only the summary as JSON.",
    "cli.opt.report": "Also write report.html: one page with charts, readable offline and in "
                      "print.",
    "cli.opt.force": "Write into an --out folder that queuesim did not create, beside the files "
                     "there (none of them is removed or changed, except earlier results of the "
                     "same names).",
    "cli.opt.save": "What the results folder keeps: kpis (summary, per-day KPIs, counters) or "
                    "customers (also one row per customer and the timeline: what report charts "
                    "of waits and of the day need; large for many days).",
    "cli.opt.format": "File format of the tables: csv (spreadsheets) or parquet (compact, fast; "
                      "pandas, R, DuckDB).",
    # staff
    "cli.opt.period": "Planning period, minutes (must divide the day: 15, 30, 60…).",
    "cli.opt.target_wait": "Target wait, minutes; default: the scenario's targets.wait_minutes.",
    "cli.opt.service_level": "Share to serve within the target wait, 0.01 to 0.999; default: "
                             "the scenario's.",
    "cli.opt.max_abandon": "Highest share who may give up, 0 to 1, e.g. 0.05; default: the "
                           "scenario's.",
    "cli.opt.shifts": "Shift templates (YAML), e.g. scenarios/shifts_branch.yaml: the plan is "
                      "then made of the cheapest shifts.",
    "cli.opt.frontier": "Also plan for service levels 60 %…95 % and show cost against level.",
    "cli.opt.verify": "Fresh simulated days to prove the plan, 2 or more.",
    # compare, sweep, report, advise
    "cli.opt.vary": "Try several values of one field, e.g. --vary counters.count=3,4,5 or "
                    "--vary queue.structure=single_line,multi_line,ticket (repeatable: a grid).",
    "cli.opt.kpis": "KPIs to show, comma-separated.",
    "cli.opt.kpi": "The KPI to show over the grid.",
    "cli.opt.scenarios": "Scenario YAML files to compare.",
    "cli.opt.run_dir": "A results folder written by queuesim run.",
    "cli.opt.policies": "Policies to try, comma-separated (default: every one that applies).",
    "cli.opt.parameters": "YAML file of policy parameters, e.g. {appointments: {share: 0.3}}.",
    "cli.opt.rank": "KPI to rank by: {choices}.",
    # network
    "cli.opt.network": "Network YAML file: branches, what-ifs, days.",
    "cli.opt.scheduler": "Run on dask: 'local' starts a cluster on this machine, "
                         "tcp://host:8786 uses a running one (its workers need queuesim "
                         "installed). Default: local worker processes.",
    "cli.opt.network_workers": "Worker processes (here, or in the local dask cluster), 1 or "
                               "more; default: one per core. The numbers never depend on it.",
    "cli.out.network": "Folder for the results; default: results/<network file name>-<command>.",
    "cli.opt.network_json": "Print only the league as JSON.",
    "cli.opt.branch_reports": "Also write each branch's own report page (slower).",
    "cli.opt.network_period": "Planning period, minutes.",
    # fit and backtest
    "cli.opt.log": "The visit log: CSV or Parquet (one row per visit), a ticket-machine export "
                   "with --columns, or the Anonymous Bank call log.",
    "cli.opt.log_format": "visits (the documented columns), columns (with --columns map.yaml) "
                          "or anonymous_bank.",
    "cli.opt.columns": "Column mapping for --format columns: which column is which, the time "
                       "format, the status words (see docs/calibration.md).",
    "cli.opt.days": "Weekdays to use, e.g. sun-thu, mon-fri, weekdays, sat,sun.",
    "cli.opt.from": "First day to use, YYYY-MM-DD.",
    "cli.opt.to": "Last day to use, YYYY-MM-DD (included).",
    "cli.opt.branch": "Only this branch of the log.",
    "cli.opt.log_period": "Length of the periods of the day compared (or fitted) one by one, "
                          "minutes: 15, 30 or 60 (5 to 240).",
    "cli.out.fit": "Scenario file to write, e.g. hall.yaml; fit.html is written beside it.",
    "cli.opt.holdout": "Share of the latest days kept out of the fit and used to check it, 0 to "
                       "0.9, e.g. 0.25.",
    "cli.opt.fit_replications": "Simulated days per candidate when calibrating capacity, 2 or "
                                "more (the hold-out check simulates three times as many).",
    "cli.opt.fit_seed": "Root seed of the simulations, 0 or more.",
    "cli.opt.hall": "Scenario YAML of the hall, e.g. hall.yaml.",
    "cli.opt.backtest_replications": "Days to simulate, 2 or more.",
    "cli.opt.backtest_json": "Print the comparison as JSON.",
    "cli.opt.backtest_report": "Also write backtest.html: observed and simulated curves on "
                               "the same axes.",
    "cli.out.backtest": "Folder for backtest.html; default: results/backtest-<hall file name>.",
    # now
    "cli.opt.now_scenario": "Scenario YAML of the hall.",
    "cli.opt.state": "State YAML: the hall now.",
    "cli.opt.state_from": "Visit log to read the state from (with --at).",
    "cli.opt.at": "Instant for --state-from, e.g. \"2026-02-22 11:40\".",
    "cli.opt.now_format": "Visit log format: visits, columns or anonymous_bank.",
    "cli.opt.now_set": "Change one scenario field, e.g. --set arrivals.scale=1.2.",
    "cli.opt.option": "What you could do, e.g. \"open T5 now\" (repeatable).",
    "cli.opt.options": "YAML list of options.",
    "cli.opt.horizon": "Minutes ahead, 15 or more.",
    "cli.opt.today_so_far": "Customers since opening (scales the rest of the day).",
    "cli.opt.now_replications": "Simulated continuations of today, 2 or more.",
    "cli.opt.now_json": "Print JSON only.",
    "cli.opt.now_report": "Also write this HTML page (charts, readable offline).",
    # typer's own words in the help
    "cli.panel_arguments": "Arguments", "cli.panel_options": "Options",
    "cli.panel_commands": "Commands", "cli.required": "[required]",
    "cli.default": "[default: {}]", "cli.error": "Error",
    "cli.try_help": "Try [blue]'{command_path} {help_option}'[/] for help.",
}

ZH: dict[str, str] = {
    "cli.app": "服务大厅排队模拟：改变排队方式、窗口或客流，等候时间、放弃人数和窗口负荷会"
               "怎样变化？",
    "cli.opt.version": "显示版本号后退出。",
    "cli.opt.help": "显示本帮助后退出。",
    "cli.opt.lang": "终端、提示信息和报告页面的语言：en（英文）或 zh（中文）（默认：环境变量 "
                    "QUEUESIM_LANG，否则按系统区域设置）。",
    "cli.run": "模拟一个服务大厅，给出等候时间、放弃人数和窗口负荷，每项附 95 % 置信区间。",
    "cli.staff": "算出每个时段需要开几个窗口、满足目标的最省班次，再用新的模拟营业日检验这份排班，"
                 "并与 SIPP 方法和现行排班对照。",
    "cli.compare": "在同样的模拟营业日上运行同一大厅的几种方案，给出每项指标及其 95 % 置信区间，"
                   "以及与第一个方案的逐日配对差异（* = 差异显著）。",
    "cli.sweep": "在同样的模拟营业日上运行一组方案（--vary 各取值的所有组合），给出一项指标"
                 "在各组合下的值。",
    "cli.report": "根据已保存的结果文件重新生成 report.html，不重新模拟。",
    "cli.advise": "在同样的模拟营业日上逐一试行资料中的排队管理措施（预约、一米线单队列、叫号、"
                  "弹性兼职人员、自助服务、等候提示……），按它们对等候时间、服务水平、放弃人数、"
                  "感知等候时间和公平性的影响排序。",
    "cli.validate": "只检查文件、不做模拟（场景、班次模板、现场状态、网点网络、列映射）；"
                    "指出哪里有错、错在何处。",
    "cli.arg.validate_files": "YAML 文件：场景、班次模板、现场状态、网点网络或列映射（按字段识别；"
                              "现场状态文件按同时给出的场景检查）。",
    "cli.schema": "输出场景文件的 JSON 模式（供编辑器自动补全和检查）。",
    "cli.version": "显示版本号。",
    "cli.fit": "从大厅的客户来访记录中学习该大厅，写成场景文件（旁边附 fit.html），让假设分析从"
               "你自己的营业日出发。加 --holdout 0.25 时，最近四分之一的营业日不参与拟合，用来检验"
               "拟合出的大厅。",
    "cli.backtest": "模拟该大厅，并与来访记录中实际的营业日对比：到达人数、放弃率、平均和第 90 "
                    "百分位等候时间、服务水平和窗口利用率，分全天、分时段、分客户类别，每项给出"
                    "通过/不通过的判定。",
    "cli.now": "从大厅此刻的状态出发，比较接下来两小时内你可以采取的措施：每个措施都与什么都不做"
               "相比，用同一批模拟客户，附 95 % 置信区间。\n\n措施写法：\"open T5 now\"（现在开 "
               "T5 窗口）、\"open T5 at 12:00 (until 13:30)\"、\"open T6 now like T1\"、"
               "\"close T2 now\"、\"close T2 at 12:30\"、\"extend T3 to 14:00\"、\"move T4 to "
               "business,vip\"；多个措施用 \"and\" 连接。详见 docs/now.md。",
    "cli.network": "一次性模拟、比较整个网点网络并为其排班，可在本机或 dask 集群上运行。",
    "cli.network_run": "按现状模拟每个网点，并按离目标的差距排名。",
    "cli.network_compare": "在每个网点、同样的模拟营业日上试行网络文件中的每个假设方案，按各方案"
                           "带来的改善给网点排名。",
    "cli.network_staff": "为每个网点按其目标排班，并汇总整个网络的窗口工时和成本，与现状对比。",
    "cli.opt.scenario": "场景文件（YAML），例如 scenarios/nanhu_branch.yaml。",
    "cli.opt.set": "只在本次运行中修改一个字段，例如 --set queue.structure=ticket --set "
                   "arrivals.scale=1.2 --set counters.T3.speed=1.2（可重复）。",
    "cli.opt.replications": "模拟的营业日（或运行）次数，1 到 100,000；默认：场景文件中的设置。",
    "cli.opt.seed": "随机种子，0 或以上；默认：场景文件中的设置。",
    "cli.opt.workers": "并行进程数，1 或以上；默认：每个处理器核心一个。结果与进程数无关。",
    "cli.out.run": "结果文件夹：新的文件夹，或 queuesim 以前写过的文件夹（见 --force）；默认："
                   "results/<场景文件名>，使用 --set 时为 results/<名称>--<修改项>。",
    "cli.out.compare": "结果文件夹（见 --force）；默认：results/compare-<以 - 连接的各文件名>，"
                       "使用 --set 时再加 --<修改项>。",
    "cli.out.sweep": "结果文件夹（见 --force）；默认：results/sweep-<场景文件名>，使用 --set 时"
                     "再加 --<修改项>。",
    "cli.out.advise": "结果文件夹（见 --force）；默认：results/advise-<场景文件名>，使用 --set "
                      "时再加 --<修改项>。",
    "cli.out.staff": "存放排班计划、班次和人员排班表的文件夹（见 --force）；默认："
                     "results/<场景文件名>-staffing，使用 --set 时再加 --<修改项>。",
    "cli.opt.json": "只以 JSON 格式输出汇总结果。",
    "cli.opt.report": "同时生成 report.html：一页带图表的报告，可离线阅读和打印。",
    "cli.opt.force": "允许写入不是 queuesim 创建的 --out 文件夹，与其中已有文件并存（除同名的"
                     "旧结果外，不删除、不修改任何文件）。",
    "cli.opt.save": "结果文件夹保存的内容：kpis（汇总、逐日指标、窗口）或 customers（另加每位"
                    "客户一行的明细和时间线：报告中的等候时间图和全天图需要它；模拟天数多时文件较大）。",
    "cli.opt.format": "表格的文件格式：csv（电子表格）或 parquet（紧凑、快速；适用于 pandas、R、"
                      "DuckDB）。",
    "cli.opt.period": "排班时段长度，分钟（须能整除营业时间，如 15、30、60）。",
    "cli.opt.target_wait": "目标等候时间，分钟；默认：场景文件中的 targets.wait_minutes。",
    "cli.opt.service_level": "在目标等候时间内开始办理的客户比例，0.01 到 0.999；默认：场景文件"
                             "中的设置。",
    "cli.opt.max_abandon": "允许放弃离开的最高比例，0 到 1，例如 0.05；默认：场景文件中的设置。",
    "cli.opt.shifts": "班次模板文件（YAML），例如 scenarios/shifts_branch.yaml：排班计划将由"
                      "最省的班次组成。",
    "cli.opt.frontier": "同时为 60 % 到 95 % 的各个服务水平排班，给出成本随服务水平的变化。",
    "cli.opt.verify": "用来检验排班计划的新模拟营业日天数，2 或以上。",
    "cli.opt.vary": "为一个字段尝试多个取值，例如 --vary counters.count=3,4,5 或 --vary "
                    "queue.structure=single_line,multi_line,ticket（可重复：组成网格）。",
    "cli.opt.kpis": "要显示的指标，以逗号分隔。",
    "cli.opt.kpi": "在网格上显示的指标。",
    "cli.opt.scenarios": "要比较的场景文件（YAML）。",
    "cli.opt.run_dir": "queuesim run 写出的结果文件夹。",
    "cli.opt.policies": "要试行的措施，以逗号分隔（默认：所有适用的措施）。",
    "cli.opt.parameters": "措施参数文件（YAML），例如 {appointments: {share: 0.3}}。",
    "cli.opt.rank": "排序依据的指标：{choices}。",
    "cli.opt.network": "网点网络文件（YAML）：各网点、假设方案、模拟天数。",
    "cli.opt.scheduler": "在 dask 上运行：'local' 在本机启动集群，tcp://host:8786 使用已运行的"
                         "集群（其工作节点须已安装 queuesim）。默认：本机并行进程。",
    "cli.opt.network_workers": "并行进程数（本机或本机 dask 集群中），1 或以上；默认：每个处理器"
                               "核心一个。结果与进程数无关。",
    "cli.out.network": "结果文件夹；默认：results/<网络文件名>-<命令>。",
    "cli.opt.network_json": "只以 JSON 格式输出网点排名。",
    "cli.opt.branch_reports": "同时为每个网点生成各自的报告页面（较慢）。",
    "cli.opt.network_period": "排班时段长度，分钟。",
    "cli.opt.log": "客户来访记录：CSV 或 Parquet（每次来访一行）、配合 --columns 的叫号机导出"
                   "文件，或 Anonymous Bank 呼叫记录。",
    "cli.opt.log_format": "visits（文档所列的列）、columns（配合 --columns map.yaml）或 "
                          "anonymous_bank。",
    "cli.opt.columns": "--format columns 的列对照文件：哪一列是什么、时间格式、状态用词（见 "
                       "docs/calibration.md）。",
    "cli.opt.days": "使用哪些星期几，例如 sun-thu、mon-fri、weekdays、sat,sun。",
    "cli.opt.from": "使用的第一天，YYYY-MM-DD。",
    "cli.opt.to": "使用的最后一天，YYYY-MM-DD（含当天）。",
    "cli.opt.branch": "只使用记录中的这个网点。",
    "cli.opt.log_period": "逐段比较（或拟合）的时段长度，分钟：15、30 或 60（5 到 240）。",
    "cli.out.fit": "要写出的场景文件，例如 hall.yaml；fit.html 写在它旁边。",
    "cli.opt.holdout": "留出不参与拟合、用于检验的最近营业日比例，0 到 0.9，例如 0.25。",
    "cli.opt.fit_replications": "校准窗口能力时每个候选方案的模拟营业日天数，2 或以上（留出检验"
                                "模拟三倍天数）。",
    "cli.opt.fit_seed": "模拟的随机种子，0 或以上。",
    "cli.opt.hall": "大厅的场景文件（YAML），例如 hall.yaml。",
    "cli.opt.backtest_replications": "模拟的营业日天数，2 或以上。",
    "cli.opt.backtest_json": "以 JSON 格式输出对比结果。",
    "cli.opt.backtest_report": "同时生成 backtest.html：实际曲线与模拟曲线画在同一坐标中。",
    "cli.out.backtest": "存放 backtest.html 的文件夹；默认：results/backtest-<大厅文件名>。",
    "cli.opt.now_scenario": "大厅的场景文件（YAML）。",
    "cli.opt.state": "状态文件（YAML）：大厅此刻的情况。",
    "cli.opt.state_from": "从中读取当前状态的来访记录（配合 --at）。",
    "cli.opt.at": "--state-from 使用的时刻，例如 \"2026-02-22 11:40\"。",
    "cli.opt.now_format": "来访记录格式：visits、columns 或 anonymous_bank。",
    "cli.opt.now_set": "修改场景文件中的一个字段，例如 --set arrivals.scale=1.2。",
    "cli.opt.option": "你可以采取的措施，例如 \"open T5 now\"（可重复）。",
    "cli.opt.options": "措施列表文件（YAML）。",
    "cli.opt.horizon": "向后看的分钟数，15 或以上。",
    "cli.opt.today_so_far": "开门以来的客户人数（按它调整当天余下时间的客流）。",
    "cli.opt.now_replications": "模拟今天余下时间的次数，2 或以上。",
    "cli.opt.now_json": "只输出 JSON。",
    "cli.opt.now_report": "同时写出这个 HTML 页面（带图表，可离线阅读）。",
    "cli.panel_arguments": "参数", "cli.panel_options": "选项",
    "cli.panel_commands": "命令", "cli.required": "[必填]",
    "cli.default": "[默认：{}]", "cli.error": "错误",
    "cli.try_help": "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
}
