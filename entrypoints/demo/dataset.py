"""Deterministic demo rows: the same seed and size always give the same rows, ids included.

Rows are plain tuples in the column order of `COLUMNS`, ready for PostgreSQL's COPY. Candidates
come in chunks so a million of them never sit in memory at once."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from entrypoints.demo import vocabulary as words

# A fixed "now" keeps a seed's rows identical whatever day they are generated.
ANCHOR = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Not the OGRN of the company `gefest run` bootstraps (1027700132195): both live in one database.
DEMO_OGRN = "1267700000006"
DEMO_PASSWORD = "gefest-demo"
DEMO_USERS = (  # (username, role code, first name, last name)
    ("demo.admin", 1, "Алексей", "Админов"),
    ("demo.employee", 2, "Ирина", "Сотрудникова"),
    ("demo.manager", 3, "Михаил", "Менеджеров"),
    ("demo.recruiter", 4, "Ольга", "Рекрутерова"),
    ("demo.customer", 5, "Павел", "Заказчиков"),
    ("demo.recruiter2", 4, "Дарья", "Подборова"),
    ("demo.recruiter3", 4, "Anna", "Hunter"),
)
PIPELINE = (1, 2, 4, 5, 6, 7, 10)  # the usual road to a hire; 3, 8 and 9 end it elsewhere
CONTACT_PHONE, CONTACT_HOME, CONTACT_EMAIL, CONTACT_TELEGRAM = 1, 2, 3, 4

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": (
        "id",
        "company_id",
        "username",
        "password_hash",
        "role_code",
        "first_name",
        "last_name",
        "email",
        "created_at",
        "updated_at",
    ),
    "departments": ("id", "company_id", "name", "created_at", "updated_at"),
    "positions": ("id", "company_id", "name", "created_at", "updated_at"),
    "grades": ("id", "company_id", "name", "created_at", "updated_at"),
    "skills": ("id", "company_id", "name", "normalized_name", "created_at"),
    "candidates": (
        "id",
        "company_id",
        "first_name",
        "last_name",
        "middle_name",
        "birth_date",
        "min_salary",
        "position_id",
        "grade_id",
        "address_code",
        "citizenship_code",
        "family_status_code",
        "created_by",
        "created_at",
        "updated_at",
        "search_text",
    ),
    "candidate_contacts": (
        "id",
        "company_id",
        "candidate_id",
        "type_code",
        "value",
        "is_priority",
        "sort_order",
    ),
    "candidate_work_places": (
        "id",
        "company_id",
        "candidate_id",
        "position",
        "company",
        "work_from",
        "work_to",
        "is_actual",
        "sort_order",
    ),
    "candidate_languages": ("id", "company_id", "candidate_id", "language_code", "level_code"),
    "candidate_notes": ("id", "company_id", "candidate_id", "text", "author_id", "created_at"),
    "candidate_skills": ("company_id", "candidate_id", "skill_id"),
    "vacancies": (
        "id",
        "company_id",
        "position_id",
        "department_id",
        "grade_id",
        "salary_from",
        "salary_to",
        "employee_count",
        "priority_code",
        "status_code",
        "deadline",
        "address_code",
        "project",
        "recruiter_id",
        "created_by",
        "created_at",
        "updated_at",
        "search_text",
    ),
    "vacancy_skills": ("company_id", "vacancy_id", "skill_id"),
    "interviews": (
        "id",
        "company_id",
        "candidate_id",
        "vacancy_id",
        "stage_code",
        "stage_entered_at",
        "created_by",
        "created_at",
        "updated_at",
    ),
    "interview_stage_results": (
        "id",
        "company_id",
        "interview_id",
        "old_stage_code",
        "new_stage_code",
        "note",
        "seconds_in_old_stage",
        "created_by",
        "created_at",
    ),
}

Rows = dict[str, list[tuple[object, ...]]]


def search_text(*parts: str | None) -> str:
    """The same text adapters/postgres/candidate_search.py computes: words joined, lower, ё→е."""
    return " ".join(p for p in parts if p).lower().replace("ё", "е")


@dataclass
class Dictionary:
    """The company-wide rows every candidate and vacancy points at."""

    company_id: UUID
    user_ids: list[UUID] = field(default_factory=list)
    recruiter_ids: list[UUID] = field(default_factory=list)
    department_ids: list[UUID] = field(default_factory=list)
    position_ids: list[UUID] = field(default_factory=list)
    position_names: dict[UUID, str] = field(default_factory=dict)
    department_names: dict[UUID, str] = field(default_factory=dict)
    grade_ids: list[UUID] = field(default_factory=list)
    skill_ids: list[UUID] = field(default_factory=list)
    skill_names: dict[UUID, str] = field(default_factory=dict)
    live_address_codes: list[int] = field(default_factory=list)


class DemoDataset:
    def __init__(self, seed: int, candidates: int, live_address_codes: list[int]) -> None:
        self.seed = seed
        self.candidate_count = candidates
        self.vacancy_count = max(20, candidates // 50)
        self.interview_count = 2 * candidates
        self._rng = random.Random(seed)
        self.company_id = self._uuid()
        self.dictionary = Dictionary(self.company_id, live_address_codes=sorted(live_address_codes))
        self._candidate_ids: list[UUID] = []
        self.founded_at = ANCHOR - timedelta(days=1200)  # the company's and dictionary's created_at

    def _uuid(self, rng: random.Random | None = None) -> UUID:
        bits = (rng or self._rng).getrandbits(128)
        bits = (bits & ~(0xF << 76)) | (0x4 << 76)  # version 4
        bits = (bits & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
        return UUID(int=bits)

    # --- the dictionary ----------------------------------------------------------------------

    def dictionary_rows(self, password_hash: str) -> Rows:
        d, now = self.dictionary, self.founded_at
        rows: Rows = {
            name: [] for name in ("users", "departments", "positions", "grades", "skills")
        }
        for username, role, first, last in DEMO_USERS:
            user_id = self._uuid()
            d.user_ids.append(user_id)
            if role in (1, 3, 4):
                d.recruiter_ids.append(user_id)
            rows["users"].append(
                (
                    user_id,
                    d.company_id,
                    username,
                    password_hash,
                    role,
                    first,
                    last,
                    f"{username}@demo.gefest.local",
                    now,
                    now,
                )
            )
        for table, names, ids, labels in (
            ("departments", words.DEPARTMENTS, d.department_ids, d.department_names),
            ("positions", words.JOB_TITLES, d.position_ids, d.position_names),
            ("grades", words.GRADES, d.grade_ids, None),
        ):
            for name in names:
                row_id = self._uuid()
                ids.append(row_id)
                if labels is not None:
                    labels[row_id] = name
                rows[table].append((row_id, d.company_id, name, now, now))
        for name in words.SKILLS:
            skill_id = self._uuid()
            d.skill_ids.append(skill_id)
            d.skill_names[skill_id] = name
            rows["skills"].append(
                (skill_id, d.company_id, name, " ".join(name.casefold().split()), now)
            )
        return rows

    # --- candidates --------------------------------------------------------------------------

    def candidate_chunks(self, chunk_size: int = 5000) -> Iterator[Rows]:
        for start in range(0, self.candidate_count, chunk_size):
            rng = random.Random(f"{self.seed}:candidates:{start}")
            rows: Rows = {name: [] for name in COLUMNS if name.startswith("candidate")}
            for index in range(start, min(start + chunk_size, self.candidate_count)):
                self._candidate(rng, index, rows)
            yield rows

    def _candidate(self, rng: random.Random, index: int, rows: Rows) -> None:
        d = self.dictionary
        candidate_id = self._uuid(rng)
        self._candidate_ids.append(candidate_id)
        latin = rng.random() < 0.2
        female = rng.random() < 0.5
        if latin:
            first, last, middle = rng.choice(words.LATIN_FIRST), rng.choice(words.LATIN_LAST), None
        else:
            first = rng.choice(words.RU_FEMALE_FIRST if female else words.RU_MALE_FIRST)
            last = rng.choice(words.RU_LAST) + ("а" if female else "")
            middle = rng.choice(words.RU_FEMALE_MIDDLE if female else words.RU_MALE_MIDDLE)
        created_at = ANCHOR - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
        birth = ANCHOR.date() - timedelta(days=rng.randrange(19 * 365, 60 * 365))
        salary = Decimal(rng.randrange(40, 600) * 1000) if rng.random() < 0.9 else None
        author = rng.choice(d.recruiter_ids)
        text_parts: list[str | None] = [last, first, middle]

        contacts: list[tuple[int, str]] = [
            (CONTACT_PHONE, "+79" + "".join(rng.choices("0123456789", k=9)))
        ]
        if rng.random() < 0.8:
            login = f"{_latin(first)}.{_latin(last)}{index}".lower()
            contacts.append((CONTACT_EMAIL, f"{login}@example.com"))
        if rng.random() < 0.3:
            contacts.append((CONTACT_TELEGRAM, f"@{_latin(last).lower()}{index}"))
        priority = rng.randrange(len(contacts))
        for order, (type_code, value) in enumerate(contacts):
            rows["candidate_contacts"].append(
                (
                    self._uuid(rng),
                    d.company_id,
                    candidate_id,
                    type_code,
                    value,
                    order == priority,
                    order,
                )
            )
        text_parts.extend(value for _, value in contacts)

        skill_ids = rng.sample(d.skill_ids, rng.randint(2, 8))
        rows["candidate_skills"].extend((d.company_id, candidate_id, s) for s in skill_ids)
        text_parts.extend(d.skill_names[s] for s in skill_ids)

        work_end = ANCHOR.date()
        for order in range(rng.randint(0, 5)):
            length = rng.randint(120, 1500)
            is_actual = order == 0 and rng.random() < 0.6
            work_to = None if is_actual else work_end - timedelta(days=rng.randint(0, 90))
            work_from = (work_to or work_end) - timedelta(days=length)
            employer, title = rng.choice(words.EMPLOYERS), rng.choice(words.JOB_TITLES)
            rows["candidate_work_places"].append(
                (
                    self._uuid(rng),
                    d.company_id,
                    candidate_id,
                    title,
                    employer,
                    work_from,
                    work_to,
                    is_actual,
                    order,
                )
            )
            text_parts.append(f"{employer} {title}")
            work_end = work_from - timedelta(days=rng.randint(1, 120))

        for language in rng.sample((1, 2, 3, 4, 5), rng.randint(0, 3)):
            rows["candidate_languages"].append(
                (self._uuid(rng), d.company_id, candidate_id, language, rng.randint(1, 6))
            )

        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            note = rng.choice(words.NOTES)
            rows["candidate_notes"].append(
                (
                    self._uuid(rng),
                    d.company_id,
                    candidate_id,
                    note,
                    author,
                    created_at + timedelta(hours=rng.randint(1, 500)),
                )
            )
            text_parts.append(note)

        rows["candidates"].append(
            (
                candidate_id,
                d.company_id,
                first,
                last,
                middle,
                birth,
                salary,
                rng.choice(d.position_ids),
                rng.choice(d.grade_ids) if rng.random() < 0.8 else None,
                rng.choice(d.live_address_codes) if rng.random() < 0.9 else None,
                1 if rng.random() < 0.9 else None,
                rng.randint(1, 4) if rng.random() < 0.5 else None,
                author,
                created_at,
                created_at,
                search_text(*text_parts),
            )
        )

    # --- vacancies and interviews ------------------------------------------------------------

    def vacancy_rows(self) -> tuple[Rows, list[UUID]]:
        rng, d = random.Random(f"{self.seed}:vacancies"), self.dictionary
        rows: Rows = {"vacancies": [], "vacancy_skills": []}
        ids: list[UUID] = []
        for index in range(self.vacancy_count):
            vacancy_id = self._uuid(rng)
            ids.append(vacancy_id)
            position, department = rng.choice(d.position_ids), rng.choice(d.department_ids)
            low = rng.randrange(50, 400) * 1000
            salary_from = Decimal(low) if rng.random() < 0.8 else None
            salary_to = Decimal(low + rng.randrange(0, 200) * 1000) if rng.random() < 0.8 else None
            created_at = ANCHOR - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            project = rng.choice(words.PROJECTS) if rng.random() < 0.7 else None
            skill_ids = rng.sample(d.skill_ids, rng.randint(1, 6))
            rows["vacancy_skills"].extend((d.company_id, vacancy_id, s) for s in skill_ids)
            text = search_text(
                d.position_names[position],
                d.department_names[department],
                project,
                *(d.skill_names[s] for s in skill_ids),
            )
            rows["vacancies"].append(
                (
                    vacancy_id,
                    d.company_id,
                    position,
                    department,
                    rng.choice(d.grade_ids) if rng.random() < 0.7 else None,
                    salary_from,
                    salary_to,
                    rng.randint(1, 10),
                    index % 4 + 1,
                    index % 3 + 1,
                    (created_at + timedelta(days=rng.randint(14, 180))).date(),
                    rng.choice(d.live_address_codes) if rng.random() < 0.7 else None,
                    project,
                    rng.choice(d.recruiter_ids) if rng.random() < 0.9 else None,
                    rng.choice(d.user_ids),
                    created_at,
                    created_at,
                    text,
                )
            )
        return rows, ids

    def interview_chunks(self, vacancy_ids: list[UUID], chunk_size: int = 20000) -> Iterator[Rows]:
        d = self.dictionary
        seen: set[tuple[UUID, UUID]] = set()
        for start in range(0, self.interview_count, chunk_size):
            rng = random.Random(f"{self.seed}:interviews:{start}")
            rows: Rows = {"interviews": [], "interview_stage_results": []}
            for index in range(start, min(start + chunk_size, self.interview_count)):
                candidate_id = self._candidate_ids[index % len(self._candidate_ids)]
                vacancy_id = rng.choice(vacancy_ids)
                if (candidate_id, vacancy_id) in seen:
                    continue
                seen.add((candidate_id, vacancy_id))
                self._interview(rng, index, candidate_id, vacancy_id, rows, d)
            yield rows

    def _interview(
        self,
        rng: random.Random,
        index: int,
        candidate_id: UUID,
        vacancy_id: UUID,
        rows: Rows,
        d: Dictionary,
    ) -> None:
        interview_id = self._uuid(rng)
        target = index % 10 + 1  # every stage equally often
        if target in PIPELINE:
            path = list(PIPELINE[: PIPELINE.index(target) + 1])
        elif target == 3:
            path = [1, 2, 3]
        else:  # a refusal (8 by the candidate, 9 by the company) somewhere along the road
            path = [*PIPELINE[: rng.randint(2, 6)], target]
        author = rng.choice(d.recruiter_ids)
        moment = ANCHOR - timedelta(days=rng.randint(30, 700))
        created_at = entered = moment
        for old, new in itertools.pairwise(path):
            spent = rng.randint(3600, 20 * 86400)
            moment = moment + timedelta(seconds=spent)
            rows["interview_stage_results"].append(
                (
                    self._uuid(rng),
                    d.company_id,
                    interview_id,
                    old,
                    new,
                    f"{old} → {new}",
                    spent,
                    author,
                    moment,
                )
            )
            entered = moment
        rows["interviews"].append(
            (
                interview_id,
                d.company_id,
                candidate_id,
                vacancy_id,
                path[-1],
                entered,
                author,
                created_at,
                entered,
            )
        )


_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "'": "",
        "-": "",
    }
)


def _latin(name: str) -> str:
    plain = name.lower().translate(_TRANSLIT)
    return "".join(ch for ch in plain if ch.isascii() and ch.isalnum()) or "user"
