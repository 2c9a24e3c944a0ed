"""Calls that reach outside the process and can fail for a moment (a network, a database, a file,
an API), and the exceptions that say they did, as data (STC112). Names are qualified names as
imports make them: `requests.get`, `pandas.read_sql`, `builtins.open`. Adding a library is a row."""

from __future__ import annotations

# Qualified-name prefixes of I/O calls.
IO_CALL_PREFIXES = (
    "requests.",
    "httpx.",
    "urllib.request.",
    "urllib3.",
    "aiohttp.",
    "http.client.",
    "socket.",
    "sqlite3.",
    "psycopg2.",
    "psycopg.",
    "pymysql.",
    "mysql.connector.",
    "pymongo.",
    "redis.",
    "sqlalchemy.",
    "snowflake.",
    "google.cloud.",
    "boto3.",
    "openai.",
    "anthropic.",
    "yfinance.",
    "gspread.",
    "pandas.read_",
    "polars.read_",
    "builtins.open",
    "io.open",
    "streamlit.connection",
)
# Methods whose call is I/O whatever object they are called on (a connection, a client, a cursor).
IO_METHODS = frozenset({"execute", "executemany", "read_sql", "read_sql_query", "urlopen", "fetchall", "fetchone"})
# Exceptions that a failed I/O call raises (by final name), besides the catch-alls.
CATCH_ALL = frozenset({"Exception", "BaseException"})
IO_EXCEPTIONS = frozenset(
    {
        "OSError",
        "IOError",
        "ConnectionError",
        "TimeoutError",
        "RequestException",
        "HTTPError",
        "URLError",
        "Timeout",
        "ConnectTimeout",
        "ReadTimeout",
        "HTTPStatusError",
        "TransportError",
        "OperationalError",
        "DatabaseError",
        "InterfaceError",
        "APIError",
        "APIConnectionError",
        "APITimeoutError",
        "RateLimitError",
        "ClientError",
        "BotoCoreError",
        "FileNotFoundError",
        "SSLError",
        "ProxyError",
        "ChunkedEncodingError",
        "RemoteDisconnected",
        "ServerSelectionTimeoutError",
        "AutoReconnect",
        "ServiceUnavailable",
    }
)
