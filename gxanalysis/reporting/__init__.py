"""Report parameter schemas, the papermill runner, and exports (HTML, Excel, charts)."""
