"""Bad shapes and empty data: clear errors naming file and shape; a report that checked nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from quanze.service.cli import main as cli
from quanze.service.store.embedded import EmbeddedStore
from quanze.service.validation import SelectionError, ShapesError, validate
from quanze.service.validation.shapes import load_shapes

from bench.synthetic import generate

HEADER = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_a_file_that_does_not_parse_is_named(tmp_path: Path) -> None:
    broken = _write(
        tmp_path,
        "broken.ttl",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p \n",
    )
    with pytest.raises(ShapesError) as err:
        load_shapes([broken])
    assert str(broken) in str(err.value) and "does not parse" in str(err.value)


def test_an_unsupported_construct_names_file_and_shape(tmp_path: Path) -> None:
    shapes = _write(
        tmp_path,
        "or.ttl",
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
        "sh:or ( [ sh:datatype xsd:string ] [ sh:datatype xsd:integer ] ) .\n",
    )
    with pytest.raises(ShapesError) as err:
        load_shapes([shapes])
    assert str(shapes) in str(err.value) and "<http://example.org/S>" in str(err.value)
    assert "sh:or" in str(err.value)


def test_a_forbidden_sparql_construct_names_the_shape(tmp_path: Path) -> None:
    shapes = _write(
        tmp_path,
        "values.ttl",
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
        'SELECT $this WHERE { VALUES ?x { 1 } $this ex:p ?x }""" ] .\n',
    )
    with pytest.raises(ShapesError) as err:
        load_shapes([shapes])
    assert "<http://example.org/S>" in str(err.value) and "VALUES" in str(err.value)


def test_sparql_that_does_not_compile_names_the_shape(tmp_path: Path) -> None:
    shapes = _write(
        tmp_path,
        "syntax.ttl",
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select """'
        'SELECT $this WHERE { $this ex:p ?x FILTER (?x > ) }""" ] .\n',
    )
    with pytest.raises(ShapesError) as err:
        validate(EmbeddedStore(), shapes=[shapes])
    assert "<http://example.org/S>" in str(err.value) and "valid SPARQL" in str(err.value)


def test_a_bad_parameter_value_names_the_shape(tmp_path: Path) -> None:
    shapes = _write(
        tmp_path,
        "count.ttl",
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount "one" ] .\n',
    )
    with pytest.raises(ShapesError) as err:
        load_shapes([shapes])
    assert "sh:path <http://example.org/p>" in str(err.value) and "non-negative integer" in str(err.value)


def test_an_empty_store_conforms_and_says_it_checked_nothing() -> None:
    report = validate(EmbeddedStore())
    assert report.conforms and report.checked_nothing
    assert "Checked nothing" in report.summary()
    assert "Checked nothing" in report.graph().serialize(format="turtle")


def test_statutes_without_lists_check_nothing(tmp_path: Path) -> None:
    synthetic = generate(30, lists=1, defect_rate=0.0)
    store = EmbeddedStore()
    store.replace_graphs({g: data for g, data in synthetic.graphs.items() if "/graph/list/" not in g})
    report = validate(store)
    assert report.conforms and report.checked_nothing


def test_an_unknown_list_or_department_is_bad_input() -> None:
    store = EmbeddedStore()
    store.replace_graphs(generate(30, lists=1, defect_rate=0.0).graphs)
    with pytest.raises(SelectionError, match="known lists: 合成市第1局2024年权责清单"):
        validate(store, list="no-such-list")
    with pytest.raises(SelectionError, match="known departments: 合成市第1局"):
        validate(store, department="no-such-department")


def _cli(tmp_path: Path, *args: str) -> int:
    return cli.main(["validate", "--store", str(tmp_path / "store"), "--quiet", *args])


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(tmp_path) == 0  # nothing loaded: nothing to fail
    assert "Checked nothing" in capsys.readouterr().out
    broken = _write(tmp_path, "broken.ttl", "ex:S a sh:NodeShape ;")
    assert _cli(tmp_path, "--shapes", str(broken)) == 2
    assert str(broken) in capsys.readouterr().err
    assert _cli(tmp_path, "--format", "xlsx") == 2
    assert "-o FILE.xlsx" in capsys.readouterr().err
    assert _cli(tmp_path, "--list", "nothing") == 2
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generate(60, lists=1, defect_rate=0.3, seed=2).graphs)
    store.close()
    assert _cli(tmp_path) == 1  # violations
    assert "violations" in capsys.readouterr().out
