"""Competitors: not built yet; the page says what it will hold."""

from ui.upcoming import render_upcoming

render_upcoming("competitors")
