"""A multipart upload streamed into the blob store as it arrives, never held in memory.

The body is parsed piece by piece (python-multipart's streaming parser); the ``file`` part
goes straight into a ``BlobWriter``, which hashes it on the way and refuses it past the size
limit, leaving nothing behind. The other fields are short texts (language, kind, ...).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from triage.errors import InvalidInput
from triage.storage.blobs import BlobStore, BlobWriter

FILE_FIELD = "file"
MAX_FIELD_BYTES = 4096
MAX_FIELDS = 20


@dataclass
class Upload:
    sha256: str
    size: int
    filename: str | None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    filename: str | None = None
    value: bytearray = field(default_factory=bytearray)


class _Reader:
    def __init__(self, writer: BlobWriter) -> None:
        self.writer = writer
        self.part = _Part()
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.fields: dict[str, str] = {}
        self.filename: str | None = None
        self.files = 0

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._begin, "on_header_field": self._hfield, "on_header_value": self._hvalue,
            "on_header_end": self._hend, "on_headers_finished": self._headers_done, "on_part_data": self._data,
            "on_part_end": self._end,
        }  # fmt: skip

    def _begin(self) -> None:
        self.part = _Part()

    def _hfield(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def _hvalue(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _hend(self) -> None:
        self.part.headers[bytes(self.header_field).lower()] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def _headers_done(self) -> None:
        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        self.part.name = options.get(b"name", b"").decode("utf-8", "replace")
        raw = options.get(b"filename")
        self.part.filename = raw.decode("utf-8", "replace") if raw is not None else None
        if self.part.name == FILE_FIELD:
            self.files += 1
            if self.files > 1:
                raise InvalidInput("send one file per request, in the field 'file'")
            self.filename = self.part.filename

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self.part.name == FILE_FIELD:
            self.writer.write(data[start:end])
            return
        self.part.value += data[start:end]
        if len(self.part.value) > MAX_FIELD_BYTES:
            raise InvalidInput(f"form field {self.part.name!r} is longer than {MAX_FIELD_BYTES} bytes")

    def _end(self) -> None:
        if self.part.name != FILE_FIELD:
            if len(self.fields) >= MAX_FIELDS:
                raise InvalidInput(f"more than {MAX_FIELDS} form fields")
            try:
                self.fields[self.part.name] = self.part.value.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput(f"form field {self.part.name!r} is not UTF-8") from None


async def receive_upload(
    content_type: str, body: AsyncIterator[bytes], blobs: BlobStore, limit: int,
    accept: Callable[[dict[str, str]], None] | None = None,
) -> Upload:  # fmt: skip
    """Parse a multipart/form-data body whose ``file`` field is stored in ``blobs``.

    ``accept`` sees the other fields before the file is kept (the web page checks its CSRF
    token there): whatever it raises leaves nothing in the store.
    """
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InvalidInput("expected multipart/form-data with a boundary")
    with blobs.writer(limit) as writer:
        reader = _Reader(writer)
        try:
            parser = MultipartParser(boundary, reader.callbacks())  # type: ignore[arg-type]
            async for chunk in body:
                parser.write(chunk)
            parser.finalize()
        except MultipartParseError as exc:
            raise InvalidInput(f"the multipart body cannot be read: {exc}") from None
        if reader.files == 0:
            raise InvalidInput(f"no file in the request: send it in the multipart field {FILE_FIELD!r}")
        if accept is not None:
            accept(reader.fields)
        sha, size = writer.commit()
    return Upload(sha, size, reader.filename, reader.fields)
