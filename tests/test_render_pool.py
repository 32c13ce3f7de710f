"""The render helpers (drafter.render.pool): both cores, the same files, no hang."""
from __future__ import annotations

from drafter import build_draft
from drafter.render import pool


def _tasks():
    ordinance, petition = build_draft("ordinance"), build_draft("petition")
    return [(ordinance, "pdf"), (ordinance, "docx"), (petition, "pdf"), (petition, "md")]


def test_pdfs_from_the_helpers_are_the_bytes_made_in_process():
    tasks = _tasks()
    alone = pool.render_many(tasks)
    with pool.helpers(2):
        helped = pool.render_many(tasks)
    assert [content[:4] for content in helped] == [b"%PDF", b"PK\x03\x04", b"%PDF", b"# Pe"]
    assert helped == alone


def test_a_helper_that_dies_costs_time_not_the_documents():
    tasks = _tasks()
    with pool.helpers(1):
        executor = pool._executor
        executor.submit(pool._started).result()           # the helper is up
        for process in executor._processes.values():      # as the OOM killer would
            process.kill()
            process.join()
        rendered = pool.render_many(tasks)
    assert rendered == pool.render_many(tasks)


def test_helpers_end_with_their_block():
    with pool.helpers(2):
        processes = list(pool._executor._processes.values())
    assert pool._executor is None
    assert not any(process.is_alive() for process in processes)


def test_arrays_for_weasyprint_are_the_arrays_asked_for():
    """The cffi shim in drafter.render.pdf (array types parsed once) changes no array."""
    from weasyprint.text.ffi import ffi

    from drafter.render.pdf import _font_config

    _font_config()     # installs it
    array = ffi.new("hb_codepoint_t[3]", [7, 8, 9])
    assert list(array) == [7, 8, 9] and ffi.sizeof(array) == 3 * ffi.sizeof("hb_codepoint_t")
    assert list(ffi.new("unsigned int[5]", [1, 2])) == [1, 2, 0, 0, 0]     # partly filled
    assert ffi.typeof(ffi.new("char[4]")) == ffi.typeof("char[4]")          # no values
