"""Text out of each document type: the words a recruiter will search a resume for."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from adapters.files.document_text import MAX_TEXT_CHARS, document_text
from domain.candidates.files import SNIFF_BYTES, FileType, sniff_type
from tests.support.documents import docx_with_text, odt_with_text, pdf_with_text, rtf_with_russian


def written(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "document"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "file_type", "words"),
    [
        (pdf_with_text("Senior Python developer"), FileType.PDF, ["Senior Python developer"]),
        (
            docx_with_text("Иван Петров", "Kafka, PostgreSQL", cell="Яндекс"),
            FileType.DOCX,
            ["Иван Петров", "Kafka, PostgreSQL", "Яндекс"],
        ),
        (odt_with_text("Разработчик", "Go & Rust"), FileType.ODT, ["Разработчик", "Go & Rust"]),
        (rtf_with_russian("Опыт работы 5 лет"), FileType.RTF, ["Опыт работы 5 лет"]),
        ("Резюме: аналитик\n".encode(), FileType.TXT, ["Резюме: аналитик"]),
    ],
)
def test_each_readable_type_gives_its_words(tmp_path, data, file_type, words):
    path = written(tmp_path, data)
    # the made documents are what the upload's sniffing accepts as their type
    assert sniff_type(data[:SNIFF_BYTES], lambda: zip_names(path)) == file_type
    text = document_text(path, file_type)
    assert text is not None
    for word in words:
        assert word in text


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


@pytest.mark.parametrize("file_type", [FileType.JPEG, FileType.PNG, FileType.DOC])
def test_types_without_readable_text_give_none(tmp_path, file_type):
    assert document_text(written(tmp_path, b"\xff\xd8\xff\xe0 not read"), file_type) is None


@pytest.mark.parametrize("file_type", [FileType.PDF, FileType.DOCX, FileType.ODT])
def test_a_broken_file_raises_for_the_caller_to_turn_into_no_text(tmp_path, file_type):
    with pytest.raises(Exception):  # noqa: B017 - any failure: the extractor records "no text"
        document_text(written(tmp_path, b"PK\x03\x04 truncated garbage"), file_type)


def test_text_is_capped(tmp_path):
    text = document_text(written(tmp_path, b"word " * MAX_TEXT_CHARS), FileType.TXT)
    assert text is not None and len(text) <= MAX_TEXT_CHARS
