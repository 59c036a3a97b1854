"""The domain core: guideline, portfolio, readiness, path, report. Never imports textual or rich."""
