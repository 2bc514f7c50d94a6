"""Indicator calculations: pure functions of pandas objects, one module per family (INDICATORS.md)."""
