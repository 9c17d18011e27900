"""The candidate read model: whole cards built as JSON by PostgreSQL, in one query per call.

A fixed number of round trips whatever the page size: `get` runs one statement, `list` two (a `SET
LOCAL` of the planning mode, see `_CUSTOM_PLANS`, and the page). The query selects the page of
candidates (filters, order, limit and offset; see `_list_statement` for the two strategies), looks
up the names of its position, grade, references and author, and aggregates each child kind of the
page rows with a correlated `json_agg` subquery (children are found through their `(company_id,
candidate_id)` indexes). Lookups are scalar subqueries, never joins, so the planner has no join
order to search: planning, which runs on every list call (see `_CUSTOM_PLANS`), took longer than the
page itself while the card had half a dozen joins. The list wraps the page and the total count into
one JSON document; msgspec decodes it straight into the view Structs. Without any filter the total
is the company's live-candidate counter (`candidate_counts`, kept exact by triggers on `candidates`)
rather than a count of every live row; with a filter the matches are counted. Total experience is
then computed by the domain from the decoded work places, with the caller's `today`.

Every subquery names the caller's company. Children are ordered: contacts and work places by their
`sort_order` then id, languages by language code, notes oldest first (then id), skills by normalized
name (then id).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    FromClause,
    Integer,
    Select,
    Text,
    Uuid,
    and_,
    any_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from adapters.postgres.candidate_children import (
    COMPANY,
    EMPTY_ARRAY,
    children,
    json_object,
    lookup,
    reference,
    stored_children,
)
from adapters.postgres.session import PgSession
from adapters.postgres.tables import (
    candidate_counts,
    candidate_notes,
    candidate_skills,
    candidates,
    grades,
    positions,
    ref_addresses,
    ref_countries,
    ref_family_statuses,
    users,
)
from adapters.postgres.text_search import like, like_pattern, word_conditions, word_parameters
from application.candidates.views import (
    CandidateCard,
    CandidateFilters,
    EncodedCandidateList,
    ExperienceView,
)
from application.pagination import Page, Sort
from domain.candidates.experience import total_experience

_ZERO = literal_column("0")
# What a card needs of its candidate row (not the long search text).
_CARD_COLUMNS = [
    column for column in candidates.c if column.name not in ("search_text", "deleted_at")
]
_SECONDS_FORMAT = literal_column("""'YYYY-MM-DD"T"HH24:MI:SS'""")
_MICROSECONDS_FORMAT = literal_column("'US'")


def _utc(column: ColumnElement) -> ColumnElement:
    """A timestamptz as RFC 3339 UTC text, whatever the session's TimeZone, written as msgspec
    writes a datetime (six fraction digits, none when they are all zero): a listed card, which
    goes out as PostgreSQL wrote it, then reads exactly as the same card fetched alone."""
    utc = func.timezone(literal_column("'UTC'"), column)
    microseconds = func.to_char(utc, _MICROSECONDS_FORMAT)
    fraction = case(
        (microseconds == literal_column("'000000'"), literal_column("''")),
        else_=literal_column("'.'").concat(microseconds),
    )
    return func.concat(func.to_char(utc, _SECONDS_FORMAT), fraction, literal_column("'Z'"))


def _card(page: FromClause, *, experience: bool) -> tuple[ColumnElement, FromClause]:
    """The card JSON of a `page` row, and `page` joined to what the card reads. `experience`:
    with a zero `total_experience` to replace (the domain computes it), else without one."""
    position = lookup(
        json_object(id=positions.c.id, name=positions.c.name),
        positions.c.company_id == page.c.company_id,
        positions.c.id == page.c.position_id,
    )
    grade = lookup(
        json_object(id=grades.c.id, name=grades.c.name),
        grades.c.company_id == page.c.company_id,
        grades.c.id == page.c.grade_id,
    )
    author = lookup(
        json_object(id=users.c.id, first_name=users.c.first_name, last_name=users.c.last_name),
        users.c.company_id == page.c.company_id,
        users.c.id == page.c.created_by,
    )
    lists, source = stored_children(page)
    notes = children(
        candidate_notes,
        page.c.id,
        json_object(
            id=candidate_notes.c.id,
            text=candidate_notes.c.text,
            author=lookup(
                json_object(
                    id=users.c.id, first_name=users.c.first_name, last_name=users.c.last_name
                ),
                users.c.company_id == candidate_notes.c.company_id,
                users.c.id == candidate_notes.c.author_id,
            ),
            created_at=_utc(candidate_notes.c.created_at),
        ),
        [candidate_notes.c.created_at, candidate_notes.c.id],
    )
    fields: dict[str, ColumnElement] = dict(
        id=page.c.id,
        first_name=page.c.first_name,
        last_name=page.c.last_name,
        middle_name=page.c.middle_name,
        birth_date=page.c.birth_date,
        min_salary=cast(func.round(page.c.min_salary), BigInteger),
        position=position,
        grade=grade,
        address=reference(ref_addresses, page.c.address_code),
        citizenship=reference(ref_countries, page.c.citizenship_code),
        family_status=reference(ref_family_statuses, page.c.family_status_code),
        contacts=lists["contacts"],
        work_places=lists["work_places"],
        languages=lists["languages"],
        notes=notes,
        skills=lists["skills"],
        created_by=author,
        created_at=_utc(page.c.created_at),
        updated_at=_utc(page.c.updated_at),
        version=page.c.version,
    )
    if experience:
        fields["total_experience"] = json_object(years=_ZERO, months=_ZERO)
    card = json_object(**fields)
    return card, source


# --- filters and order -------------------------------------------------------------------------
#
# Statements are built once per shape (which filters are present, how many words `q` has, the
# sort) with every value a bound parameter: building a statement this size costs more than running
# it, and one SQL text per shape lets asyncpg reuse its prepared statement.


@dataclass(frozen=True, slots=True)
class _Shape:
    ids: bool
    words: int
    first_name: bool
    last_name: bool
    middle_name: bool
    position_id: bool
    grade_id: bool
    address_code: bool
    skills: bool
    salary_from: bool
    salary_to: bool
    created_from: bool
    created_to: bool
    sort: Sort

    @property
    def selective(self) -> bool:
        """Whether the filters usually match a small part of the candidates."""
        return bool(
            self.ids
            or self.words
            or self.first_name
            or self.last_name
            or self.middle_name
            or self.position_id
            or self.address_code
            or self.skills
        )

    @property
    def unfiltered(self) -> bool:
        """Whether no filter is present at all (every field but the sort is a filter)."""
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "sort")


_NAME_COLUMNS = ("first_name", "last_name", "middle_name")


def _conditions(shape: _Shape) -> list[ColumnElement]:
    c = candidates.c
    where: list[ColumnElement] = [c.company_id == COMPANY, c.deleted_at.is_(None)]
    if shape.ids:
        where.append(c.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
    where += word_conditions(c.search_text, shape.words)
    # On `lower(column)`, the expression of the trigram indexes.
    where += [like(func.lower(c[name]), name) for name in _NAME_COLUMNS if getattr(shape, name)]
    for name in ("position_id", "grade_id", "address_code"):
        if getattr(shape, name):
            where.append(c[name] == bindparam(name, type_=c[name].type))
    if shape.skills:
        having_all = (
            select(candidate_skills.c.candidate_id)
            .where(
                candidate_skills.c.company_id == COMPANY,
                candidate_skills.c.skill_id == any_(bindparam("skill_ids", type_=ARRAY(Uuid))),
            )
            .group_by(candidate_skills.c.candidate_id)
            .having(func.count() == bindparam("skill_count", type_=Integer))
        )
        where.append(c.id.in_(having_all))
    if shape.salary_from:
        where.append(c.min_salary >= bindparam("salary_from", type_=c.min_salary.type))
    if shape.salary_to:
        where.append(c.min_salary <= bindparam("salary_to", type_=c.min_salary.type))
    if shape.created_from:
        where.append(c.created_at >= bindparam("created_from", type_=c.created_at.type))
    if shape.created_to:
        where.append(c.created_at < bindparam("created_before", type_=c.created_at.type))
    return where


def _parameters(
    company_id: UUID, filters: CandidateFilters, sort: Sort
) -> tuple[dict[str, Any], _Shape]:
    """The bound values of the filters, and the shape of statement they need."""
    values: dict[str, Any] = {"company_id": company_id}
    if filters.ids:
        values["ids"] = list(dict.fromkeys(filters.ids))
    words = word_parameters(filters.q)
    values.update(words)
    for name in _NAME_COLUMNS:
        fragment = getattr(filters, name)
        if fragment:
            values[name] = like_pattern(fragment.lower())
    for name in ("position_id", "grade_id", "address_code", "salary_from", "salary_to"):
        if getattr(filters, name) is not None:
            values[name] = getattr(filters, name)
    skill_ids = list(dict.fromkeys(filters.skill_ids))
    if skill_ids:
        values["skill_ids"] = skill_ids
        values["skill_count"] = len(skill_ids)
    if filters.created_from is not None:
        values["created_from"] = _midnight(filters.created_from)
    if filters.created_to is not None:
        values["created_before"] = _midnight(filters.created_to + timedelta(days=1))
    shape = _Shape(
        ids="ids" in values,
        words=len(words),
        first_name="first_name" in values,
        last_name="last_name" in values,
        middle_name="middle_name" in values,
        position_id="position_id" in values,
        grade_id="grade_id" in values,
        address_code="address_code" in values,
        skills=bool(skill_ids),
        salary_from="salary_from" in values,
        salary_to="salary_to" in values,
        created_from="created_from" in values,
        created_to="created_before" in values,
        sort=sort,
    )
    return values, shape


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


def _live_candidates() -> ColumnElement:
    """The company's live candidates: the sum of its counter slots (none yet: no candidates)."""
    live = func.coalesce(func.sum(candidate_counts.c.live), _ZERO)
    return (
        select(cast(live, BigInteger))
        .where(candidate_counts.c.company_id == COMPANY)
        .scalar_subquery()
    )


