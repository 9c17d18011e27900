"""The `q` search every list shares: a stored `search_text` column, and its words matched.

A searchable table keeps `search_text`: the texts a person would type to find a row (names,
contacts, skills ...), lower-cased with `ё` written `е`, separated by spaces, refreshed in the
transaction of every write and served by a trigram index. `q` matches when every one of its words
is a substring of it. The candidate and vacancy search (candidate_search.py, vacancy_search.py)
say only which texts go in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, Text, bindparam, func, literal_column, select

SPACE = literal_column("' '")


def normalized(text: str) -> str:
    """How a word is compared with `search_text`: lower-cased, `ё` as `е`."""
    return text.lower().replace("ё", "е")


def escape_like(text: str) -> str:
    """`text` as a LIKE pattern that matches it literally (escape character `\\`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(fragment: str) -> str:
    """`%fragment%`, matching the fragment literally anywhere."""
    return f"%{escape_like(fragment)}%"


def word_parameters(q: str | None) -> dict[str, str]:
    """The bound patterns of `q`'s words: `word_0`, `word_1`, ..."""
    words = normalized(q or "").split()
    return {f"word_{index}": like_pattern(word) for index, word in enumerate(words)}


def like(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    return column.like(bindparam(name, type_=Text), escape="\\")


def word_conditions(column: ColumnElement[Any], words: int) -> list[ColumnElement[bool]]:
    """One LIKE per word of `q`, each bound by `word_parameters`."""
    return [like(column, f"word_{index}") for index in range(words)]


def search_text_of(*texts: ColumnElement[Any]) -> ColumnElement[str]:
    """The `search_text` made of these texts (a missing one is skipped)."""
    joined = func.concat_ws(SPACE, *texts)
    return func.replace(func.lower(joined), literal_column("'ё'"), literal_column("'е'"))


def skill_names_of(link: Table, owner_column: str, owner: Table, skills: Table) -> Any:
    """The names of an owner's skills, space-separated (a scalar subquery of the owner row)."""
    return (
        select(func.string_agg(skills.c.name, SPACE))
        .select_from(
            link.join(
                skills,
                (skills.c.company_id == link.c.company_id) & (skills.c.id == link.c.skill_id),
            )
        )
        .where(
            link.c.company_id == owner.c.company_id,
            link.c[owner_column] == owner.c.id,
        )
        .scalar_subquery()
    )
