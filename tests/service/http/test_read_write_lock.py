"""The service's own reads of the store run together and never during a write (service/http/backends.py)."""

from __future__ import annotations

import threading
import time

from quanze.service.http.backends import ReadWriteLock


def test_readers_read_together() -> None:
    lock = ReadWriteLock()
    inside = threading.Barrier(2, timeout=5)  # both readers must be inside at once, or the barrier breaks

    def read() -> None:
        with lock.reading():
            inside.wait()

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert not inside.broken


def test_a_writer_waits_for_the_readers_and_readers_for_the_writer() -> None:
    lock = ReadWriteLock()
    events: list[str] = []
    reading = threading.Event()

    def read(name: str, hold: float) -> None:
        with lock.reading():
            events.append(f"{name} in")
            reading.set()
            time.sleep(hold)
            events.append(f"{name} out")

    def write() -> None:
        with lock.writing():
            events.append("write in")
            time.sleep(0.1)
            events.append("write out")

    first = threading.Thread(target=read, args=("first", 0.3))
    first.start()
    reading.wait(5)
    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.1)  # the writer is waiting now; a reader arriving after it goes after it
    late = threading.Thread(target=read, args=("late", 0))
    late.start()
    for t in (first, writer, late):
        t.join(5)
    assert events == ["first in", "first out", "write in", "write out", "late in", "late out"]
