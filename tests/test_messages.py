"""Every message of the catalogue renders with the parameters its call sites pass.

The call sites are found by reading the code (AST): `t("key", ...)`, `Message("key", {...})`,
`FieldProblem(loc, "key", ...)`, the errors (`ImportFailed("key", ...)`, `StaleWrite(...)`
with its class key) and any helper handed a literal key with keyword parameters
(`self._problem(row, name, "import.too_long", limit=...)`). A placeholder no call site fills
fails here, never in front of the user (issue 19: `KeyError: 'limit'` in the error handler).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import workbench
from workbench.errors import WorkbenchError
from workbench.i18n import COUNT_PARAMS, LANGUAGES, catalogue, t
from workbench.validation import _KEYS as VALIDATION_KEYS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        ROOT / "app.py",
        *ROOT.glob("pages/*.py"),
        *ROOT.rglob("ui/**/*.py"),
        *ROOT.rglob("workbench/**/*.py"),
    ]
)
PLACEHOLDER = re.compile(r"{(\w+)}")
# Keyword arguments of helpers that are not message parameters.
NOT_PARAMS = {"lang", "key"}


@dataclass(frozen=True)
class CallSite:
    key: str
    params: frozenset[str]
    # A `**mapping` or a non-literal parameter dict: more parameters may come at run time.
    open_ended: bool
    where: str


def _error_keys() -> dict[str, str]:
    """Each WorkbenchError subclass by name, with the catalogue key it carries by default."""
    for module in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    found: dict[str, str] = {}
    todo = [WorkbenchError]
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls.key
        todo += cls.__subclasses__()
    return found


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keywords(call: ast.Call) -> tuple[frozenset[str], bool]:
    names = {k.arg for k in call.keywords if k.arg is not None} - NOT_PARAMS
    splat = any(k.arg is None for k in call.keywords)
    return frozenset(names), splat


def _dict_params(node: ast.expr | None) -> tuple[frozenset[str], bool]:
    """The names of a literal parameter dict (`{"n": 3}` or `dict(n=3)`), or open-ended."""
    if node is None:
        return frozenset(), False
    if isinstance(node, ast.Dict):
        names = [_literal(k) for k in node.keys if k is not None]
        open_ended = any(k is None for k in node.keys) or None in names
        return frozenset(n for n in names if n), open_ended
    if isinstance(node, ast.Call) and _name(node.func) == "dict" and not node.args:
        return _keywords(node)
    return frozenset(), True


def _call_site(call: ast.Call, errors: dict[str, str], known: set[str]) -> CallSite | None:
    name = _name(call.func)
    args = list(call.args)
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    if name == "Message":
        key = _literal(args[0] if args else kw.get("key"))
        params, open_ended = _dict_params(args[1] if len(args) > 1 else kw.get("params"))
        return CallSite(key, params, open_ended, "") if key else None
    if name == "t":
        key = _literal(args[0] if args else kw.get("key"))
        params, open_ended = _keywords(call)
        return CallSite(key, params, open_ended, "") if key else None
    if name == "FieldProblem":
        key = _literal(args[1] if len(args) > 1 else kw.get("key"))
        params, open_ended = _keywords(call)
        return CallSite(key, params, open_ended, "") if key else None
    if name in errors:
        key = _literal(args[0] if args else kw.get("key")) or errors[name]
        params, open_ended = _keywords(call)
        return CallSite(key, params, open_ended, "")
    keys = [k for k in (_literal(a) for a in args) if k in known]
    if len(keys) == 1 and call.keywords:
        params, open_ended = _keywords(call)
        return CallSite(keys[0], params, open_ended, "")
    return None


def call_sites() -> list[CallSite]:
    errors = _error_keys()
    known = set(catalogue("it"))
    sites = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                site = _call_site(node, errors, known)
                if site is not None:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    sites.append(CallSite(site.key, site.params, site.open_ended, where))
    return sites


SITES = call_sites()


def test_the_code_reading_finds_the_call_sites() -> None:
    """A reader that found nothing would make the test below pass for nothing."""
    assert len(SITES) > 300
    keys = {s.key for s in SITES}
    assert {"errors.too_long", "errors.stale_write", "import.too_long", "backup.rejected"} <= keys
    in_clients = [s for s in SITES if s.where.startswith("workbench/clients.py")]
    [name] = [s for s in in_clients if s.key == "errors.too_long"]
    assert name.params == {"limit"}


def test_only_a_few_call_sites_are_open_ended() -> None:
    """Parameters from a variable mapping cannot be read; keep them few and known."""
    open_ended = sorted(s.key for s in SITES if s.open_ended)
    assert open_ended == ["budget.item_content_reused", "budget.totals", "scoring.budget_fits"]


def _variants(key: str, lang: str) -> list[tuple[str, str]]:
    texts = catalogue(lang)
    return [(k, texts[k]) for k in (key, f"{key}.one") if k in texts]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_call_site_fills_every_placeholder_of_its_message(lang: str) -> None:
    missing = []
    for site in SITES:
        if site.key not in catalogue(lang):
            continue  # test_i18n checks that every literal key exists
        if site.open_ended:
            continue
        for key, text in _variants(site.key, lang):
            wanted = set(PLACEHOLDER.findall(text))
            if not wanted <= site.params:
                missing.append(f"{site.where}: {key} needs {sorted(wanted - site.params)}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_call_site_renders_in_both_languages(lang: str) -> None:
    """Rendered for real with the call site's parameters, one and many for the counts."""
    for site in SITES:
        if site.key not in catalogue(lang) or site.open_ended:
            continue
        for count in (1, 3):
            params = {p: str(count) if p in COUNT_PARAMS else f"<{p}>" for p in site.params}
            text = t(site.key, lang, **params)
            assert "{" not in text.replace("{{", ""), f"{site.where}: {text}"


def test_validation_errors_fill_their_messages() -> None:
    """A pydantic error's message gets `limit`, `expected` or `detail` (workbench.validation)."""
    offered = {"limit", "expected", "detail"}
    for key in set(VALIDATION_KEYS.values()) | {"errors.invalid_value"}:
        for lang in LANGUAGES:
            for variant, text in _variants(key, lang):
                assert set(PLACEHOLDER.findall(text)) <= offered, variant
