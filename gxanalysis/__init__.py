"""gxanalysis — industrial-economy indicators, forecasts and report packs for a municipal 工信局.

Layers (see ``docs/architecture.md``): ``data`` (contract, loading, validation, demo city) →
``periods`` → ``indicators`` (pure functions) → ``summary`` → ``models`` (forecasting) →
``reporting`` (parameter schemas, runner, exports) → ``cli``.
"""

__version__ = "0.1.0"
