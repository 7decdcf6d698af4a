"""Run queuesim from a checkout without installing it.

``python cli.py run scenarios/nanhu_branch.yaml`` is ``queuesim run scenarios/nanhu_branch.yaml``.
"""

from queuesim.cli import main

if __name__ == "__main__":
    main()
