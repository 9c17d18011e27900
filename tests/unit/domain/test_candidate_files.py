"""Candidate files: kinds, content sniffing by magic bytes, display names, the live-file limit."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.candidates.files import (
    DEFAULT_KIND,
    MAX_FILE_NAME_LENGTH,
    MAX_LIVE_FILES,
    SNIFF_BYTES,
    CandidateFile,
    FileKind,
    FileType,
    clean_file_name,
    ensure_room,
    file_kind,
    sniff_type,
)
from domain.errors import InvalidInput, RuleConflict

NOW = datetime(2026, 11, 29, 10, 15, tzinfo=UTC)


def _zip(entries: list[tuple[str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in entries:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def _names_of(data: bytes):
    return lambda: zipfile.ZipFile(io.BytesIO(data)).namelist()


def _docx(padding: int = 0) -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", b"<Types/>", zipfile.ZIP_DEFLATED),
            ("_rels/.rels", b"<Relationships/>", zipfile.ZIP_DEFLATED),
            ("padding.bin", bytes(range(256)) * padding, zipfile.ZIP_STORED),
            ("word/document.xml", b"<w:document/>", zipfile.ZIP_DEFLATED),
        ]
    )


def _odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return _zip(
        [
            ("mimetype", mimetype, zipfile.ZIP_STORED),
            ("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED),
            ("META-INF/manifest.xml", b"<manifest:manifest/>", zipfile.ZIP_DEFLATED),
        ]
    )


class TestKind:
    def test_absent_means_resume(self) -> None:
        assert file_kind(None) is DEFAULT_KIND is FileKind.RESUME

    @pytest.mark.parametrize("kind", list(FileKind))
    def test_every_kind_parses(self, kind: FileKind) -> None:
        assert file_kind(kind.value) is kind

    @pytest.mark.parametrize("value", ["photo", "", "RESUME"])
    def test_unknown_kind_lists_the_allowed_ones(self, value: str) -> None:
        with pytest.raises(InvalidInput) as caught:
            file_kind(value)
        (problem,) = caught.value.problems
        assert problem.field == "kind"
        assert "resume, cover_letter, portfolio, other" in problem.message


class TestFileType:
    def test_values_are_mime_types(self) -> None:
        assert FileType.DOCX == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert {t.value for t in FileType} >= {"application/pdf", "text/plain", "image/png"}

    @pytest.mark.parametrize(
        ("file_type", "extractable"),
        [
            (FileType.PDF, True),
            (FileType.DOCX, True),
            (FileType.RTF, True),
            (FileType.ODT, True),
            (FileType.TXT, True),
            (FileType.DOC, False),
            (FileType.JPEG, False),
            (FileType.PNG, False),
        ],
    )
    def test_text_extractable(self, file_type: FileType, extractable: bool) -> None:
        assert file_type.text_extractable is extractable


class TestSniff:
    @pytest.mark.parametrize(
        ("head", "expected"),
        [
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", FileType.PDF),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24), FileType.DOC),
            (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", FileType.RTF),
            (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", FileType.JPEG),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", FileType.PNG),
        ],
    )
    def test_magic_signatures(self, head: bytes, expected: FileType) -> None:
        assert sniff_type(head) is expected

    def test_pdf_signature_must_lead(self) -> None:
        assert sniff_type(b"\x00\x01junk%PDF-1.4") is None

    def test_empty_file_is_nothing(self) -> None:
        assert sniff_type(b"") is None

    @pytest.mark.parametrize(
        "head", [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", b"\x7fELF\x02\x01\x01\x00", b"MZ text"]
    )
    def test_executable_named_pdf_is_nothing(self, head: bytes) -> None:
        # Only the bytes are seen, so the ".pdf" a client gave it cannot help.
        assert sniff_type(head) is None

    def test_docx_from_the_head(self) -> None:
        assert sniff_type(_docx()) is FileType.DOCX

    def test_docx_from_the_central_directory(self) -> None:
        data = _docx(padding=64)
        head = data[:SNIFF_BYTES]
        assert sniff_type(head) is None  # `word/` lies beyond the head
        assert sniff_type(head, _names_of(data)) is FileType.DOCX

    def test_odt(self) -> None:
        data = _odt()
        assert sniff_type(data[:SNIFF_BYTES]) is FileType.ODT

    def test_other_odf_is_nothing(self) -> None:
        data = _odt(b"application/vnd.oasis.opendocument.spreadsheet")
        assert sniff_type(data, _names_of(data)) is None

    def test_odt_mimetype_must_be_stored(self) -> None:
        data = _zip(
            [
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.text",
                    zipfile.ZIP_DEFLATED,
                ),
                ("content.xml", b"<x/>", zipfile.ZIP_DEFLATED),
            ]
        )
        assert sniff_type(data) is None

    def test_random_zip_is_nothing(self) -> None:
        data = _zip(
            [
                ("photos/a.jpg", b"\xff\xd8\xff" + bytes(50), zipfile.ZIP_DEFLATED),
                ("readme.txt", b"hello", zipfile.ZIP_STORED),
            ]
        )
        assert sniff_type(data) is None
        assert sniff_type(data, _names_of(data)) is None

    def test_zip_with_only_content_types_is_not_docx(self) -> None:
        data = _zip([("[Content_Types].xml", b"<Types/>", zipfile.ZIP_DEFLATED)])
        assert sniff_type(data, _names_of(data)) is None

    def test_cyrillic_text(self) -> None:
        head = "Иванов Иван\r\nОпыт:\t5 лет\f\n".encode()
        assert sniff_type(head) is FileType.TXT

    def test_text_with_bom(self) -> None:
        assert sniff_type(b"\xef\xbb\xbfResume") is FileType.TXT

    def test_binary_with_nul_is_nothing(self) -> None:
        assert sniff_type(b"hello\x00world") is None

    @pytest.mark.parametrize("control", [b"\x01", b"\x08", b"\x1b", b"\x0b"])
    def test_other_c0_controls_are_not_text(self, control: bytes) -> None:
        assert sniff_type(b"plain " + control + b" text") is None

    def test_invalid_utf8_is_not_text(self) -> None:
        assert sniff_type("Résumé".encode("latin-1")) is None

    def test_truncated_character_at_the_end_of_the_head(self) -> None:
        text = ("я" * SNIFF_BYTES).encode()
        head = text[: SNIFF_BYTES - 1]  # an odd count cuts the last two-byte letter
        assert sniff_type(head) is FileType.TXT

    def test_longer_input_is_cut_to_the_sniff_window(self) -> None:
        data = b"a" * (SNIFF_BYTES - 1) + "я".encode() + b"\x00"
        assert sniff_type(data) is FileType.TXT

    def test_truncation_in_the_middle_is_not_text(self) -> None:
        assert sniff_type(b"ab\xd0cd") is None


class TestFileName:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("resume.pdf", "resume.pdf"),
            ("/home/user/docs/resume.pdf", "resume.pdf"),
            ("C:\\Users\\ivan\\CV.docx", "CV.docx"),
            ("..\\..\\x.pdf", "x.pdf"),
            ("../../etc/passwd", "passwd"),
            ("docs/cv.pdf/", "cv.pdf"),
            ("cv\x00\x07\x1b.pdf", "cv.pdf"),
            ("cv\x85\x9f.pdf", "cv.pdf"),
            ("cv\u202efdp.exe", "cvfdp.exe"),
            ("\u2066a\u2069\u200e\u200f\u061cb.txt", "ab.txt"),
            ("  .hidden. . ", "hidden"),
            ("Резюме Иванова.pdf", "Резюме Иванова.pdf"),
            ("履歴書.pdf", "履歴書.pdf"),
            ("Jose\u0301.pdf", "José.pdf"),
        ],
    )
    def test_cleaning(self, raw: str, expected: str) -> None:
        assert clean_file_name(raw) == expected

    @pytest.mark.parametrize("raw", [None, "", "   ", "...", "..\\..", "/", "\u202e\x00"])
    def test_empty_becomes_file(self, raw: str | None) -> None:
        assert clean_file_name(raw) == "file"

    def test_long_name_keeps_its_extension(self) -> None:
        name = clean_file_name("ж" * 400 + ".docx")
        assert len(name) == MAX_FILE_NAME_LENGTH
        assert name == "ж" * (MAX_FILE_NAME_LENGTH - 5) + ".docx"

    def test_long_name_without_extension_is_cut(self) -> None:
        assert clean_file_name("a" * 300) == "a" * MAX_FILE_NAME_LENGTH

    def test_long_tail_after_a_dot_is_not_an_extension(self) -> None:
        name = clean_file_name("a." + "b" * 300)
        assert name == ("a." + "b" * 300)[:MAX_FILE_NAME_LENGTH]


class TestRoom:
    @pytest.mark.parametrize("count", [0, MAX_LIVE_FILES - 1])
    def test_room_below_the_limit(self, count: int) -> None:
        assert ensure_room(count) is None  # raising here would refuse the 50th file

    @pytest.mark.parametrize("count", [MAX_LIVE_FILES, MAX_LIVE_FILES + 1])
    def test_no_room_at_the_limit(self, count: int) -> None:
        with pytest.raises(RuleConflict, match="already has 50 files"):
            ensure_room(count)

    def test_limit_is_fifty(self) -> None:
        assert MAX_LIVE_FILES == 50


def _file() -> CandidateFile:
    return CandidateFile(
        id=uuid4(),
        candidate_id=uuid4(),
        kind=FileKind.RESUME,
        file_name="cv.pdf",
        content_type=FileType.PDF,
        size=1024,
        sha256="0" * 64,
        storage_key="candidate-files/abc",
        text="Иван",
        text_extracted=True,
        uploaded_by=uuid4(),
        created_at=NOW,
    )


class TestSoftDelete:
    def test_new_file_is_live(self) -> None:
        assert _file().is_live

    def test_delete_then_restore(self) -> None:
        file = _file()
        assert file.delete(NOW) is True
        assert not file.is_live
        assert file.deleted_at == NOW
        assert file.restore() is True
        assert file.is_live
        assert file.deleted_at is None

    def test_repeats_change_nothing(self) -> None:
        file = _file()
        assert file.restore() is False
        file.delete(NOW)
        later = datetime(2026, 12, 1, tzinfo=UTC)
        assert file.delete(later) is False
        assert file.deleted_at == NOW
