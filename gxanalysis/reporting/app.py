"""``gx app``: the explorers as a code-free web app, served by Voilà on this computer.

Voilà (voila-dashboards, BSD) runs each explorer notebook of ``notebooks/explore/`` in its own kernel and
shows only its widgets — no code, no cells — which is what colleagues who do not use Jupyter need; it is the
Jupyter project's own server for ipywidgets dashboards, pure Python with Windows wheels, and it works with
the ipywidgets and JupyterLab already used here (Solara and Panel would mean rewriting the explorers for
another widget model). On top of Voilà this module adds:

* a landing page at ``/`` listing the explorers in Chinese (instead of Voilà's file tree, which is not served);
* no asset from a CDN: Voilà's page template links Font Awesome from jsdelivr; those links are dropped from
  every page served (the explorers use no icons), and everything else Voilà loads is on this server, so the
  app works on an intranet with no internet;
* as Voilà configures its kernels, they accept only widget messages from the browser (comm and
  kernel-info messages: no ``execute_request``), so a visitor can click but cannot run code (checked by
  ``tests/test_app_browser.py``);
* the data are validated once before the server starts (a bad folder stops ``gx app`` with every problem
  listed); the kernels read the same folder (``GX_DATA_DIR``).

It listens on 127.0.0.1 (this computer only) unless ``--host`` says otherwise.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path
from typing import Any

from gxanalysis import config
from gxanalysis.errors import GxError

EXPLORE_DIR = config.NOTEBOOKS_DIR / "explore"
"""The explorer notebooks the app serves."""

DEFAULT_PORT = 8866

_EXTERNAL_ASSET = re.compile(
    r"<link\b[^>]*\bhref=[\"']https?://[^\"']*[\"'][^>]*>|"
    r"<script\b[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>", re.IGNORECASE)
"""A stylesheet or script fetched from another server (e.g. a CDN)."""


def strip_external_assets(page: str) -> str:
    """``page`` without ``<link>``/``<script>`` tags that load from another server.

    Examples
    --------
    >>> strip_external_assets('<link rel="stylesheet" href="https://cdn.jsdelivr.net/x.css" />ok'
    ...                       '<link rel="stylesheet" href="/voila/static/a.css">')
    'ok<link rel="stylesheet" href="/voila/static/a.css">'
    """
    return _EXTERNAL_ASSET.sub("", page)


def landing_page(*, data_dir: Path, latest: str, lang: str = "zh") -> str:
    """The page at ``/``: the explorers, what each answers, the data folder and its latest month."""
    from gxanalysis.reporting.explore import EXPLORERS
    from gxanalysis.reporting.explore.core import word

    items = []
    for name in EXPLORERS:
        items.append(
            f"<li class='gx-explorer-link'><a href='voila/render/{name}.ipynb' id='gx-open-{name}'>"
            f"{html.escape(word(name + '_title', lang))}</a>"
            f"<p>{html.escape(word(name + '_intro', lang))}</p></li>")
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}"><head><meta charset="utf-8">
<link rel="icon" href="data:;base64,=">
<title>{html.escape(word('app_title', lang))}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em auto;
  max-width: 960px; color: #222; padding: 0 1em; }}
h1 {{ color: #1f4e79; font-size: 24px; }}
ul {{ list-style: none; padding: 0; }}
li {{ border: 1px solid #d0dae6; border-radius: 6px; padding: 12px 16px; margin: 12px 0; }}
li a {{ font-size: 18px; color: #1f4e79; font-weight: 600; text-decoration: none; }}
li a:hover {{ text-decoration: underline; }}
li p {{ margin: 6px 0 0 0; font-size: 14px; color: #444; }}
.gx-meta {{ color: #666; font-size: 13px; }}
</style></head><body>
<h1>{html.escape(word('app_title', lang))}</h1>
<p>{html.escape(word('app_intro', lang))}</p>
<ul>{''.join(items)}</ul>
<p class="gx-meta">{html.escape(word('app_data', lang))}：{html.escape(str(data_dir))} ·
{html.escape(word('app_latest', lang))}：{html.escape(latest)}</p>
</body></html>"""


def _voila_class() -> type:
    """Voilà's application with the landing page and the asset filter."""
    import tornado.web
    from jupyter_server.utils import url_path_join
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class LandingHandler(tornado.web.RequestHandler):
        def initialize(self, page: str) -> None:
            self.page = page

        def get(self) -> None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.write(self.page)

    class LocalAssetsHandler(TornadoVoilaHandler):
        def write(self, chunk: Any) -> None:  # every page chunk passes here before it is sent
            if isinstance(chunk, bytes):
                chunk = chunk.decode("utf-8")
            if isinstance(chunk, str):
                chunk = strip_external_assets(chunk)
            super().write(chunk)

    class GxVoila(Voila):
        name = "gx-app"
        landing = ""

        def init_handlers(self) -> list:
            handlers = []
            root = url_path_join(self.server_url, "/")
            for pattern, handler, *rest in super().init_handlers():
                if handler is TornadoVoilaHandler:
                    handler = LocalAssetsHandler
                elif pattern in (self.server_url, root) or "/voila/tree" in pattern or "/voila/api/contents" in pattern:
                    continue  # Voilà's file tree: replaced by the landing page
                handlers.append((pattern, handler, *rest))
            return [(root, LandingHandler, {"page": self.landing}), *handlers]

    return GxVoila


def serve(*, port: int = DEFAULT_PORT, open_browser: bool = True, data_dir: Path | None = None,
          host: str = "127.0.0.1", lang: str = "zh") -> int:
    """Validate the data, then serve the explorers until stopped (Ctrl-C or SIGTERM); returns 0.

    Raises
    ------
    DataValidationError
        When the data folder does not pass validation (nothing is served).
    GxError
        When the explorer notebooks are missing.
    """
    from gxanalysis.reporting.explore import NOTEBOOKS
    from gxanalysis.reporting.explore.sessions import session

    missing = [n for n in NOTEBOOKS.values() if not (EXPLORE_DIR / n).is_file()]
    if missing:
        raise GxError(f"the explorer notebooks {missing} are not in {EXPLORE_DIR}; gx app serves the "
                      "notebooks beside the package (a source checkout or an editable install)")
    folder = Path(data_dir).expanduser().resolve() if data_dir else config.default_data_dir()
    sess = session(folder)  # validates every table; a DataValidationError stops here
    os.environ["GX_DATA_DIR"] = str(folder)  # the kernels read the same folder
    app = _voila_class()
    app.landing = landing_page(data_dir=folder, latest=sess.latest.__str__(), lang=lang)
    from traitlets.config import Config

    cfg = Config()
    cfg.Voila.ip = host
    cfg.Voila.port = int(port)
    cfg.Voila.port_retries = 0  # a busy port is an error, not a silent move to another one
    cfg.Voila.open_browser = bool(open_browser)
    cfg.VoilaConfiguration.theme = "light"
    cfg.VoilaConfiguration.show_tracebacks = False
    cfg.VoilaConfiguration.file_allowlist = []  # the app serves no file of the notebooks' folder
    print(f"gx app: serving the explorers of {folder} at http://{'localhost' if host in ('127.0.0.1', 'localhost') else host}"
          f":{int(port)}/  (Ctrl-C to stop)", file=sys.stderr, flush=True)
    app.launch_instance(argv=[str(EXPLORE_DIR)], config=cfg)
    return 0
