"""The synthetic report generator's own invariants, on the generality corpus: every new house
style, feature and option is in it, and each truth agrees with what its PDF prints (pages, texts,
review and source pages). The parser's output is deliberately not judged here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from tests.parsers.soc2.generator import (
    DocSpec,
    benchmark_corpus,
    feature_corpus,
    generality_corpus,
    generate,
)
from tests.parsers.soc2.generator.compare import (
    LISTS,
    SCALARS,
    differences,
    review_differences,
    text_key,
)
from tests.parsers.soc2.generator.corpus import OPTION_VALUES
from tests.parsers.soc2.generator.layout import NEW_STYLES
from tests.parsers.soc2.generator.render import FEATURES, effective_profile, wants_general
from tests.parsers.soc2.generator.styles import STYLES
from tests.parsers.soc2.generator.wording import date_text

CORPUS = {spec.name: spec for spec in generality_corpus()}
EXTRA_KEYS = {"image_only_pages", "review_needed", "uncertain_results", "source_pages"}
Generated = dict[str, tuple[DocSpec, list[str], dict[str, Any]]]


def _page_texts(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    folder = tmp_path_factory.mktemp("generality")
    out = {}
    for name, spec in CORPUS.items():
        path = folder / f"{name}.pdf"
        truth = generate(spec, str(path))
        out[name] = (spec, _page_texts(path), truth)
    return out


def _on_page(texts: list[str], page: int, text: str, words: int = 3) -> bool:
    """The first words of `text` are printed on `page` (1-based). Cells wrap and their lines
    interleave with the neighbouring cells' in the text layer, so the words are looked up one by
    one."""
    return 1 <= page <= len(texts) and all(w in texts[page - 1] for w in text.split()[:words])


def _printed_anywhere(texts: list[str], text: str) -> bool:
    """Every word of `text` is printed in the document (hyphens spaced or not, as IDs are)."""
    joined = re.sub(r"\s*-\s*", "-", " ".join(texts))
    return all(word in joined for word in re.sub(r"\s*-\s*", "-", text).split())


def test_every_new_style_feature_and_option_is_in_the_generality_corpus() -> None:
    specs = list(CORPUS.values())
    assert set(NEW_STYLES) <= {s.style for s in specs}
    assert {f for s in specs for f in s.features} == set(FEATURES)
    assert any(s.image_page for s in specs)
    assert {s.opinion for s in specs} == {"UNQUALIFIED", "QUALIFIED", "ADVERSE", "DISCLAIMER"}
    assert {s.type1 for s in specs} == {True, False} and {s.kind for s in specs} >= {"SOC3"}
    profiles = [effective_profile(s) for s in specs if s.style != "letter"]
    for key, values in OPTION_VALUES.items():
        seen = {getattr(p, key) for p in profiles}
        assert set(values) <= seen, f"{key}: {set(values) - seen} never generated"
    assert len({tuple(r for r, _l, _w in p.columns) for p in profiles}) >= 5
    assert {p.rules for p in profiles} == {"grid", "rows", "header", "none"}


def test_no_two_documents_look_alike() -> None:
    looks = [
        (p.font, p.body_size, p.table_size, p.margin, p.top, p.rules, p.header_fill, p.justify)
        for p in (effective_profile(s) for s in CORPUS.values() if s.style != "letter")
    ]
    assert len(set(looks)) == len(looks)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_truth_is_what_the_pdf_prints(name: str, generated: Generated) -> None:
    _spec, texts, truth = generated[name]
    assert set(truth) == set(SCALARS) | set(LISTS) | EXTRA_KEYS
    assert truth["pages"] == len(texts)
    for page in truth["image_only_pages"]:
        assert len(texts[page - 1].split()) <= 20  # a picture, and at most header and footer
    for item in truth["exceptions"]:
        assert _on_page(texts, item["page"], item["result"]), item
        assert _printed_anywhere(texts, item["control"] + " " + item["test"]), item
        if item["control_id"]:
            assert _printed_anywhere(texts, item["control_id"]), item
        if item["management_response"]:
            assert _printed_anywhere(texts, item["management_response"]), item
    results = {e["result"] for e in truth["exceptions"]}
    for item in truth["uncertain_results"]:
        assert _on_page(texts, item["page"], item["text"]) and item["text"] not in results
    for item in truth["cuecs"] + truth["csocs"]:
        assert _on_page(texts, item["page"], item["text"], words=4), item
        assert _printed_anywhere(texts, item["text"]), item
    for item in truth["subservice_organizations"]:
        # "Name (Alias)": the name is on its page; the alias may follow on the next line or page
        assert _on_page(texts, item["page"], item["name"].split(" (")[0]), item
        assert any(text_key(item["name"]) in text_key(t) for t in texts), item  # quotes aside
        assert _printed_anywhere(texts, item["services"]), item


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_review_is_needed_only_for_uncertain_results_or_pictures_inside_the_report(
    name: str, generated: Generated
) -> None:
    spec, _texts, truth = generated[name]
    back_cover = [truth["pages"]] if "back_cover_image" in spec.features else []
    inside = [p for p in truth["image_only_pages"] if p not in back_cover]
    assert truth["review_needed"] == bool(truth["uncertain_results"] or inside)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_source_page_states_its_fact(name: str, generated: Generated) -> None:
    _spec, texts, truth = generated[name]
    pages = truth["source_pages"]
    expected = {k for k in SCALARS if truth[k] not in (None, [])} - {"pages", "opinion_basis"}
    assert set(pages) == (expected if truth["kind"] != "UNKNOWN" else set())
    for key in ("service_organization", "service_auditor"):
        if key in pages:
            assert truth[key] in texts[pages[key] - 1], key
    for key in ("report_date", "period_end", "as_of"):
        if key in pages:
            assert any(d in texts[pages[key] - 1] for d in _dates(truth[key])), key
    if "opinion" in pages:
        assert "opinion" in texts[pages["opinion"] - 1].lower()


def _dates(iso: str) -> list[str]:
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return [date_text(day, style) for style in ("us", "ordinal", "uk")]


def test_the_printed_labels_names_and_verbs_are_in_the_documents(generated: Generated) -> None:
    everything = " ".join(" ".join(texts) for _s, texts, _t in generated.values())
    for label in OPTION_VALUES["result_label"]:
        assert label in everything, label
    for name in OPTION_VALUES["cuec_name"]:
        assert name in everything, name
    for verb in OPTION_VALUES["subservice_verb"]:
        assert re.search(rf"\b{verb}\b", everything), verb
    for shape in [r"\b\d{1,2}\.0\d\b", r"\b[A-Z]{2} \d{1,2}\.\d\b", r"\b[A-Z]{2}\.\d+\b",
                  r"\b[A-Z]{2}-0\d\b", r"\bCC\d\.\d\.\d\b", r"\bCSOC\d\b"]:  # fmt: skip
        assert re.search(shape, everything), shape
    for phrase in ["Next Report Issue Date", "Certified Public Accountant", "CPA & Partner",
                   "do not acquire any rights against", "Letter of Attestation",
                   "are not required", "Common Criteria", " to ", " through ", "\u2013",
                   "for the period from"]:  # fmt: skip
        assert phrase.strip().lower() in everything.lower(), phrase
    assert re.search(r"\b\d{1,2}(st|nd|rd|th) [A-Z][a-z]+ \d{4}\b", everything)
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ to \d{1,2} [A-Z][a-z]+ \d{4}\b", everything)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    spec = CORPUS["atom-multi-attribute"]
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert generate(spec, str(first)) == generate(spec, str(second))
    assert _page_texts(first) == _page_texts(second)


def test_the_benchmark_corpus_mixes_every_style_and_is_fixed_by_its_seed() -> None:
    corpus = benchmark_corpus(120, seed=7)
    assert corpus == benchmark_corpus(120, seed=7) != benchmark_corpus(120, seed=8)
    assert {s.style for s in corpus if s.kind == "SOC2"} == set(STYLES) | set(NEW_STYLES)
    assert {f for s in corpus for f in s.features} == set(FEATURES)
    assert any(wants_general(s) for s in corpus if s.style in STYLES)
    classic = benchmark_corpus(40, seed=7, styles="classic")
    assert not any(wants_general(s) for s in classic)
    assert {s.style for s in benchmark_corpus(10, styles=["numeric"])} == {"numeric"}


def test_the_original_corpus_gains_only_review_and_source_keys(tmp_path: Path) -> None:
    for spec in feature_corpus():
        truth = generate(spec, str(tmp_path / f"{spec.name}.pdf"))
        assert set(truth) == set(SCALARS) | set(LISTS) | EXTRA_KEYS
        assert truth["review_needed"] == bool(truth["image_only_pages"])
        assert truth["uncertain_results"] == []
        if truth["kind"] in ("SOC1", "SOC2", "SOC3"):
            assert truth["source_pages"]["opinion"] >= 1


def test_differences_judge_review_keys_only_when_asked() -> None:
    truth = {k: None for k in SCALARS} | {k: [] for k in LISTS}
    truth |= {"review_needed": True, "uncertain_results": [{"text": "Refer to note 4.", "page": 9}],
              "source_pages": {"opinion": 3}}  # fmt: skip
    parsed = {k: v for k, v in truth.items() if k in SCALARS or k in LISTS}
    parsed |= {"review": {"needed": False, "reasons": []}, "sources": {}}
    assert differences(parsed, truth) == {}
    assert set(review_differences(parsed, truth)) == {
        "review_needed", "uncertain_results", "source_pages.opinion",
    }  # fmt: skip
    parsed["review"] = {"needed": True, "reasons": [
        {"field": "exceptions", "page": 9, "reason": "UNCERTAIN_RESULT", "text": "Refer to note 4."}
    ]}  # fmt: skip
    parsed["sources"] = {"opinion": {"page": 3, "quote": "In our opinion"}}
    assert differences(parsed, truth, review=True) == {}
