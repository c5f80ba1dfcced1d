"""The conclusion syntax of the command line and of `expect:` (outputs.md)."""

import pytest

from aiact_foss.engine.conclusions import (
    WILDCARD,
    Conclusion,
    ConclusionSyntaxError,
    from_expect,
    parse,
)


@pytest.mark.parametrize(
    "text, predicate, args",
    [
        ("exempt(pythia-12b)", "exempt", ("pythia-12b",)),
        ("exempt(pythia-1.4b)", "exempt", ("pythia-1.4b",)),
        ("lifted(acme-ai, acme-7b, technical_documentation)", "lifted", ("acme-ai", "acme-7b", "technical_documentation")),
        ('obligation("Lab \\"West\\" (US)", west-13b, copyright_policy)', "obligation", ('Lab "West" (US)', "west-13b", "copyright_policy")),
        ("registrations(eleutherai, 2464)", "registrations", ("eleutherai", 2464)),
        ('{"predicate": "exempt", "args": ["pythia-12b"]}', "exempt", ("pythia-12b",)),
        ('exempt("_")', "exempt", ("_",)),
    ],
)
def test_parses_the_contract_examples(text, predicate, args):
    c = parse(text)
    assert (c.predicate, c.args) == (predicate, args)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("nope(x)", "unknown predicate"),
        ("exempt(a, b)", "takes 1 argument"),
        ("exempt", "takes 1 argument"),
        ("exempt(a(b))", "unexpected"),
        ("obligation(a, b, bogus)", "unknown duty"),
        ("registrations(a, 1.5)", "decimal integer"),
        ("exempt(a", "closing parenthesis"),
        ("exempt()", "takes 1 argument"),
    ],
)
def test_rejects_malformed_conclusions(text, problem):
    with pytest.raises(ConclusionSyntaxError, match=problem):
        parse(text)


def test_patterns_take_wildcards_and_bare_predicates():
    assert parse("exempt", pattern=True).args == (WILDCARD,)
    p = parse("obligation(_, x, _)", pattern=True)
    assert p.matches(Conclusion("obligation", ("a", "x", "copyright_policy")))
    assert not p.matches(Conclusion("obligation", ("a", "y", "copyright_policy")))
    assert parse('exempt("_")', pattern=True).args == ("_",)


def test_sorting_puts_strings_before_numbers_and_numbers_numerically():
    cs = [Conclusion("registrations", ("a", 10)), Conclusion("registrations", ("a", 9)), Conclusion("exempt", ("b",))]
    assert [c.args for c in sorted(cs, key=Conclusion.sort_key)] == [("b",), ("a", 9), ("a", 10)]


def test_printing_round_trips_through_parse():
    for c in [Conclusion("exempt", ('we"ird (id), ok',)), Conclusion("registrations", ("x y", 3)), Conclusion("exempt", ("_",))]:
        assert parse(str(c)) == c


def test_expect_form():
    assert from_expect({"obligation": ["lab", "lab-7b", "copyright_policy"]}).args == ("lab", "lab-7b", "copyright_policy")
    assert from_expect({"exempt": "x"}).args == ("x",)
    with pytest.raises(ConclusionSyntaxError):
        from_expect({"exempt": "x", "foss": "y"})
    with pytest.raises(ConclusionSyntaxError):
        from_expect({"registrations": ["a", "12"]})
