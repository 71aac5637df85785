"""Budget: not built yet; the page says what it will hold."""

from ui.shell import ensure_shell
from ui.upcoming import render_upcoming

ensure_shell()

render_upcoming("budget")
