"""Pure domain rules: vocabulary, workflow, calendar, dates and URLs; no I/O."""
