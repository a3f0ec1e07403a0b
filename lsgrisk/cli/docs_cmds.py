"""``lsgrisk docs export`` and ``lsgrisk docs check``: document content for the people who edit it,
and the ``--documents`` option shared by ``report``, ``policies`` and ``demo``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from asset_models.errors import InputError, Place, Problem
from lsgrisk.cli.common import LanguageChoice, t
from policy_templates.checks import check_content, export_content, own_content_languages

F = TypeVar("F", bound=Callable[..., Any])

#: the folder next to an inventory whose changes are used without --documents
AUTO_DOCUMENTS = "documents"


def lang_option(func: F) -> F:
    """``--lang``: the languages of the registry (one without document text yet is an error naming the others)."""
    return click.option(
        "--lang", type=LanguageChoice(), default="cnr", show_default=True,
        help="Document language (cnr-Cyrl: Montenegrin in Cyrillic script).",
    )(func)


def documents_option(func: F) -> F:
    return click.option(
        "--documents", "documents", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Folder with changed document text (see 'lsgrisk docs export'). Default: a 'documents' folder next "
        "to the inventory.",
    )(func)


def resolve_documents(inventory: Path | None, explicit: Path | None) -> Path | None:
    """``--documents`` if given (it must exist), else ``documents/`` next to the inventory, else none."""
    if explicit is not None:
        if not explicit.is_dir():
            raise InputError("the --documents folder does not exist",
                             [Problem(Place(file=str(explicit)), "not a folder")],
                             hint="create it with: lsgrisk docs export " + str(explicit))
        return explicit
    if inventory is not None:
        auto = inventory.parent / AUTO_DOCUMENTS
        if auto.is_dir():
            return auto
    return None


@click.group()
def docs() -> None:
    """Document text for editing: export it, check it.

    \b
    Example:
      lsgrisk docs export my-town/documents --lang cnr
      (edit my-town/documents/cnr/policies/pol-05-incident-management.md or overrides.yaml)
      lsgrisk docs check my-town/documents
      lsgrisk policies my-town/inventory.yaml -o out      (uses my-town/documents automatically)
    """


@docs.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", "langs", multiple=True, type=click.Choice(own_content_languages(), case_sensitive=False),
              help="Only this language (repeat for several). Default: every language with its own text.")
def export_cmd(directory: Path, langs: tuple[str, ...]) -> None:
    """Write the bundled document text into DIRECTORY/<lang>/ for editing.

    Markdown files (policies/, report/), the Word look (reference.docx) and an
    example overrides.yaml. Keep the {#id} markers: they name each paragraph.

    \b
    Example:
      lsgrisk docs export my-town/documents --lang cnr
    """
    for path in export_content(directory, list(langs) or own_content_languages()):
        click.echo(t("wrote {path}", path=path))


@docs.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def check_cmd(directory: Path | None) -> None:
    """Check document text: unknown placeholders, unknown override ids, ids missing in a language,
    ekavian forms in Montenegrin, lines left in English. Without DIRECTORY, the bundled text.

    \b
    Example:
      lsgrisk docs check my-town/documents
    Exit codes: 0 no problems; 3 problems (each with file and line).
    """
    if directory is not None and not directory.is_dir():
        raise InputError("the folder to check does not exist", [Problem(Place(file=str(directory)), "not a folder")])
    problems = check_content(directory)
    if problems:
        raise InputError(f"{len(problems)} problem(s) in the document text", problems)
    click.echo(t("document text: no problems"))


def register(group: click.Group) -> None:
    group.add_command(docs)
