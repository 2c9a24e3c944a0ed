"""Small apps that show each runtime signal, and look-alikes that show none.

Every app runs on every oracle release, live or recorded (unless `since` says why not: an API it
uses is newer), and is linted for the same release. An exception stops the script, so an app holds
at most one call that raises: one unhashable argument, one unpicklable result, one replay that
fails on the hit, one removed decorator. Warnings (CachedWidgetWarning, deprecations) do not stop
it, so one app may show several.

Decorators stay on one line: Python places a TypeError raised by a decorator call at the call's
first line, the linter at the keyword, and on one line the two are the same.

`about` names the rules an app is about: the rules it triggers, or the rules a look-alike must not
trigger. The agreement table counts apps per rule from it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Optional

from packaging.version import Version


@dataclass(frozen=True)
class App:
    name: str
    about: tuple[str, ...]
    source: str
    since: Optional[str] = None  # the first release the app can run on (an API it uses is newer)
    why_since: str = ""
    # Findings that are right although Streamlit shows no signal for them: (version, rule, why).
    no_signal: tuple[tuple[str, str, str], ...] = ()

    @property
    def text(self) -> str:
        return textwrap.dedent(self.source).lstrip()

    def runs_on(self, version: str) -> bool:
        return self.since is None or Version(version) >= Version(self.since)

    def silent_reason(self, version: str, rule: str) -> Optional[str]:
        return next((why for on, code, why in self.no_signal if on == version and code == rule), None)


WIDGET_APPS = [
    App(
        "filters_in_cached_loader",
        ("STC102",),
        """
        import streamlit as st

        @st.cache_data
        def load_sales(region):
            year = st.slider("Year", 2015, 2024, 2024)
            product = st.selectbox("Product", ["Laptops", "Phones"])
            include_returns = st.checkbox("Include returns")
            st.write(f"Loading {region}, {year}, {product}")
            return {"region": region, "year": year, "product": product, "returns": include_returns}

        region = st.radio("Region", ["North", "South"])
        st.write(load_sales(region))
        """,
    ),
    App(
        "sidebar_widgets_in_cache_resource",
        ("STC102",),
        """
        import streamlit as st

        @st.cache_resource
        def model(name):
            threshold = st.sidebar.number_input("Threshold", 0.0, 1.0, 0.5)
            if st.sidebar.toggle("Verbose"):
                st.sidebar.write("Verbose mode")
            return {"name": name, "threshold": threshold}

        st.write(model("resnet"))
        """,
    ),
    App(
        "widget_through_helper",
        ("STC102",),
        """
        import streamlit as st

        def pick_columns(columns):
            return st.multiselect("Columns", columns, default=columns[:1])

        @st.cache_data
        def summary(table):
            columns = pick_columns(["price", "volume", "date"])
            return {column: len(column) for column in columns}

        st.write(summary("trades"))
        """,
    ),
    App(
        "widgets_in_layout_made_inside",
        ("STC102", "STC106"),
        """
        import streamlit as st

        @st.cache_data
        def report(name):
            left, right = st.columns(2)
            left.write(name)
            agreed = right.button("Agree")
            with st.expander("Options"):
                note = st.text_input("Note")
            with st.form("feedback"):
                stars = st.select_slider("Stars", [1, 2, 3, 4, 5])
                st.form_submit_button("Send")
            return agreed, note, stars

        st.write(report("Q3"))
        """,
    ),
    App(
        "widget_values_as_arguments",
        ("STC101", "STC102"),
        """
        import streamlit as st

        @st.cache_data
        def load_sales(region, year):
            st.write(f"Loading {region} for {year}")
            return {"region": region, "year": year}

        region = st.sidebar.selectbox("Region", ["North", "South"])
        year = st.slider("Year", 2015, 2024, 2024)
        upload = st.file_uploader("Extra data")
        st.write(load_sales(region, year))
        """,
    ),
    App(
        "widget_helper_called_outside",
        ("STC102",),
        """
        import streamlit as st

        def choose_city():
            return st.selectbox("City", ["Paris", "Rome"])

        def label(city):
            return city.upper()

        @st.cache_data
        def forecast(city):
            st.caption(f"Forecast for {label(city)}")
            return {"city": city, "rain": 0.3}

        st.write(forecast(choose_city()))
        """,
    ),
    App(
        "opt_in_widget_replay",
        ("STC102", "STC103"),
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def sample(rows):
            seed = st.number_input("Seed", 0, 100, 42)
            return [seed + row for row in range(rows)]

        st.write(sample(3))
        """,
    ),
    App(
        "opt_in_switched_off",
        ("STC102", "STC103"),
        """
        import streamlit as st

        @st.cache_resource(experimental_allow_widgets=False)
        def client(url):
            retries = st.slider("Retries", 0, 5, 2)
            return {"url": url, "retries": retries}

        st.write(client("https://example.com"))
        """,
    ),
    App(
        "opt_in_without_widgets",
        ("STC103",),
        """
        import streamlit as st

        @st.cache_data(ttl=600, experimental_allow_widgets=True)
        def prices(symbol):
            return {"symbol": symbol, "price": 101.5}

        st.metric("Price", prices("ACME")["price"])
        """,
    ),
    App(
        "uploader_in_cached_parser",
        ("STC101", "STC102"),
        """
        import streamlit as st

        @st.cache_data
        def parse_upload(delimiter):
            upload = st.file_uploader("CSV file")
            if upload is None:
                return []
            return upload.getvalue().decode().split(delimiter)

        st.write(parse_upload(","))
        """,
        no_signal=(
            (
                "1.35.0",
                "STC101",
                "with the opt-in, 1.35 replays the uploader without a warning; Streamlit's docs still call "
                "uploaders unsupported inside cached functions, and the rule follows the docs",
            ),
        ),
    ),
    App(
        "camera_in_cache_resource",
        ("STC101", "STC102"),
        """
        import streamlit as st

        @st.cache_resource
        def badge_photo(employee):
            photo = st.sidebar.camera_input(f"Photo of {employee}")
            return photo

        st.write(badge_photo("Ada"))
        """,
    ),
    App(
        "uploader_with_opt_in",
        ("STC101", "STC103"),
        """
        import streamlit as st

        @st.cache_data(experimental_allow_widgets=True)
        def parse_upload(delimiter):
            upload = st.file_uploader("CSV file")
            if upload is None:
                return []
            return upload.getvalue().decode().split(delimiter)

        st.write(parse_upload(","))
        """,
        no_signal=tuple(
            (
                version,
                "STC101",
                f"with the opt-in, {version[:4]} replays the uploader without a warning; Streamlit's docs still "
                "call uploaders unsupported inside cached functions, and the rule follows the docs",
            )
            for version in ("1.30.0", "1.35.0")
        ),
    ),
    App(
        "legacy_st_cache_with_widget",
        ("STC102", "STC201"),
        """
        import streamlit as st

        @st.cache
        def settings(user):
            dark = st.checkbox("Dark mode")
            return {"user": user, "dark": dark}

        st.write(settings("ada"))
        """,
        no_signal=(
            (
                "1.35.0",
                "STC102",
                "the legacy st.cache before 1.36 shows no CachedWidgetWarning, but the checkbox does vanish on "
                "the cache hit, as the message says",
            ),
        ),
    ),
    App(
        "newer_widgets",
        ("STC102",),
        """
        import streamlit as st

        @st.cache_data
        def survey(topic):
            tags = st.pills("Tags", ["fast", "cheap", "good"], selection_mode="multi")
            mode = st.segmented_control("Mode", ["Draft", "Final"])
            rating = st.feedback("stars")
            note = st.audio_input("Voice note")
            with st.expander("Advanced", on_change="rerun"):
                st.write("Stateful expander")
            overview, details = st.tabs(["Overview", "Details"], on_change="rerun")
            overview.write(topic)
            with st.popover("Help"):
                st.write("A popover that keeps no state")
            return topic, tags, mode, rating, note is None

        st.write(survey("pricing"))
        """,
        since="1.55",
        why_since="on_change on expander and tabs is from 1.55 (pills, segmented_control, audio_input: 1.40)",
    ),
    App(
        "selectable_table_in_cache",
        ("STC102",),
        """
        import streamlit as st

        @st.cache_data
        def pick_rows(table):
            st.dataframe({"name": ["a", "b"], "size": [1, 2]})
            event = st.dataframe({"name": ["a", "b"], "size": [1, 2]}, on_select="rerun")
            edited = st.data_editor({"name": ["a", "b"], "size": [1, 2]})
            return table, list(event.selection.rows), len(edited)

        st.write(pick_rows("files"))
        """,
        since="1.35",
        why_since="on_select on st.dataframe is from 1.35",
    ),
]

