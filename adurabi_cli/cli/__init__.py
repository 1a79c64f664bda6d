"""Typer commands: parse options, call a service, render. Nothing heavy at import."""
