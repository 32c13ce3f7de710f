"""The clause library: one Markdown file with YAML front matter per clause."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .. import paths
from ..errors import ClauseError, DrafterError, Problem, SelectionError
from ..i18n import Translator
from ..words import did_you_mean
from .validation import validate
from .yamlfile import load_yaml_file, parse_yaml, read_text

if TYPE_CHECKING:
    from .jurisdiction import Jurisdiction

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_CLAUSE_BYTES = 64 * 1024


def _check_id(value: str) -> str:
    if not ID_RE.match(value):
        raise ValueError(f"{value!r} is not a valid id; use lower-case letters, digits and "
                         "dashes, starting with a letter or digit")
    return value


ClauseId = Annotated[str, Field(max_length=64), AfterValidator(_check_id)]


class CopiedFrom(BaseModel):
    """Written by `drafter clause copy`: which model clause this started from."""

    model_config = ConfigDict(extra="forbid")

    id: ClauseId
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ClauseMeta(BaseModel):
    """The front matter of a clause file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: ClauseId
    # rule: one of the model rules; extra: an optional provision beyond them (--extra);
    # definition: one defined term; supporting: everything else a document is made of.
    kind: Literal["rule", "extra", "supporting", "definition"]
    title: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=1000)
    number: int | None = Field(default=None, ge=1, le=99)
    optional: bool = False        # outside the nine numbered rules: the 1373 rule, which is
                                  # included by default and dropped by `--no-1373`
    group: ClauseId | None = None
    summary: str | None = Field(default=None, max_length=1000)
    heading: str | None = Field(default=None, max_length=200)
    terms: list[ClauseId] = Field(default_factory=list)
    term: str | None = Field(default=None, max_length=200)
    verified: bool = True         # extras: False when its citation still needs a lawyer's check
    copied_from: CopiedFrom | None = None

    @model_validator(mode="after")
    def _fields_for_kind(self) -> "ClauseMeta":
        if self.kind in ("rule", "extra"):
            missing = [name for name in ("group", "summary") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a rule needs {' and '.join(missing)}")
        if self.kind == "definition" and self.term is None:
            raise ValueError("a definition needs `term:` (the defined term as it appears in text)")
        return self


@dataclass(frozen=True)
class Clause:
    """One clause: validated metadata, its text template, and where it came from."""

    meta: ClauseMeta
    body: str
    path: Path
    body_line: int   # file line of the body's first line, for error messages
    field_lines: dict = field(default_factory=dict, compare=False)   # ("key", ...) -> line

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def label(self) -> str:
        """'#1 Judicial Warrant Rule' for rules, the title otherwise."""
        number = self.meta.number
        return f"#{number} {self.meta.title}" if number else self.meta.title


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: ClauseId
    label: str
    guide_heading: str
    topic: str     # the phrase the caption lists after "relating to"
    why: str = ""  # the explainer's plain sentence on why the group's rules matter


class GroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    groups: list[Group]


@dataclass
class ClauseLibrary:
    clauses: dict[str, Clause]           # the winning clause for each id
    groups: dict[str, Group]
    directories: list[Path] = field(default_factory=list)
    layers: dict[str, list[Clause]] = field(default_factory=dict)   # every file per id, winner first

    def rules(self) -> list[Clause]:
        """Every rule, by number; unnumbered optional rules (the 1373 rule) last."""
        found = [c for c in self.clauses.values() if c.meta.kind == "rule"]
        return sorted(found, key=lambda c: (c.meta.number is None, c.meta.number or 0, c.id))

    def extras(self) -> list[Clause]:
        """Optional provisions beyond the model rules, by id."""
        return sorted((c for c in self.clauses.values() if c.meta.kind == "extra"), key=lambda c: c.id)

    def get(self, clause_id: str, kind: str | None = None) -> Clause:
        clause = self.clauses.get(clause_id)
        if clause is None or (kind and clause.meta.kind != kind):
            what = f"{kind} clause" if kind else "clause"
            raise ClauseError(Problem(f"no {what} with id {clause_id!r} in the clause library"))
        return clause


def rule_label(rule, _: Translator = Translator()) -> str:
    """'#1 Judicial Warrant Rule', as the guide numbers them; '1373 Rule' for the last."""
    clause = getattr(rule, "rule", rule)     # a Clause, or a status Standing
    meta = clause.meta
    if _.english:
        return clause.label
    title = _.pgettext(f"{meta.id} title", meta.title)
    return _.pgettext("numbered rule", "#{number} {title}").format(
        number=meta.number, title=title) if meta.number else title


def model_hash(body: str) -> str:
    """The fingerprint of a clause's text, whitespace-normalised, for override checks."""
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


def check_clause_id(clause_id: str) -> str:
    """Refuse ids that are not plain names before they touch the file system."""
    if not ID_RE.match(clause_id) or len(clause_id) > 64:
        raise ClauseError(Problem(f"{clause_id!r} is not a clause id; ids are lower-case letters, "
                                  "digits and dashes (see `drafter list rules`)"))
    return clause_id


def copy_clause(clause_id: str, target_dir: Path, *, force: bool = False) -> Path:
    """Copy the built-in model clause into a user folder, recording its origin and hash."""
    from ..output import write_atomically

    check_clause_id(clause_id)
    model = load_library().clauses.get(clause_id)   # the built-in library alone
    if model is None:
        raise ClauseError(Problem(f"no built-in clause {clause_id!r}; see `drafter list rules`"))
    target = Path(target_dir) / f"{clause_id}.md"
    if target.exists() and not force:
        raise ClauseError(Problem("already exists; edit it, or add --force to replace it",
                                  file=str(target)))
    text = model.path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    origin = f'copied_from:\n  id: {clause_id}\n  sha256: "{model_hash(model.body)}"\n'

    write_atomically({target: ("".join(lines[:1]) + origin + "".join(lines[1:])).encode("utf-8")})
    return target


def split_front_matter(text: str, source: str) -> tuple[str, str, int]:
    """Split '---\\nYAML\\n---\\nbody' into (yaml, body, body's first line number)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ClauseError(Problem("must start with a line '---', then the clause's YAML "
                                  "fields, then another '---' line", file=source, line=1))
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            return front, body, index + 2
    raise ClauseError(Problem("the YAML fields are not closed by a '---' line", file=source, line=1))


def load_clause(path: Path, folder: Path | None = None) -> Clause:
    """One clause file (of `folder`, which it may not leave through a link)."""
    source = str(path)
    text = read_text(path, max_bytes=MAX_CLAUSE_BYTES, folder=folder)
    front, body, body_line = split_front_matter(text, source)
    data, lines = parse_yaml(front, source=source, first_line=2)
    meta = validate(ClauseMeta, data, lines=lines, source=source, error=ClauseError)
    if meta.id != path.stem:
        raise ClauseError(Problem(f"id {meta.id!r} must match the file name {path.name!r}",
                                  file=source, line=lines.get(("id",)), field="id"))
    # Leading blank lines are dropped, so the body's first line moves down with them.
    stripped = body.lstrip("\n")
    body_line += len(body) - len(stripped)
    if not stripped.strip():
        raise ClauseError(Problem("the clause has no text after its '---' line", file=source))
    return Clause(meta=meta, body=stripped.rstrip(), path=path, body_line=body_line,
                  field_lines=lines)


def _signature(files: list[Path]) -> tuple:
    """What identifies a folder's contents without reading them: names, sizes, times."""
    def changed(path: Path) -> tuple[int, int]:
        try:
            info = path.stat()
        except OSError:           # a broken link: reading it reports the problem
            return 0, 0
        return info.st_mtime_ns, info.st_size

    return tuple((str(p), *changed(p)) for p in files)


@lru_cache(maxsize=32)
def _load_folder(directory: Path, signature: tuple) -> tuple[tuple[Clause, ...], tuple[Problem, ...]]:
    """Parse one clause folder. Cached by its signature, so a long-running process (the web
    page, a batch worker) parses each folder once and sees any edit to it."""
    found: list[Clause] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for name, _, _ in signature:
        path = Path(name)
        try:
            clause = load_clause(path, directory)
        except DrafterError as exc:
            problems.extend(exc.problems)
            continue
        if clause.id in seen:
            problems.append(Problem(f"duplicate id {clause.id!r}, also in {seen[clause.id]}",
                                    file=str(path), field="id"))
            continue
        seen[clause.id] = path
        found.append(clause)
    return tuple(found), tuple(problems)


MAX_FOLDER_DEPTH = 4        # folders below a clause or template folder that are searched
MAX_FOLDER_FILES = 500      # the built-in clause library has about 40 files


def folder_files(directory: Path, suffixes: tuple[str, ...] = (),
                 what: str = "clause") -> tuple[list[Path], list[Problem]]:
    """The files of a user's clause or template folder (those ending in `suffixes`, or all),
    searched to a bounded depth and count.

    A profile's `clauses: [/]` or a folder of millions of files must not turn a draft into a
    walk of the whole disk; symbolic links to folders are not followed, and each file is
    read only if it stays inside the folder (drafter.inputs.yamlfile.read_bytes).
    """
    if paths.is_system_folder(directory):
        return [], [Problem(f"is a system folder, not a {what} folder; point at the folder "
                            f"holding your {what} files", file=str(directory))]
    found: list[Path] = []
    for folder, subfolders, names in os.walk(directory):
        depth = len(Path(folder).relative_to(directory).parts)
        if depth >= MAX_FOLDER_DEPTH:
            subfolders.clear()
        subfolders.sort()
        found += [Path(folder) / n for n in sorted(names) if not suffixes or n.endswith(suffixes)]
        if len(found) > MAX_FOLDER_FILES:
            return [], [Problem(f"holds more than {MAX_FOLDER_FILES} {what} files; point at "
                                f"the folder holding your {what} files", file=str(directory))]
    return sorted(found), []


TRANSLATIONS = "translations"     # clauses/translations/<language>/<clause id>.md


class TranslationMeta(BaseModel):
    """The front matter of a clause's translation: which English text it translates (its
    id and the hash of that text, so a change to the English is noticed), and whether a
    lawyer who reads both languages has reviewed it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: ClauseId
    language: str = Field(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")
    translation_of: CopiedFrom
    title: str = Field(min_length=1, max_length=200)
    heading: str | None = Field(default=None, max_length=200)
    source: str = Field(min_length=1, max_length=1000)
    reviewed: bool = False


@dataclass
class Translation:
    meta: TranslationMeta
    body: str
    path: Path
    body_line: int
    field_lines: dict = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.meta.id


def translations_dir(language: str) -> Path:
    return paths.clauses_dir() / TRANSLATIONS / language


@lru_cache(maxsize=8)
def load_translations(language: str) -> dict[str, Translation]:
    """The built-in library's translations into `language`, by clause id."""
    found: dict[str, Translation] = {}
    problems: list[Problem] = []
    for path in sorted(translations_dir(language).glob("*.md")):
        source = str(path)
        try:
            front, body, body_line = split_front_matter(
                read_text(path, max_bytes=MAX_CLAUSE_BYTES, folder=translations_dir(language)),
                source)
            data, lines = parse_yaml(front, source=source, first_line=2)
            meta = validate(TranslationMeta, data, lines=lines, source=source, error=ClauseError)
        except DrafterError as exc:
            problems.extend(exc.problems)
            continue
        if meta.id != path.stem or meta.translation_of.id != meta.id or meta.language != language:
            problems.append(Problem(f"id, translation_of.id and the file name must all be "
                                    f"{path.stem!r}, and language {language!r}", file=source,
                                    line=lines.get(("id",)), field="id"))
            continue
        stripped = body.lstrip("\n")
        found[meta.id] = Translation(meta, stripped.rstrip(),
                                     path, body_line + len(body) - len(stripped), lines)
    if problems:
        raise ClauseError(problems)
    return found


def load_library(directories: list[Path] | None = None,
                 template_dirs: tuple[Path, ...] = ()) -> ClauseLibrary:
    """Load clause directories, most specific first, then the clause files of the template
    folders (a document type's folder may hold the clauses it names); the built-in library
    is always last."""
    search = ([(Path(d), "clause") for d in (directories or [])]
              + [(Path(d), "template") for d in template_dirs] + [(paths.clauses_dir(), "clause")])
    clauses: dict[str, Clause] = {}
    layers: dict[str, list[Clause]] = {}
    problems: list[Problem] = []
    for directory, what in search:
        if not directory.is_dir():
            problems.append(Problem(f"{what} folder not found", file=str(directory)))
            continue
        if directory == paths.clauses_dir():     # translations are not clauses of their own
            files = sorted(p for p in directory.rglob("*.md")
                           if p.relative_to(directory).parts[0] != TRANSLATIONS)
        else:
            files, walk_problems = folder_files(directory, (".md",), what)
            problems.extend(walk_problems)
        found, folder_problems = _load_folder(directory, _signature(files))
        problems.extend(folder_problems)
        for clause in found:
            clauses.setdefault(clause.id, clause)   # an earlier (more specific) folder wins
            layers.setdefault(clause.id, []).append(clause)
    groups_path = paths.clauses_dir() / "groups.yaml"
    data, lines = load_yaml_file(groups_path)
    groups_file = validate(GroupsFile, data, lines=lines, source=str(groups_path), error=ClauseError)
    groups = {group.id: group for group in groups_file.groups}
    for clause in clauses.values():
        if clause.meta.group and clause.meta.group not in groups:
            problems.append(Problem(f"unknown group {clause.meta.group!r}; use one of: "
                                    f"{', '.join(groups)}", file=str(clause.path), field="group"))
        for term in clause.meta.terms:
            if term not in clauses or clauses[term].meta.kind != "definition":
                problems.append(Problem(f"uses term {term!r}, but no definition clause has that id",
                                        file=str(clause.path), field="terms"))
    if problems:
        raise ClauseError(problems)
    return ClauseLibrary(clauses=clauses, groups=groups,
                         directories=[directory for directory, _ in search], layers=layers)


def select_rules(library: ClauseLibrary, spec: str | None, *, include_1373: bool,
                 extras: tuple[str, ...] = ()) -> list[Clause]:
    """The rules asked for: all nine by default; `spec` lists numbers, ranges or ids.

    Extra provisions (`--extra ID`) follow the numbered rules; the 1373 rule comes last.
    """
    rules = library.rules()
    numbered = [r for r in rules if r.meta.number is not None]
    unnumbered = [r for r in rules if r.meta.number is None]   # the 1373 rule
    if not spec:
        chosen = list(numbered)
    else:
        by_key = {str(r.meta.number): r for r in numbered} | {r.id: r for r in rules}
        chosen, problems = [], []
        for token in (t.strip() for t in spec.split(",")):
            if not token:
                continue
            keys = [token]
            match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", token)
            if match:   # a range such as 5-9
                first, last = int(match[1]), int(match[2])
                if first > last:
                    problems.append(Problem(f"range {token!r} runs backwards; write {last}-{first}",
                                            field="--rules"))
                keys = [str(n) for n in range(first, last + 1)]
            for key in keys:
                if key == "1373":
                    key = "federal-law-1373"
                if key not in by_key:
                    problems.append(Problem(
                        f"unknown rule {key!r}{did_you_mean(key, by_key, ' (did you mean {}?)')}; use numbers "
                        f"1-{len(numbered)} or ids from `drafter list rules`", field="--rules"))
                elif by_key[key] not in chosen:
                    chosen.append(by_key[key])
        if problems:
            raise SelectionError(problems)
        if not chosen:
            raise SelectionError(Problem("no rules selected", field="--rules"))
    for rule in unnumbered:
        if include_1373 and rule not in chosen:
            chosen.append(rule)
        elif not include_1373 and rule in chosen:
            chosen.remove(rule)
    available = {clause.id: clause for clause in library.extras()}
    unknown = [e for e in extras if e not in available]
    if unknown:
        raise SelectionError([Problem(f"unknown extra provision {e!r}; choose from: "
                                      f"{', '.join(available) or '(none)'}", field="--extra")
                              for e in unknown])
    ordered = numbered + [available[e] for e in dict.fromkeys(extras)] + unnumbered
    order = {rule.id: index for index, rule in enumerate(ordered)}
    return sorted(chosen + [available[e] for e in dict.fromkeys(extras)], key=lambda r: order[r.id])


def needs_oversight_entity(rule: Clause) -> bool:
    """Whether the rule names who takes complaints (the model text's [oversight entity]),
    which the profile must then say."""
    return "[oversight entity]" in rule.body


def check_selection(jurisdiction: Jurisdiction, rules: list[Clause]) -> None:
    """Refuse a selection the profile cannot fill, before any rendering."""
    needs_oversight = [r for r in rules if needs_oversight_entity(r)]
    if needs_oversight and not jurisdiction.oversight_entity:
        names = ", ".join(r.label for r in needs_oversight)
        raise SelectionError(Problem(
            f"{names} names who takes complaints; add `oversight_entity: <office name>` "
            "(for example: Police Accountability Board) to the profile, or leave the rule out "
            "with --rules", file=jurisdiction.source, field="oversight_entity"))
