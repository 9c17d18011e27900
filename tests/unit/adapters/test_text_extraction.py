"""The extractor's worker processes: text comes back, and a runaway reader is stopped."""

from __future__ import annotations

import time
from pathlib import Path

from adapters.files.text_extraction import ProcessTextExtractor
from domain.candidates.files import FileType
from tests.support.documents import pdf_with_text


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


async def test_a_pdf_s_text_comes_back_from_the_worker_and_the_worker_is_reused(tmp_path):
    extractor = ProcessTextExtractor()
    try:
        pdf = written(tmp_path, "cv.pdf", pdf_with_text("Data engineer"))
        assert "Data engineer" in (await extractor.extract(pdf, FileType.PDF) or "")
        broken = written(tmp_path, "broken.pdf", b"%PDF-1.4 nothing more")
        assert await extractor.extract(broken, FileType.PDF) is None
        assert "Data engineer" in (await extractor.extract(pdf, FileType.PDF) or "")
        assert extractor.idle_workers == 1
    finally:
        await extractor.close()


async def test_an_image_is_not_sent_to_a_worker(tmp_path):
    extractor = ProcessTextExtractor()
    image = written(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n")
    assert await extractor.extract(image, FileType.PNG) is None
    assert extractor.idle_workers == 0


async def test_a_reader_that_never_returns_is_killed_at_the_deadline_and_replaced(tmp_path):
    extractor = ProcessTextExtractor(
        deadline_seconds=1.0, reader="tests.support.stuck_reader:never_returns"
    )
    try:
        started = time.monotonic()
        hang = written(tmp_path, "hang.txt", b"hang")
        assert await extractor.extract(hang, FileType.TXT) is None
        assert time.monotonic() - started < 10
        fine = written(tmp_path, "fine.txt", b"fine words")
        assert await extractor.extract(fine, FileType.TXT) == "fine words"
    finally:
        await extractor.close()


async def test_a_reader_that_eats_memory_hits_the_limit_and_gives_no_text(tmp_path):
    extractor = ProcessTextExtractor(
        memory_limit_bytes=512 * 1024 * 1024, reader="tests.support.stuck_reader:eats_memory"
    )
    try:
        grow = written(tmp_path, "grow.txt", b"grow")
        assert await extractor.extract(grow, FileType.TXT) is None
        fine = written(tmp_path, "fine.txt", b"still here")
        assert await extractor.extract(fine, FileType.TXT) == "still here"
    finally:
        await extractor.close()
