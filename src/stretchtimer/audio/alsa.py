"""Keep ALSA quiet, and ask it whether a default playback device exists.

With no sound card, ALSA writes lines such as ``ALSA lib pcm.c:2666:(snd_pcm_open_noupdate)
Unknown PCM default`` straight to file descriptor 2, where the full-screen UI draws. Installing an
error handler through ``snd_lib_error_set_handler`` catches them instead; the handler is global to
the process, so it also covers the copy of ``libasound.so.2`` that simpleaudio uses. File
descriptor 2 is never redirected.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections import deque

_LIBRARY = "libasound.so.2"
_STREAM_PLAYBACK = 0
_MODE_NONBLOCK = 1

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The variadic arguments are not read: the format string and function name are enough to say why.
_Handler = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)

_lock = threading.Lock()
_lib: ctypes.CDLL | None = None
_handler: object = None  # the installed callback; kept referenced for the life of the process
_messages: deque[str] = deque(maxlen=20)


def _record(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    where = (function or b"?").decode("utf-8", "replace")
    what = (fmt or b"").decode("utf-8", "replace").replace("%s", "…").replace("%d", "…")
    _messages.append(f"{where}: {what}")


def _load() -> ctypes.CDLL | None:
    global _lib
    if _lib is None and sys.platform.startswith("linux"):
        try:
            _lib = ctypes.CDLL(_LIBRARY)
        except OSError:
            return None
    return _lib


def available() -> bool:
    """Return True when ALSA's library can be loaded (Linux with libasound.so.2)."""
    with _lock:
        return _load() is not None


def silence_errors() -> bool:
    """Install the error handler that keeps ALSA's messages off the terminal (idempotent).

    Returns:
        True when the handler is installed, False when there is no ALSA library.
    """
    global _handler
    with _lock:
        lib = _load()
        if lib is None:
            return False
        if _handler is None:
            handler = _Handler(_record)
            # ALSA keeps only the C pointer, and may call it from a C thread as late as the
            # process's exit, after Python has cleared this module: take one reference that is
            # never released, so the callback's code is never freed while ALSA can reach it.
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(handler))
            lib.snd_lib_error_set_handler(handler)
            _handler = handler
        return True


def messages() -> list[str]:
    """Return ALSA's error messages caught so far (``function: format``), oldest first."""
    return list(_messages)


def probe_default() -> str | None:
    """Open and close ALSA's default playback device, silently.

    Returns:
        None when the device opens; otherwise why it does not (e.g. ``Unknown PCM default``).
    """
    if not silence_errors():
        return "ALSA library (libasound.so.2) not found"
    with _lock:
        lib = _lib
        assert lib is not None
        _messages.clear()
        handle = ctypes.c_void_p()
        code = lib.snd_pcm_open(ctypes.byref(handle), b"default", _STREAM_PLAYBACK, _MODE_NONBLOCK)
        if code == 0:
            lib.snd_pcm_close(handle)
            return None
        lib.snd_strerror.restype = ctypes.c_char_p
        reason = (lib.snd_strerror(code) or b"error").decode("utf-8", "replace")
        detail = _messages[-1] if _messages else ""
        return f"cannot open the default device ({reason})" + (f": {detail}" if detail else "")
