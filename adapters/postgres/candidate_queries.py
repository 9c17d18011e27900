"""The candidate read model: whole cards built as JSON by PostgreSQL, one statement per call.

`get` and `list` each run exactly one statement, whatever the page size. The statement selects the
page of candidates (filters, order, limit and offset on `candidates` alone, so the sort indexes
serve it), joins the names of its position, grade, references and author, and aggregates each
child kind of the page rows with a correlated `json_agg` subquery (children are found through their
`(company_id, candidate_id)` indexes). The list wraps the page and the total count into one JSON
document; msgspec decodes it straight into the view Structs. Total experience is then computed by
the domain from the decoded work places, with the caller's `today`.

Every subquery names the caller's company. Children are ordered: contacts and work places by their
`sort_order` then id, languages by language code, notes oldest first (then id), skills by normalized
name (then id).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    FromClause,
    Select,
    Text,
    Uuid,
    and_,
    any_,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from adapters.postgres.candidate_search import escape_like, normalized_search_text
from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidate_contacts,
    candidate_languages,
    candidate_notes,
    candidate_skills,
    candidate_work_places,
    candidates,
    grades,
    positions,
    ref_addresses,
    ref_contact_types,
    ref_countries,
    ref_family_statuses,
    ref_language_levels,
    ref_languages,
    skills,
    users,
)
from application.candidates.views import (
    CandidateCard,
    CandidateFilters,
    CandidateList,
    ExperienceView,
)
from application.pagination import Page, Sort
from domain.candidates.experience import total_experience

_EMPTY_ARRAY = literal_column("'[]'::json")
_ZERO = literal_column("0")
# What a card needs of its candidate row (not the long search text).
_CARD_COLUMNS = [
    column for column in candidates.c if column.name not in ("search_text", "deleted_at")
]
_UTC_FORMAT = literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'""")


def _utc(column: ColumnElement) -> ColumnElement:
    """A timestamptz as RFC 3339 UTC text, whatever the session's TimeZone."""
    return func.to_char(func.timezone(literal_column("'UTC'"), column), _UTC_FORMAT)


def _obj(**fields: Any) -> ColumnElement:
    arguments: list[Any] = []
    for key, value in fields.items():
        arguments.extend((literal_column(f"'{key}'"), value))
    return func.json_build_object(*arguments)


def _ref_or_null(code: ColumnElement, ref: FromClause) -> ColumnElement:
    return case((code.is_(None), null()), else_=_obj(code=ref.c.code, value=ref.c.value))


def _children(
    table: FromClause,
    page: FromClause,
    company_id: UUID,
    item: ColumnElement,
    order_by: list[ColumnElement],
    joins: list[tuple[FromClause, ColumnElement]] | None = None,
) -> ColumnElement:
    source: FromClause = table
    for joined, on in joins or []:
        source = source.join(joined, on)
    aggregated = (
        select(func.json_agg(aggregate_order_by(item, *order_by)))
        .select_from(source)
        .where(table.c.company_id == company_id, table.c.candidate_id == page.c.id)
        .scalar_subquery()
    )
    return func.coalesce(aggregated, _EMPTY_ARRAY)