REPLAY_APPS = [
    App(
        "status_placeholder_outside",
        ("STC106",),
        """
        import streamlit as st

        status = st.empty()

        @st.cache_data
        def load(path):
            status.info(f"Loading {path}...")
            return {"path": path, "rows": 120}

        st.write(load("sales.csv"))
        """,
    ),
    App(
        "header_container_outside",
        ("STC106",),
        """
        import streamlit as st

        header = st.container()
        st.title("Sales")

        @st.cache_data
        def totals(year):
            header.subheader(f"Totals for {year}")
            return {"year": year, "total": 1234}

        st.write(totals(2024))
        """,
    ),
    App(
        "column_outside",
        ("STC106",),
        """
        import streamlit as st

        left, right = st.columns(2)

        @st.cache_data
        def kpis(quarter):
            right.metric("Revenue", "1.2M")
            return {"quarter": quarter, "orders": 42}

        left.write(kpis("Q3"))
        """,
    ),
    App(
        "tab_outside",
        ("STC106",),
        """
        import streamlit as st

        chart_tab, data_tab = st.tabs(["Chart", "Data"])

        @st.cache_data
        def readings(sensor):
            data_tab.json({"sensor": sensor})
            return [1, 3, 2]

        chart_tab.write(readings("t-1"))
        """,
    ),
    App(
        "expander_on_outside_container",
        ("STC106",),
        """
        import streamlit as st

        main = st.container()

        @st.cache_data
        def profile(user):
            details = main.expander("Details")
            details.write(f"Profile of {user}")
            return {"user": user}

        st.write(profile("ada"))
        """,
    ),
    App(
        "closure_placeholder_in_function",
        ("STC106",),
        """
        import streamlit as st

        def page():
            status = st.empty()

            @st.cache_data
            def load(name):
                status.write(f"Loading {name}")
                return name.upper()

            st.write(load("orders"))

        page()
        """,
    ),
    App(
        "toast_after_loading",
        ("STC106",),
        """
        import streamlit as st

        @st.cache_data
        def refresh(source):
            st.toast(f"{source} refreshed")
            return {"source": source}

        st.write(refresh("crm"))
        """,
    ),
    App(
        "toast_through_helper",
        ("STC106",),
        """
        import streamlit as st

        def notify(message):
            st.toast(message)

        @st.cache_resource
        def connect(url):
            notify(f"Connected to {url}")
            return {"url": url}

        st.write(connect("db://main"))
        """,
    ),
    App(
        "style_only_html",
        ("STC106",),
        """
        import streamlit as st

        @st.cache_data
        def themed_title(text):
            st.html("<style>h1 {color: teal}</style>")
            return text.title()

        st.title(themed_title("quarterly review"))
        """,
        since="1.33",
        why_since="st.html is from 1.33",
    ),
    App(
        "style_html_with_comment",
        ("STC106",),
        """
        import streamlit as st

        @st.cache_data
        def themed_title(text):
            st.html("<!-- brand colours --><style>h1 {color: teal}</style>")
            return text.title()

        st.title(themed_title("quarterly review"))
        """,
        since="1.33",
        why_since="st.html is from 1.33",
    ),
    App(
        "chat_input_in_cache",
        ("STC102", "STC106"),
        """
        import streamlit as st

        @st.cache_resource
        def assistant(model):
            prompt = st.chat_input("Ask the assistant")
            return {"model": model, "first_prompt": prompt}

        st.write(assistant("small"))
        """,
    ),
    App(
        "chat_input_with_opt_in",
        ("STC102", "STC103", "STC106"),
        """
        import streamlit as st

        @st.cache_resource(experimental_allow_widgets=True)
        def assistant(model):
            prompt = st.chat_input("Ask the assistant")
            return {"model": model, "first_prompt": prompt}

        st.write(assistant("small"))
        """,
    ),
    App(
        "sidebar_chat_input",
        ("STC102", "STC106"),
        """
        import streamlit as st

        @st.cache_resource
        def assistant(model):
            prompt = st.sidebar.chat_input("Ask the assistant")
            return {"model": model, "first_prompt": prompt}

        st.write(assistant("small"))
        """,
        since="1.31",
        why_since="chat_input in the sidebar is allowed from 1.31 (1.30 raises StreamlitAPIException)",
    ),
    App(
        "bottom_container",
        ("STC106",),
        """
        import streamlit as st

        @st.cache_data
        def answer(question):
            st.bottom.caption("Answers are cached")
            return question.upper()

        st.write(answer("why?"))
        """,
        since="1.57",
        why_since="st.bottom is public since 1.57",
    ),
    App(
        "progress_feedback_inside",
        ("STC106",),
        """
        import streamlit as st

        @st.cache_data
        def train(epochs):
            with st.spinner("Training..."):
                bar = st.progress(0, text="Epochs")
                for epoch in range(epochs):
                    bar.progress((epoch + 1) / epochs)
            with st.status("Evaluating") as status:
                st.write("Scoring the test set")
                status.update(label="Done", state="complete")
            st.balloons()
            return {"epochs": epochs, "accuracy": 0.93}

        st.write(train(3))
        """,
    ),
    App(
        "layout_made_inside",
        ("STC106",),
        """
        import streamlit as st

        @st.cache_data
        def report(title):
            box = st.container()
            box.subheader(title)
            left, right = st.columns(2)
            left.metric("Orders", 42)
            right.metric("Returns", 3)
            st.sidebar.write("Loaded", title)
            st.html("<p style='color: teal'>Styled paragraph</p>")
            with st.expander("Details"):
                st.write("Computed once")
            slot = st.empty()
            slot.text("done")
            return title.lower()

        st.write(report("Weekly report"))
        """,
        since="1.33",
        why_since="st.html is from 1.33",
    ),
    App(
        "with_block_on_outside_container",
        ("STC106",),
        """
        import streamlit as st

        outer = st.container()

        @st.cache_data
        def load(path):
            with outer:
                st.write(f"Loaded {path}")
            with st.sidebar:
                st.caption("from cache")
            return path.upper()

        st.write(load("sales.csv"))
        """,
    ),
]

