"""Regenerate ``queuesim/schema/scenario.schema.json``, the JSON schema of scenario files.

Editors use the file for completion, hover help and checks while a scenario is typed (see
docs/scenarios.md). It is generated from the pydantic models of :mod:`queuesim.scenario`, their
``description=`` texts included; run this script after changing them, from the repository root::

    python tools/make_schema.py

A test fails while the committed file differs from what this script would write.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "queuesim" / "schema" / "scenario.schema.json"


def schema_text() -> str:
    """The schema as it is written to the file: indented JSON ending in a newline."""
    from queuesim.scenario import Scenario

    schema = Scenario.model_json_schema(by_alias=True)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write the schema file and say where."""
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