@lru_cache(maxsize=512)
def _list_statement(shape: _Shape) -> Select:
    """Without a selective filter, the page walks the sort index and stops after `limit` rows,
    and the count scans the matches separately (without any filter at all, it reads the
    company's counter instead). With one, the matches are found once (through the filter's
    index), counted, and only they are sorted: walking the sort index to collect a page of rare
    matches would read most of the table."""
    where = _conditions(shape)
    window = (bindparam("limit", type_=Integer), bindparam("offset", type_=Integer))
    if shape.selective:
        sort_column = candidates.c[shape.sort.field]
        matched = select(candidates.c.id, sort_column).where(*where).cte("matched")
        page_ids = (
            select(matched.c.id)
            .order_by(*_order(matched.c, shape.sort))
            .limit(window[0])
            .offset(window[1])
            .subquery("page_ids")
        )
        rows = (
            select(*_CARD_COLUMNS)
            .select_from(page_ids)
            .join(
                candidates,
                and_(candidates.c.company_id == COMPANY, candidates.c.id == page_ids.c.id),
            )
            .subquery("page")
        )
        total = select(func.count()).select_from(matched).scalar_subquery()
    else:
        rows = (
            select(*_CARD_COLUMNS)
            .where(*where)
            .order_by(*_order(candidates.c, shape.sort))
            .limit(window[0])
            .offset(window[1])
            .subquery("page")
        )
        total = (
            _live_candidates()
            if shape.unfiltered
            else select(func.count()).select_from(candidates).where(*where).scalar_subquery()
        )
    card, source = _card(rows, experience=False)
    items = func.coalesce(
        func.json_agg(aggregate_order_by(card, *_order(rows.c, shape.sort))), EMPTY_ARRAY
    )
    return select(cast(json_object(items=items, count=total), Text)).select_from(source)


