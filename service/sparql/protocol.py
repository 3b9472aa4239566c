"""How the service and its query workers talk: pickled messages, each preceded by its length."""

from __future__ import annotations

import pickle
import socket
import struct

HEADER = struct.Struct("!Q")


def send(sock: socket.socket, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(data)))
    sock.sendall(data)


def _exactly(sock: socket.socket, size: int) -> bytearray:
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        got = sock.recv_into(view[done:])
        if got == 0:
            raise EOFError("the other side closed the connection")
        done += got
    return buffer


def receive(sock: socket.socket) -> object:
    (size,) = HEADER.unpack(_exactly(sock, HEADER.size))
    return pickle.loads(_exactly(sock, size))
