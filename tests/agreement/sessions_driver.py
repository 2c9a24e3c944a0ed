"""Run each app in two AppTest sessions of one process (they share the caches, as two users of one
server do) and print, as JSON, what each session's page shows. Runs in an oracle virtualenv.

A session's "@user" and "@context" set AppTest.user / AppTest.context (1.67); other keys are
session-state values set before the run."""

import json
import sys

from streamlit.testing.v1 import AppTest


def page(test: AppTest) -> list:
    shown = [element.value for element in test.text]
    shown += ["error: " + str(error.value) for error in test.exception]
    return shown


def main() -> None:
    apps = json.load(sys.stdin)
    results = {}
    for name, app in apps.items():
        pages = []
        for state in app["sessions"]:
            test = AppTest.from_string(app["source"], default_timeout=60)
            for key, value in state.items():
                if key == "@user":
                    test.user = value  # AppTest.user, 1.67
                elif key == "@context":
                    test.context = value  # AppTest.context, 1.67
                else:
                    test.session_state[key] = value
            test.run()
            pages.append(page(test))
        results[name] = pages
    print(json.dumps(results))


if __name__ == "__main__":
    main()