def _card(page: FromClause, company_id: UUID) -> tuple[ColumnElement, list[tuple[FromClause, Any]]]:
    """The card JSON of a `page` row and the outer joins it needs."""
    position = positions.alias("position")
    grade = grades.alias("grade")
    address = ref_addresses.alias("address")
    citizenship = ref_countries.alias("citizenship")
    family_status = ref_family_statuses.alias("family_status")
    author = users.alias("created_by")
    joins: list[tuple[FromClause, Any]] = [
        (
            position,
            and_(position.c.company_id == page.c.company_id, position.c.id == page.c.position_id),
        ),
        (grade, and_(grade.c.company_id == page.c.company_id, grade.c.id == page.c.grade_id)),
        (address, address.c.code == page.c.address_code),
        (citizenship, citizenship.c.code == page.c.citizenship_code),
        (family_status, family_status.c.code == page.c.family_status_code),
        (author, and_(author.c.company_id == page.c.company_id, author.c.id == page.c.created_by)),
    ]
    contact_type = ref_contact_types.alias("contact_type")
    contacts = _children(
        candidate_contacts,
        page,
        company_id,
        _obj(
            id=candidate_contacts.c.id,
            type=_obj(code=contact_type.c.code, value=contact_type.c.value),
            value=candidate_contacts.c.value,
            is_priority=candidate_contacts.c.is_priority,
        ),
        [candidate_contacts.c.sort_order, candidate_contacts.c.id],
        [(contact_type, contact_type.c.code == candidate_contacts.c.type_code)],
    )
    work_places = _children(
        candidate_work_places,
        page,
        company_id,
        _obj(
            id=candidate_work_places.c.id,
            position=candidate_work_places.c.position,
            company=candidate_work_places.c.company,
            work_from=candidate_work_places.c.work_from,
            work_to=candidate_work_places.c.work_to,
            is_actual=candidate_work_places.c.is_actual,
        ),
        [candidate_work_places.c.sort_order, candidate_work_places.c.id],
    )
    language = ref_languages.alias("language")
    level = ref_language_levels.alias("level")
    languages = _children(
        candidate_languages,
        page,
        company_id,
        _obj(
            id=candidate_languages.c.id,
            language=_obj(code=language.c.code, value=language.c.value),
            level=_obj(code=level.c.code, value=level.c.value, level_code=level.c.level_code),
        ),
        [candidate_languages.c.language_code, candidate_languages.c.id],
        [
            (language, language.c.code == candidate_languages.c.language_code),
            (level, level.c.code == candidate_languages.c.level_code),
        ],
    )
    note_author = users.alias("note_author")
    notes = _children(
        candidate_notes,
        page,
        company_id,
        _obj(
            id=candidate_notes.c.id,
            text=candidate_notes.c.text,
            author=_obj(
                id=note_author.c.id,
                first_name=note_author.c.first_name,
                last_name=note_author.c.last_name,
            ),
            created_at=_utc(candidate_notes.c.created_at),
        ),
        [candidate_notes.c.created_at, candidate_notes.c.id],
        [
            (
                note_author,
                and_(
                    note_author.c.company_id == candidate_notes.c.company_id,
                    note_author.c.id == candidate_notes.c.author_id,
                ),
            )
        ],
    )
    skill_list = _children(
        candidate_skills,
        page,
        company_id,
        _obj(id=skills.c.id, name=skills.c.name),
        [skills.c.normalized_name, skills.c.id],
        [
            (
                skills,
                and_(
                    skills.c.company_id == candidate_skills.c.company_id,
                    skills.c.id == candidate_skills.c.skill_id,
                ),
            )
        ],
    )
    card = _obj(
        id=page.c.id,
        first_name=page.c.first_name,
        last_name=page.c.last_name,
        middle_name=page.c.middle_name,
        birth_date=page.c.birth_date,
        min_salary=cast(func.round(page.c.min_salary), BigInteger),
        position=case(
            (position.c.id.is_(None), null()), else_=_obj(id=position.c.id, name=position.c.name)
        ),
        grade=case((grade.c.id.is_(None), null()), else_=_obj(id=grade.c.id, name=grade.c.name)),
        address=_ref_or_null(page.c.address_code, address),
        citizenship=_ref_or_null(page.c.citizenship_code, citizenship),
        family_status=_ref_or_null(page.c.family_status_code, family_status),
        contacts=contacts,
        work_places=work_places,
        total_experience=_obj(years=_ZERO, months=_ZERO),
        languages=languages,
        notes=notes,
        skills=skill_list,
        created_by=_obj(
            id=author.c.id, first_name=author.c.first_name, last_name=author.c.last_name
        ),
        created_at=_utc(page.c.created_at),
        updated_at=_utc(page.c.updated_at),
        version=page.c.version,
    )
    return card, joins


def _outer_join(page: FromClause, joins: list[tuple[FromClause, Any]]) -> FromClause:
    source: FromClause = page
    for joined, on in joins:
        source = source.outerjoin(joined, on)
    return source


# --- filters and order -------------------------------------------------------------------------


def _contains(column: ColumnElement, fragment: str) -> ColumnElement:
    """Case-insensitive substring, on `lower(column)` so the trigram indexes serve it."""
    return func.lower(column).like(
        func.lower(literal("%" + escape_like(fragment) + "%", Text)), escape="\\"
    )