HASHING_APPS = [
    App(
        "cached_method_self",
        ("STC203",),
        """
        import streamlit as st

        class Warehouse:
            def __init__(self, name):
                self.name = name

            @st.cache_data
            def stock(self, item):
                return {"warehouse": self.name, "item": item, "count": 7}

        st.write(Warehouse("north").stock("bolts"))
        """,
    ),
    App(
        "classmethod_cls",
        ("STC203",),
        """
        import streamlit as st

        class Settings:
            def __init__(self, theme):
                self.theme = theme

            @classmethod
            @st.cache_resource
            def load(cls):
                return cls("dark")

        st.write(Settings.load().theme)
        """,
    ),
    App(
        "underscore_self_and_staticmethod",
        ("STC203",),
        """
        import streamlit as st

        class Warehouse:
            def __init__(self, name):
                self.name = name

            @st.cache_data
            def stock(_self, item):
                return {"item": item, "count": 7}

            @staticmethod
            @st.cache_data
            def price(item):
                return {"item": item, "price": 2.5}

        st.write(Warehouse("north").stock("bolts"), Warehouse.price("bolts"))
        """,
    ),
    App(
        "connection_parameter",
        ("STC203",),
        """
        import sqlite3

        import streamlit as st

        @st.cache_data
        def count_rows(connection: sqlite3.Connection, table: str):
            return connection.execute(f"select count(*) from {table}").fetchone()[0]

        connection = sqlite3.connect(":memory:", check_same_thread=False)
        connection.execute("create table orders (id integer)")
        st.write(count_rows(connection, "orders"))
        """,
    ),
    App(
        "underscore_connection_parameter",
        ("STC203",),
        """
        import sqlite3

        import streamlit as st

        @st.cache_data
        def count_rows(_connection: sqlite3.Connection, table: str, limit: int = 10):
            return _connection.execute(f"select count(*) from {table}").fetchone()[0]

        connection = sqlite3.connect(":memory:", check_same_thread=False)
        connection.execute("create table orders (id integer)")
        st.write(count_rows(connection, "orders"))
        """,
    ),
    App(
        "connection_with_hash_funcs",
        ("STC203",),
        """
        import sqlite3

        import streamlit as st

        @st.cache_data(hash_funcs={sqlite3.Connection: id})
        def count_rows(connection: sqlite3.Connection, table: str):
            return connection.execute(f"select count(*) from {table}").fetchone()[0]

        connection = sqlite3.connect(":memory:", check_same_thread=False)
        connection.execute("create table orders (id integer)")
        st.write(count_rows(connection, "orders"))
        """,
    ),
    App(
        "lock_parameter",
        ("STC203",),
        """
        import threading

        import streamlit as st

        @st.cache_resource
        def shared_counter(name: str, lock: threading.Lock):
            with lock:
                return {"name": name, "count": 0}

        st.write(shared_counter("visits", threading.Lock()))
        """,
    ),
    App(
        "callable_parameter",
        ("STC203",),
        """
        from typing import Callable

        import streamlit as st

        @st.cache_data
        def converted(values: tuple, convert: Callable[[float], float]):
            return [convert(value) for value in values]

        st.write(converted((1.0, 2.0), lambda celsius: celsius * 9 / 5 + 32))
        """,
    ),
    App(
        "iterator_parameter",
        ("STC203",),
        """
        from collections.abc import Iterator

        import streamlit as st

        @st.cache_data
        def total(numbers: Iterator[int]):
            return sum(numbers)

        st.write(total(n * n for n in range(10)))
        """,
    ),
    App(
        "container_parameter",
        ("STC203",),
        """
        import streamlit as st
        from streamlit.delta_generator import DeltaGenerator

        @st.cache_data
        def render(target: DeltaGenerator, title: str):
            return title.upper()

        st.write(render(st.container(), "summary"))
        """,
    ),
]

