"""Issue 18.3: "which rows may this user see or manage" is written once.

Each scope is one queryset method (`Model.objects.managed_by(user)`,
`.visible_to(user)`) or one selector; the edges of an app (views, admin, API,
forms, "my work" panels) call it and never rebuild it from the role facts.
Every edge module of every app is parsed with `ast`:

- the ingredients of a scope (`member_ids_of`, `body_ids_of`,
  `technician_municipality_ids`, `managed_municipality_ids`,
  `members_q_for_technician`) may not be named there at all;
- `is_secretariat` only in the modules listed in ALLOWED_IS_SECRETARIAT,
  where it decides a permission on a field or a page, not a set of rows;
- an admin `get_queryset` that reads `request.user` narrows the rows through a
  `managed_by`/`visible_to` method, never through its own `filter`.

The places that do hold a scope are the models' querysets (`models.py`,
`managers.py`), `selectors.py`, `rules.py` and `network/roles.py`.
"""

import ast
from pathlib import Path

import pytest

import teixit

PACKAGE = Path(teixit.__file__).parent

EDGE_NAMES = {"views.py", "admin.py", "api.py", "forms.py", "my_work.py"}

SCOPE_INGREDIENTS = {
    "member_ids_of",
    "body_ids_of",
    "technician_municipality_ids",
    "managed_municipality_ids",
    "members_q_for_technician",
}

SCOPE_METHODS = {"managed_by", "visible_to"}

# Edge modules that still ask "is this the secretariat?" to decide a
# permission (not a set of rows), with the reason.
ALLOWED_IS_SECRETARIAT = {
    "directory/admin.py": "the admin section is the secretariat's alone",
    "wiki/admin.py": "technicians read spaces on the site; the admin is the "
    "secretariat's",
    "entities/admin.py": "the secretariat picks a municipality by search, "
    "a technician from a short select",
    "events/admin.py": "fields only the secretariat sets (status, minutes, "
    "representation log) and the organiser of others' events",
    "events/forms.py": "only the secretariat organises events for anyone",
}


def edge_modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.glob("*/*.py")) + sorted(PACKAGE.glob("*/views/*.py")):
        if path.name in EDGE_NAMES or path.parent.name == "views":
            found.append(path)
    return found


def _names(tree: ast.AST) -> set[str]:
    """Every name a module uses or imports."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
    return names


def _reads_request_user(node: ast.AST) -> bool:
    return any(
        isinstance(sub, ast.Attribute)
        and sub.attr == "user"
        and isinstance(sub.value, ast.Name)
        and sub.value.id == "request"
        for sub in ast.walk(node)
    )


def _admin_scope_copies(tree: ast.AST) -> list[str]:
    """Admin `get_queryset` methods that read `request.user` without calling a
    scope method, or that filter on `request.user` themselves."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.FunctionDef) and node.name == "get_queryset"):
            continue
        if not _reads_request_user(node):
            continue
        calls = [
            sub
            for sub in ast.walk(node)
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)
        ]
        if not any(call.func.attr in SCOPE_METHODS for call in calls):
            found.append(f"get_queryset (line {node.lineno}) calls no scope method")
        for call in calls:
            if call.func.attr in ("filter", "exclude") and _reads_request_user(call):
                found.append(f"get_queryset (line {node.lineno}) filters by the user")
    return found


def violations(source: str, module_path: str) -> list[str]:
    """What a module of `teixit/<module_path>` does against the rule."""
    tree = ast.parse(source)
    names = _names(tree)
    found = [f"names {name}" for name in sorted(names & SCOPE_INGREDIENTS)]
    if "is_secretariat" in names and module_path not in ALLOWED_IS_SECRETARIAT:
        found.append("asks is_secretariat")
    if module_path.endswith("admin.py"):
        found += _admin_scope_copies(tree)
    return found


def test_edge_modules_are_found():
    paths = {str(p.relative_to(PACKAGE)) for p in edge_modules()}
    assert {"events/admin.py", "trainings/forms.py", "diagnosis/views.py"} <= paths
    assert {"diagnosis/my_work.py", "practices/api.py"} <= paths


@pytest.mark.parametrize(
    "source",
    [
        # A form rebuilding "the members this user works for".
        "from teixit.network.roles import member_ids_of\n"
        "qs = Member.objects.filter(pk__in=member_ids_of(user))\n",
        # A view deciding on its own who sees everything.
        "from teixit.network.roles import is_secretariat\n"
        "qs = X.objects.all() if is_secretariat(user) else X.objects.none()\n",
        # An admin narrowing rows itself.
        "class A:\n"
        "    def get_queryset(self, request):\n"
        "        return super().get_queryset(request).filter(user=request.user)\n",
        # An admin calling the method and still filtering on the user.
        "class A:\n"
        "    def get_queryset(self, request):\n"
        "        qs = super().get_queryset(request).managed_by(request.user)\n"
        "        return qs.filter(created_by=request.user)\n",
    ],
)
def test_checker_finds_a_copied_scope(source):
    assert violations(source, "someapp/admin.py")


def test_checker_accepts_a_scope_method():
    source = (
        "class A:\n"
        "    def get_queryset(self, request):\n"
        "        return super().get_queryset(request).managed_by(request.user)\n"
    )
    assert violations(source, "someapp/admin.py") == []


def test_no_edge_module_rewrites_a_scope():
    found = {}
    for path in edge_modules():
        rel = str(path.relative_to(PACKAGE))
        problems = violations(path.read_text(encoding="utf-8"), rel)
        if problems:
            found[rel] = problems
    assert found == {}, (
        "Call the model's managed_by()/visible_to() or the app's selector "
        f"instead of rebuilding the scope: {found}"
    )


def test_allowed_modules_still_need_their_exception():
    """An exception no longer used is removed from the list."""
    unused = [
        rel
        for rel in ALLOWED_IS_SECRETARIAT
        if "is_secretariat" not in (PACKAGE / rel).read_text(encoding="utf-8")
    ]
    assert unused == []