def _get_statement() -> Select:
    page = (
        select(*_CARD_COLUMNS)
        .where(
            candidates.c.company_id == COMPANY,
            candidates.c.id == bindparam("candidate_id", type_=Uuid),
            candidates.c.deleted_at.is_(None),
        )
        .subquery("page")
    )
    card, source = _card(page, experience=True)
    return select(cast(card, Text)).select_from(source)


def _with_experience(card: CandidateCard, today: date) -> CandidateCard:
    experience = total_experience(((w.work_from, w.work_to) for w in card.work_places), today)
    return msgspec.structs.replace(
        card, total_experience=ExperienceView(years=experience.years, months=experience.months)
    )


class _EncodedPage(msgspec.Struct):
    items: list[msgspec.Raw]
    count: int


class _Period(msgspec.Struct):
    work_from: date
    work_to: date | None


class _WorkPeriods(msgspec.Struct):
    """What total experience is computed from; the rest of an encoded card is skipped unread."""

    work_places: list[_Period]


_PAGE = msgspec.json.Decoder(_EncodedPage)
_PERIODS = msgspec.json.Decoder(_WorkPeriods)


def _encoded_with_experience(card: msgspec.Raw, today: date) -> msgspec.Raw:
    """The encoded card (a JSON object without `total_experience`) with it, as its first key."""
    periods = _PERIODS.decode(card).work_places
    experience = total_experience(((p.work_from, p.work_to) for p in periods), today)
    head = b'{"total_experience":{"years":%d,"months":%d},' % (experience.years, experience.months)
    return msgspec.Raw(head + bytes(card)[1:])


# asyncpg prepares each statement once per connection, and after five runs PostgreSQL may switch
# to a generic plan, blind to the values. For a filtered list that is a trap: it guesses every
# salary range selective and walks the salary index over a third of the table (300 ms instead of
# 10). The list therefore asks for plans made with its values, for the rest of the transaction.
_CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


class SqlaCandidateQueries:
    """`get` runs one statement; `list` two (the planning mode above, then the page)."""

    _GET = _get_statement()

    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(self, company_id: UUID, candidate_id: UUID, today: date) -> CandidateCard | None:
        parameters = {"company_id": company_id, "candidate_id": candidate_id}
        document = (await self._session.read(self._GET, parameters)).scalar_one_or_none()
        if document is None:
            return None
        return _with_experience(msgspec.json.decode(document, type=CandidateCard), today)

    async def list(
        self, company_id: UUID, filters: CandidateFilters, page: Page, sort: Sort, today: date
    ) -> EncodedCandidateList:
        statement, parameters = self.list_statement(company_id, filters, page, sort)
        await self._session.execute(_CUSTOM_PLANS)
        document = (await self._session.execute(statement, parameters)).scalar_one()
        found = _PAGE.decode(document)
        items = [_encoded_with_experience(card, today) for card in found.items]
        return EncodedCandidateList(items=items, count=found.count)

    @staticmethod
    def list_statement(
        company_id: UUID, filters: CandidateFilters, page: Page, sort: Sort
    ) -> tuple[Select, dict[str, Any]]:
        """The one statement of a list call and its parameters."""
        parameters, shape = _parameters(company_id, filters, sort)
        parameters.update(limit=page.limit, offset=page.offset)
        return _list_statement(shape), parameters
