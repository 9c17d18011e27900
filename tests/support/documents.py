"""Small documents of each accepted type, made by the tests themselves (none is checked in)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import docx


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF that shows `text` (ASCII) in Helvetica, with a correct cross-reference."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def docx_with_text(*paragraphs: str, cell: str | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if cell is not None:
        document.add_table(rows=1, cols=1).rows[0].cells[0].text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_with_text(*paragraphs: str) -> bytes:
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def rtf_with_russian(text: str) -> bytes:
    """An RTF in code page 1251, its letters written as `\\'xx` escapes as Word writes them."""
    escaped = "".join(
        f"\\'{byte:02x}" if byte > 127 else chr(byte) for byte in text.encode("cp1251")
    )
    return (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0 {\\fonttbl{\\f0 Arial;}}\\f0 " + escaped + "\\par}"
    ).encode("ascii")