RESULT_APPS = [
    App(
        "cache_data_returns_connection",
        ("STC206",),
        """
        import sqlite3

        import streamlit as st

        @st.cache_data
        def database(path):
            return sqlite3.connect(path, check_same_thread=False)

        st.write(database(":memory:").execute("select 1").fetchone())
        """,
    ),
    App(
        "connection_through_variable",
        ("STC206",),
        """
        import sqlite3

        import streamlit as st

        @st.cache_data
        def database(path):
            connection = sqlite3.connect(path, check_same_thread=False)
            connection.execute("create table if not exists orders (id integer)")
            return connection

        st.write(database(":memory:").execute("select count(*) from orders").fetchone())
        """,
    ),
    App(
        "cache_data_returns_open_file",
        ("STC206",),
        """
        import streamlit as st

        @st.cache_data
        def template(path):
            return open(path, encoding="utf-8")

        st.code(template(__file__).read())
        """,
    ),
    App(
        "lock_in_returned_tuple",
        ("STC206",),
        """
        import threading

        import streamlit as st

        @st.cache_data
        def rate_limiter(calls_per_minute):
            return threading.Lock(), {"limit": calls_per_minute}

        lock, config = rate_limiter(60)
        st.write(config)
        """,
    ),
    App(
        "thread_pool_in_cache_data",
        ("STC206",),
        """
        from concurrent.futures import ThreadPoolExecutor

        import streamlit as st

        @st.cache_data
        def workers(count):
            return ThreadPoolExecutor(max_workers=count)

        st.write(workers(2).submit(sum, [1, 2]).result())
        """,
    ),
    App(
        "cache_resource_returns_connection",
        ("STC206", "STC203"),
        """
        import sqlite3

        import streamlit as st

        @st.cache_resource
        def database(path):
            connection = sqlite3.connect(path, check_same_thread=False)
            return connection

        @st.cache_data
        def read_text(path):
            with open(path, encoding="utf-8") as stream:
                return stream.read()

        st.write(database(":memory:").execute("select 1").fetchone(), len(read_text(__file__)))
        """,
    ),
]

