"""Run one report notebook with papermill and export its code-free HTML (a child process of the runner).

``python -m gxanalysis.reporting.execute JOB.json`` — the job file names the input and output notebooks,
the parameters (already validated), the kernel and the HTML path. Exit code 0 on success, 3 when a cell
raised (papermill has written the notebook with the failing cell marked), 4 for any other failure.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path


def main(job_file: str) -> int:
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    import papermill as pm

    from gxanalysis.reporting.export import notebook_to_html

    out = Path(job["output"])
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(job["input"], str(out), parameters=job["parameters"],
                            kernel_name=job["kernel_name"], cwd=job["cwd"], progress_bar=False,
                            log_output=False, request_save_on_cell_execute=True)
    except pm.PapermillExecutionError as exc:
        print(f"cell {exc.exec_count} raised {exc.ename}: {exc.evalue}", file=sys.stderr)
        return 3
    except Exception:  # dead kernel, missing notebook, …: keep the trace for the run log
        traceback.print_exc()
        return 4
    notebook_to_html(out, Path(job["html"]), title=job["title"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
