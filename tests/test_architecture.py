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
        for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py")]
        # The review link has no user: resolving it binds a viewer of the link's workspace.
        if path not in {ROOT / "ui" / n for n in ("state.py", "saving.py", "review.py")}
        and {"read_session", "write_session", "Session"} & _names_from(path, "workbench.db")
    ]
    assert offenders == []


def _module_imports(path: Path) -> set[str]:
    """The workbench and ui modules `path` imports when it loads (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in tree.body:  # module level only: an import inside a function runs later
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(sub, ast.ImportFrom) and sub.module and sub.level == 0:
                found.add(sub.module)
                found.update(f"{sub.module}.{a.name}" for a in sub.names)
            elif isinstance(sub, ast.Import):
                found.update(a.name for a in sub.names)
    return {name for name in found if name.split(".")[0] in {"workbench", "ui"}}


def _import_graph() -> dict[str, set[str]]:
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for top in ("workbench", "ui")
        for p in (ROOT / top).rglob("*.py")
    }
    return {name: _module_imports(path) & modules.keys() - {name} for name, path in modules.items()}


def test_no_import_circle_in_workbench_or_ui() -> None:
    graph = _import_graph()
    assert "ui.state" in graph["ui.saving"]  # the graph sees package imports
    circles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_every_step_package_names_what_its_submodules_export() -> None:
    import importlib

    for step in (
        "brief",
        "audience",
        "competitors",
        "platforms",
        "budget",
        "plan",
        "ai",
        "monitoring",
    ):
        package = importlib.import_module(f"workbench.{step}")
        exported: set[str] = set()
        for path in (ROOT / "workbench" / step).glob("*.py"):
            if path.stem != "__init__":
                exported |= set(importlib.import_module(f"workbench.{step}.{path.stem}").__all__)
        assert set(package.__all__) == exported, step
        for name in package.__all__:
            assert getattr(package, name) is not None


def test_the_architecture_page_names_every_module_of_the_packages() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    folders = [ROOT / "ui" / "views", ROOT / "ui" / "panels"]
    folders += [p for p in (ROOT / "workbench").iterdir() if (p / "__init__.py").exists()]
    missing = [
        f"{path.parent.name}/{path.stem}"
        for folder in folders
        if folder.name not in {"imports", "exports", "report", "locales"}
        for path in folder.glob("*.py")
        if path.stem != "__init__" and path.stem not in page
    ]
    assert missing == []