DEPRECATION_APPS = [
    App(
        "legacy_st_cache",
        ("STC201",),
        """
        import streamlit as st

        @st.cache
        def fetch(url):
            return {"url": url, "status": 200}

        st.write(fetch("https://example.com"))
        """,
    ),
    App(
        "legacy_st_cache_mutation",
        ("STC201",),
        """
        import streamlit as st

        @st.cache(allow_output_mutation=True)
        def session_store(user):
            return {"user": user, "visits": []}

        st.write(session_store("ada"))
        """,
    ),
    App(
        "legacy_cache_imported_by_name",
        ("STC201",),
        """
        import streamlit as st
        from streamlit import cache

        @cache
        def fetch(url):
            return {"url": url, "status": 200}

        st.write(fetch("https://example.com"))
        """,
    ),
    App(
        "legacy_cache_method",
        ("STC201", "STC203"),
        """
        import sqlite3

        import streamlit as st

        class Repository:
            def __init__(self, path):
                self.connection = sqlite3.connect(path, check_same_thread=False)

            @st.cache
            def count(self, table):
                return 0

        st.write(Repository(":memory:").count("orders"))
        """,
    ),
    App(
        "experimental_memo",
        ("STC202",),
        """
        import streamlit as st

        @st.experimental_memo
        def squares(limit):
            return [n * n for n in range(limit)]

        st.write(squares(5))
        """,
    ),
    App(
        "experimental_singleton_with_options",
        ("STC202",),
        """
        import streamlit as st

        @st.experimental_singleton(show_spinner=False)
        def client(url):
            return {"url": url}

        st.write(client("https://example.com"))
        """,
    ),
    App(
        "memo_imported_by_name",
        ("STC202",),
        """
        import streamlit as st
        from streamlit import experimental_memo

        @experimental_memo
        def squares(limit):
            return [n * n for n in range(limit)]

        st.write(squares(5))
        """,
    ),
    App(
        "memo_returns_connection",
        ("STC202", "STC206"),
        """
        import sqlite3

        import streamlit as st

        @st.experimental_memo
        def database(path):
            return sqlite3.connect(path, check_same_thread=False)

        st.write(database(":memory:").execute("select 1").fetchone())
        """,
    ),
    App(
        "current_decorators",
        ("STC103", "STC201", "STC202"),
        """
        import streamlit as st

        @st.cache_data(ttl=60, max_entries=10)
        def squares(limit):
            return [n * n for n in range(limit)]

        @st.cache_resource(show_spinner=False)
        def client(url):
            return {"url": url}

        st.write(squares(5), client("https://example.com"))
        """,
    ),
]

APPS = WIDGET_APPS + REPLAY_APPS + HASHING_APPS + RESULT_APPS + DEPRECATION_APPS
