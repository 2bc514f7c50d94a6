"""Interactive explorers for JupyterLab: an ipywidgets form built from a report's parameter schema.

The form has one widget per parameter of the report's schema (the same schema ``gx report`` and papermill
use), so what an analyst can set interactively is exactly what a scheduled run can set. Pressing the button
validates the values (an invalid value is shown, nothing runs) and shows the report's sections below.

Examples
--------
In a notebook::

    from gxanalysis.reporting.widgets import explorer
    explorer("chain_output")
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any, Literal

from gxanalysis.errors import GxError
from gxanalysis.reporting.params import REPORTS, report_spec

_HIDDEN = {"output_dir"}


def _widget_for(name: str, info: Any, months: list[str]) -> Any:
    import ipywidgets as w

    ann = info.annotation
    desc = name
    style = {"description_width": "180px"}
    layout = w.Layout(width="460px")
    default = info.default
    if name == "period" and months:
        value = default if default in months else months[-1]
        return w.Dropdown(options=months, value=value, description=desc, style=style, layout=layout)
    if typing.get_origin(ann) is Literal:
        return w.Dropdown(options=list(typing.get_args(ann)), value=default, description=desc, style=style,
                          layout=layout)
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    base = args[0] if args else ann
    if base is bool:
        return w.Checkbox(value=bool(default), description=desc, style=style, layout=layout)
    if base is int:
        return w.IntText(value=default, description=desc, style=style, layout=layout)
    if base is float:
        return w.Text(value="" if default is None else str(default), description=desc, style=style,
                      layout=layout, placeholder="empty = from the data")
    return w.Text(value=str(default or ""), description=desc, style=style, layout=layout)


def params_form(report: str, months: list[str] | None = None) -> tuple[Any, dict[str, Any]]:
    """A VBox of widgets, one per parameter of ``report``'s schema, and the widgets by name."""
    import ipywidgets as w

    spec = report_spec(report)
    widgets = {name: _widget_for(name, info, months or [])
               for name, info in spec.params.model_fields.items() if name not in _HIDDEN}
    for name, widget in widgets.items():
        widget.tooltip = spec.params.model_fields[name].description or name
    return w.VBox(list(widgets.values())), widgets


def form_values(widgets: dict[str, Any]) -> dict[str, Any]:
    """The form's values as schema input (empty optional numbers → None)."""
    out: dict[str, Any] = {}
    for name, widget in widgets.items():
        value = widget.value
        if isinstance(value, str) and value.strip() == "" and name not in ("data_dir",):
            value = None
        out[name] = value
    return {k: v for k, v in out.items() if v is not None}


def explorer(report: str = "monthly_overview", *, data_dir: str = "") -> Any:
    """Show a parameter form and, on request, the sections of ``report`` for the chosen values."""
    import ipywidgets as w
    from IPython.display import display

    from gxanalysis.data.dataset import load_dataset
    from gxanalysis.reporting.context import ReportContext
    from gxanalysis.reporting.sections import SECTIONS

    ds = load_dataset(Path(data_dir) if data_dir else None)
    months = sorted({str(p) for p in ds.enterprise_monthly["period"].astype(str)})
    form, widgets = params_form(report, months)
    if data_dir:
        widgets["data_dir"].value = data_dir
    button = w.Button(description="运行 / Run", button_style="primary")
    out = w.Output()

    def run(_: Any = None) -> None:
        out.clear_output()
        with out:
            try:
                values = form_values(widgets)
                same_data = values.get("data_dir", "") in ("", data_dir)
                ctx = ReportContext(report, dataset=ds if same_data else None, **values)
                for section in SECTIONS[report]:
                    ctx.show(section(ctx))
            except GxError as exc:
                print(f"⚠ {exc}")

    button.on_click(run)
    title = w.HTML(f"<h3>{REPORTS[report].title_zh} · {REPORTS[report].title_en}</h3>")
    box = w.VBox([title, form, button, out])
    display(box)
    run()
    return box
