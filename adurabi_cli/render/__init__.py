"""Output: rich tables on a terminal, tab-separated rows when piped, JSON and CSV for scripts."""
