"""Growth forecasting: calendar regressors, statsmodels-based models, X-13, backtests, target questions."""
