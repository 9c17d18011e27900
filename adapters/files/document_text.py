"""Plain text out of the document types a resume comes in, one reader per type.

These functions trust nothing in the file and cap what they produce (`MAX_TEXT_CHARS`, and
`MAX_PDF_PAGES` of a PDF); they raise on a broken file, and the caller turns any failure into
"no text". They run where a runaway file can be stopped: see the extractor that calls them.
XML is parsed with defusedxml, so an ODT cannot expand entities or reach the network.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import docx
from defusedxml import ElementTree
from pypdf import PdfReader
from striprtf.striprtf import rtf_to_text

from domain.candidates.files import FileType

MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 200
# The largest zip entry an ODT's text may come from, uncompressed: a zip bomb stops here.
MAX_XML_BYTES = 32 * 1024 * 1024
_RTF_CODE_PAGE = re.compile(r"\\ansicpg(\d{3,5})")
_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_BLOCKS = {f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"}


def _capped(parts: Iterable[str]) -> str:
    collected: list[str] = []
    size = 0
    for part in parts:
        collected.append(part)
        size += len(part) + 1
        if size >= MAX_TEXT_CHARS:
            break
    return "\n".join(collected)[:MAX_TEXT_CHARS].strip()


def pdf_text(source: Path) -> str:
    reader = PdfReader(source)
    pages = reader.pages[:MAX_PDF_PAGES]
    return _capped(page.extract_text() or "" for page in pages)


def docx_text(source: Path) -> str:
    document = docx.Document(str(source))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    paragraphs = (paragraph.text for paragraph in document.paragraphs)
    return _capped([*paragraphs, *cells])


def odt_text(source: Path) -> str:
    with zipfile.ZipFile(source) as archive:
        entry = archive.getinfo("content.xml")
        if entry.file_size > MAX_XML_BYTES:
            raise ValueError("content.xml is too large")
        with archive.open(entry) as content:
            root = ElementTree.parse(content).getroot()
    blocks = ("".join(element.itertext()) for element in root.iter() if element.tag in _ODF_BLOCKS)
    return _capped(blocks)


def rtf_text(source: Path) -> str:
    with source.open("rb") as reader:
        raw = reader.read(MAX_TEXT_CHARS * 8).decode("latin-1")
    # A Russian resume's letters are `\'xx` escapes in the code page the header names.
    code_page = _RTF_CODE_PAGE.search(raw[:4096])
    encoding = f"cp{code_page.group(1)}" if code_page else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    return _capped([rtf_to_text(raw, encoding=encoding, errors="replace")])


def txt_text(source: Path) -> str:
    with source.open("rb") as reader:
        raw = reader.read(MAX_TEXT_CHARS * 4)
    return _capped([raw.decode("utf-8", errors="ignore")])


READERS: dict[FileType, Callable[[Path], str]] = {
    FileType.PDF: pdf_text,
    FileType.DOCX: docx_text,
    FileType.ODT: odt_text,
    FileType.RTF: rtf_text,
    FileType.TXT: txt_text,
}


def document_text(source: Path, file_type: FileType) -> str | None:
    """The text of a document of a type text can be read from, None for other types. Raises on a
    file that is not what its type says."""
    reader = READERS.get(file_type)
    return None if reader is None else reader(source)
