"""Static values of literal expressions agree with Python's own reading of them."""

import ast

import libcst as cst
import pytest

from lint_cache.facts.literals import literal_value

LITERALS = [
    "0",
    "00",
    "7",
    "1_000",
    "0x_1F",
    "0o17",
    "0b1_0",
    "-5",
    "+2.5",
    "1.5",
    "5.",
    ".5",
    "1e-3",
    "1_0.5E+2",
    "3 * 4 - 1",
    "7 // 2",
    "7 % 3",
    "1 / 4",
    "''",
    '""',
    "'text'",
    '"it\'s"',
    "'''a\nb'''",
    '"""q"uote"""',
    "''''''",
    "'\\n'",
    "'a\\\nb'",
    "r'\\d+'",
    "b'bytes'",
    "u'unicode'",
    "'a' 'b'",
    "'tab\\tbed'",
    "'\\u00e9'",
    "'é'",
    "True",
    "False",
    "None",
    "not True",
    "(1, 'a', None)",
    "[1, [2, 3]]",
    "{1, 2}",
]


@pytest.mark.parametrize("source", LITERALS)
def test_literal_values_are_pythons(source):
    expression = cst.parse_expression(source)
    expected = eval(compile(ast.parse(source, mode="eval"), "<literal>", "eval"))
    assert literal_value(expression) == expected
    assert type(literal_value(expression)) is type(expected)


def test_a_string_with_carriage_returns_reads_as_python_reads_it():
    module = cst.parse_module("x = '''a\r\nb'''\r\n")
    string = module.body[0].body[0].value
    assert literal_value(string) == "a\nb"


@pytest.mark.parametrize("source", ["name", "10**3", "f'{x}'", "call()", "[*rows]", "{[1]}", "1 / 0", "'a' + 1"])
def test_what_is_not_a_literal_has_no_value(source):
    assert literal_value(cst.parse_expression(source), default="unknown") == "unknown"
