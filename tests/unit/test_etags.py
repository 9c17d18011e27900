"""`If-Match` in, `ETag` out: the one parser every controller uses."""

from __future__ import annotations

import msgspec
import pytest

from application.errors import PreconditionFailed
from entrypoints.http.etags import MAX_VERSION, etag, expected_version, with_etag


@pytest.mark.parametrize("header", [None, "*", " * ", '"3", *'])
def test_no_header_or_a_wildcard_sets_no_condition(header):
    assert expected_version(header) is None


@pytest.mark.parametrize(
    ("header", "version"),
    [('"3"', 3), ('W/"3"', 3), (' "12" ', 12), ('"7", "8"', 7), (f'"{MAX_VERSION}"', MAX_VERSION)],
)
def test_a_strong_or_weak_tag_names_a_version(header, version):
    assert expected_version(header) == version


@pytest.mark.parametrize(
    "header",
    ["", "garbage", '""', '"garbage"', "3", '"-1"', '"3.0"', 'w/"3"', '"3', f'"{MAX_VERSION + 1}"'],
)
def test_anything_else_is_refused_as_stale(header):
    with pytest.raises(PreconditionFailed):
        expected_version(header)


class View(msgspec.Struct):
    id: int
    version: int


def test_the_etag_is_the_quoted_version():
    assert etag(3) == '"3"'
    response = with_etag(View(id=1, version=4), 201, Location="/things/1")
    assert response.status_code == 201
    assert response.headers["ETag"] == '"4"'
    assert response.headers["Location"] == "/things/1"
    assert expected_version(response.headers["ETag"]) == 4
