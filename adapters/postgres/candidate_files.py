from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select, update

from adapters.postgres.session import PgSession
from adapters.postgres.tables import candidate_files
from domain.candidates.files import CandidateFile, FileKind, FileType

_files = candidate_files.c
_LIVE = _files.deleted_at.is_(None)


def _file_from_row(row: Any) -> CandidateFile:
    return CandidateFile(
        id=row.id,
        candidate_id=row.candidate_id,
        kind=FileKind(row.kind),
        file_name=row.file_name,
        content_type=FileType(row.content_type),
        size=row.size,
        sha256=row.sha256,
        storage_key=row.storage_key,
        text=row.text,
        text_extracted=row.text_extracted,
        uploaded_by=row.uploaded_by,
        created_at=row.created_at,
        deleted_at=row.deleted_at,
    )


def _of_candidate(company_id: UUID, candidate_id: UUID) -> list[Any]:
    return [_files.company_id == company_id, _files.candidate_id == candidate_id]


class SqlaCandidateFileRepository:
    """A repeated live content is refused by `uq_candidate_files_live_content`, which the error
    translation reports as AlreadyExists."""

    def __init__(self, session: PgSession) -> None:
        self._session = session

    async def get(
        self, company_id: UUID, candidate_id: UUID, file_id: UUID
    ) -> CandidateFile | None:
        query = select(candidate_files).where(
            *_of_candidate(company_id, candidate_id), _files.id == file_id
        )
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _file_from_row(row)

    async def list_live(self, company_id: UUID, candidate_id: UUID) -> list[CandidateFile]:
        query = (
            select(candidate_files)
            .where(*_of_candidate(company_id, candidate_id), _LIVE)
            .order_by(_files.created_at.desc(), _files.id.desc())
        )
        return [_file_from_row(row) for row in await self._session.execute(query)]

    async def count_live(self, company_id: UUID, candidate_id: UUID) -> int:
        query = select(func.count()).where(*_of_candidate(company_id, candidate_id), _LIVE)
        return (await self._session.execute(query)).scalar_one()

    async def find_live_content(
        self, company_id: UUID, candidate_id: UUID, sha256: str
    ) -> CandidateFile | None:
        query = select(candidate_files).where(
            *_of_candidate(company_id, candidate_id), _LIVE, _files.sha256 == sha256
        )
        row = (await self._session.execute(query)).one_or_none()
        return None if row is None else _file_from_row(row)

    async def add(self, company_id: UUID, file: CandidateFile) -> None:
        values = {
            "id": file.id,
            "company_id": company_id,
            "candidate_id": file.candidate_id,
            "kind": file.kind.value,
            "file_name": file.file_name,
            "content_type": file.content_type.value,
            "size": file.size,
            "sha256": file.sha256,
            "storage_key": file.storage_key,
            "text": file.text,
            "text_extracted": file.text_extracted,
            "uploaded_by": file.uploaded_by,
            "created_at": file.created_at,
            "deleted_at": file.deleted_at,
        }
        await self._session.execute(insert(candidate_files).values(values))

    async def save(self, company_id: UUID, file: CandidateFile) -> None:
        statement = (
            update(candidate_files)
            .where(*_of_candidate(company_id, file.candidate_id), _files.id == file.id)
            .values(deleted_at=file.deleted_at)
        )
        await self._session.execute(statement)
