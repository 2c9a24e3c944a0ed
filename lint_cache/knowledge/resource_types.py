"""Shared resources that Streamlit can neither hash nor pickle, as data (STC203, STC206).

Connections, clients, locks, open files and the like hold sockets, file descriptors or locks.
`st.cache_data` must pickle its result (`UnserializableReturnValueError` otherwise) and both
decorators hash every argument whose name does not start with `_` (`UnhashableParamError`).
Adding a library is one row here. Names are matched by top-level module and final name, so
`sqlalchemy.Engine` and `sqlalchemy.engine.base.Engine` are the same entry.
"""

from __future__ import annotations

from typing import Optional

# Parameter annotations that name an unhashable resource: module → type names → what it is.
# Classes that are both: an instance cannot be hashed as an argument nor pickled as a result, and
# calling the class makes one.
_RESOURCE_CLASSES: dict[str, dict[str, str]] = {
    "threading": {
        "Lock": "a lock",
        "RLock": "a lock",
        "Condition": "a lock",
        "Semaphore": "a lock",
        "Event": "a lock",
        "Thread": "a thread",
    },
    "concurrent": {"ThreadPoolExecutor": "a thread pool", "ProcessPoolExecutor": "a process pool"},
    "subprocess": {"Popen": "a running process"},
    "httpx": {"Client": "an HTTP client", "AsyncClient": "an HTTP client"},
    "redis": {"Redis": "a Redis client", "StrictRedis": "a Redis client"},
    "pymongo": {"MongoClient": "a database client"},
}

# Verified with AppTest on 1.35 and 1.67 (cache_data): plain objects, locks, connections, functions
# and generators raise UnhashableParamError; open files and BytesIO hash fine (by name or content).
UNHASHABLE_TYPES: dict[str, dict[str, str]] = {
    **_RESOURCE_CLASSES,
    "sqlite3": {"Connection": "a database connection", "Cursor": "a database cursor"},
    "sqlalchemy": {
        "Engine": "a database engine",
        "Connection": "a database connection",
        "Session": "a database session",
        "AsyncEngine": "a database engine",
        "AsyncSession": "a database session",
    },
    "psycopg2": {"connection": "a database connection", "cursor": "a database cursor"},
    "psycopg": {"Connection": "a database connection", "AsyncConnection": "a database connection"},
    "pymysql": {"Connection": "a database connection"},
    "duckdb": {"DuckDBPyConnection": "a database connection"},
    "pymongo": {**_RESOURCE_CLASSES["pymongo"], "Database": "a database handle", "Collection": "a collection handle"},
    "aiohttp": {"ClientSession": "an HTTP session"},
    "botocore": {"BaseClient": "an AWS client"},
    "multiprocessing": {"Pool": "a process pool", "Process": "a process", "Lock": "a lock"},
    "socket": {"socket": "a socket"},
    "typing": {
        "Callable": "a function",
        "Generator": "a generator",
        "Iterator": "an iterator",
        "AsyncGenerator": "a generator",
        "AsyncIterator": "an iterator",
    },
    "collections": {"Callable": "a function", "Generator": "a generator", "Iterator": "an iterator"},
    "types": {"FunctionType": "a function", "GeneratorType": "a generator", "LambdaType": "a function"},
    # A container made outside the function: st.container(), a column, a placeholder.
    "streamlit": {"DeltaGenerator": "a Streamlit container"},
}

# Calls whose result cannot be pickled: module → function (or class) names → what they give.
UNPICKLABLE_FACTORIES: dict[str, dict[str, str]] = {
    **_RESOURCE_CLASSES,
    "builtins": {"open": "an open file"},
    "io": {"open": "an open file"},
    "sqlite3": {"connect": "a database connection"},
    "sqlalchemy": {"create_engine": "a database engine", "create_async_engine": "a database engine"},
    "psycopg2": {"connect": "a database connection"},
    "psycopg": {"connect": "a database connection"},
    "pymysql": {"connect": "a database connection"},
    "mysql": {"connect": "a database connection"},
    "duckdb": {"connect": "a database connection"},
    "snowflake": {"connect": "a database connection"},
    "redis": {**_RESOURCE_CLASSES["redis"], "from_url": "a Redis client"},
    "boto3": {"client": "an AWS client", "resource": "an AWS resource"},
    "multiprocessing": {"Pool": "a process pool", "Lock": "a lock"},
    "socket": {"socket": "a socket", "create_connection": "a socket"},
    "tempfile": {"TemporaryFile": "an open file", "NamedTemporaryFile": "an open file"},
}


def lookup(table: dict[str, dict[str, str]], dotted: str) -> Optional[str]:
    """What `dotted` ("sqlite3.connect", "sqlalchemy.engine.Engine") is in `table`, or None."""
    module, _, rest = dotted.partition(".")
    if not rest:
        return None
    return table.get(module, {}).get(rest.rpartition(".")[2])


# Objects bound to the thread that made them (STC212), by factory: what it is, and the keyword and
# value that lift the binding. Streamlit runs each rerun of a session on a new script thread, so a
# cache_resource that returns one hands the next run an object its thread may not use.
THREAD_BOUND_FACTORIES: dict[str, dict[str, tuple[str, str, object]]] = {
    # sqlite3.ProgrammingError: "SQLite objects created in a thread can only be used in that same thread".
    "sqlite3": {
        "connect": ("a sqlite3 connection", "check_same_thread", False),
        "Connection": ("a sqlite3 connection", "check_same_thread", False),
    },
}
