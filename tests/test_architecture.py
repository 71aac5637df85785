"""The domain package stays free of Streamlit, so it runs in the CLI, tests and benchmarks."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_workbench_never_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "workbench").rglob("*.py")
        if "streamlit" in _imports(path)
    ]
    assert offenders == []


def test_the_checker_sees_a_streamlit_import(tmp_path: Path) -> None:
    sample = tmp_path / "page.py"
    sample.write_text("from streamlit import session_state\n", encoding="utf-8")
    assert "streamlit" in _imports(sample)


def test_pages_never_write_sql() -> None:
    offenders = []
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        imported = _imports(path)
        if {"sqlalchemy", "sqlmodel", "sqlite3", "psycopg"} & imported:
            offenders.append(path.name)
    assert offenders == []


def _names_from(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == module
        for alias in node.names
    }


def test_pages_reach_the_database_only_as_the_acting_user() -> None:
    """Sessions come from ui.state.read/write, which bind the signed-in user's workspace."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
        # The review link has no user: resolving it binds a viewer of the link's workspace.
        if path not in {ROOT / "ui" / "state.py", ROOT / "ui" / "review.py"}
        and {"read_session", "write_session", "Session"} & _names_from(path, "workbench.db")
    ]
    assert offenders == []