def _conditions(company_id: UUID, filters: CandidateFilters) -> list[ColumnElement]:
    c = candidates.c
    where: list[ColumnElement] = [c.company_id == company_id, c.deleted_at.is_(None)]
    for word in (filters.q or "").split():
        pattern = "%" + escape_like(normalized_search_text(word)) + "%"
        where.append(c.search_text.like(literal(pattern, Text), escape="\\"))
    for column, fragment in (
        (c.first_name, filters.first_name),
        (c.last_name, filters.last_name),
        (c.middle_name, filters.middle_name),
    ):
        if fragment:
            where.append(_contains(column, fragment))
    if filters.position_id is not None:
        where.append(c.position_id == filters.position_id)
    if filters.grade_id is not None:
        where.append(c.grade_id == filters.grade_id)
    if filters.address_code is not None:
        where.append(c.address_code == filters.address_code)
    skill_ids = list(dict.fromkeys(filters.skill_ids))
    if skill_ids:
        having_all = (
            select(candidate_skills.c.candidate_id)
            .where(
                candidate_skills.c.company_id == company_id,
                candidate_skills.c.skill_id == any_(literal(skill_ids, ARRAY(Uuid))),
            )
            .group_by(candidate_skills.c.candidate_id)
            .having(func.count() == len(skill_ids))
        )
        where.append(c.id.in_(having_all))
    if filters.salary_from is not None:
        where.append(c.min_salary >= filters.salary_from)
    if filters.salary_to is not None:
        where.append(c.min_salary <= filters.salary_to)
    if filters.created_from is not None:
        where.append(c.created_at >= _midnight(filters.created_from))
    if filters.created_to is not None:
        where.append(c.created_at < _midnight(filters.created_to + timedelta(days=1)))
    return where


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _order(columns: Any, sort: Sort) -> list[ColumnElement]:
    """The sort column (NULL salaries last either way), then id ascending: a stable order that the
    `(company_id, <column>, id)` indexes serve for the default `-created_at` and for `last_name`."""
    column = columns[sort.field]
    first = column.desc() if sort.descending else column.asc()
    if sort.field == "min_salary":
        first = first.nulls_last()
    return [first, columns["id"].asc()]


class _CardsPage(msgspec.Struct, frozen=True):
    items: list[CandidateCard]
    count: int


def _with_experience(card: CandidateCard, today: date) -> CandidateCard:
    experience = total_experience(((w.work_from, w.work_to) for w in card.work_places), today)
    return msgspec.structs.replace(
        card, total_experience=ExperienceView(years=experience.years, months=experience.months)
    )


class SqlaCandidateQueries:
    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, candidate_id: UUID, today: date) -> CandidateCard | None:
        page = (
            select(*_CARD_COLUMNS)
            .where(
                candidates.c.company_id == company_id,
                candidates.c.id == candidate_id,
                candidates.c.deleted_at.is_(None),
            )
            .subquery("page")
        )
        card, joins = _card(page, company_id)
        query = select(cast(card, Text)).select_from(_outer_join(page, joins))
        text = (await self._session.execute(query)).scalar_one_or_none()
        if text is None:
            return None
        return _with_experience(msgspec.json.decode(text, type=CandidateCard), today)

    async def list(
        self, company_id: UUID, filters: CandidateFilters, page: Page, sort: Sort, today: date
    ) -> CandidateList:
        query = self.list_statement(company_id, filters, page, sort)
        text = (await self._session.execute(query)).scalar_one()
        found = msgspec.json.decode(text, type=_CardsPage)
        return CandidateList(
            items=[_with_experience(card, today) for card in found.items], count=found.count
        )

    @staticmethod
    def list_statement(
        company_id: UUID, filters: CandidateFilters, page: Page, sort: Sort
    ) -> Select:
        where = _conditions(company_id, filters)
        rows = (
            select(*_CARD_COLUMNS)
            .where(*where)
            .order_by(*_order(candidates.c, sort))
            .limit(page.limit)
            .offset(page.offset)
            .subquery("page")
        )
        total = select(func.count()).select_from(candidates).where(*where).scalar_subquery()
        card, joins = _card(rows, company_id)
        items = func.coalesce(
            func.json_agg(aggregate_order_by(card, *_order(rows.c, sort))), _EMPTY_ARRAY
        )
        document = _obj(items=items, count=total)
        return select(cast(document, Text)).select_from(_outer_join(rows, joins))
