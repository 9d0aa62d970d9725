"""`python -m wflint.lsp` command line: help, argument errors, and stdio start-up."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wflint.lsp", *args], capture_output=True, text=True, timeout=60)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    assert "--tcp HOST:PORT" in result.stdout


def test_bad_tcp_address():
    result = run("--tcp", "nonsense")
    assert result.returncode == 2
    assert "--tcp expects HOST:PORT" in result.stderr


def test_wflint_server_command_help():
    result = subprocess.run([sys.executable, "-m", "wflint", "server", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--tcp" in result.stdout


def test_exit_without_initialize_ends_the_process():
    # A client that exits at once: the server must not hang.
    body = b'{"jsonrpc": "2.0", "method": "exit"}'
    message = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
    result = subprocess.run([sys.executable, "-m", "wflint.lsp"], input=message, capture_output=True, timeout=60)
    assert result.returncode in (0, 1)
