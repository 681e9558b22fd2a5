"""Ingest: every unusable input becomes a coded Problem; kept text keeps its offsets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from tripwire.document import Document, Problem
from tripwire.errors import InputError
from tripwire.ingest import (
    BINARY_SNIFF_BYTES, BOILERPLATE_MAX_LINE_CHARS, make_document, normalize_published,
    read_sources,
)
from tripwire.settings import load_settings

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seed" / "belarus-troops.txt"
DATA = Path(__file__).parent / "data" / "ingest"

SEED_LIKE = (
    "Russia’s ally Belarus on Wednesday was moving troops and military hardware to counteract "
    "what it called a threat of terrorism.\n"
    "Also read:Indian Navy spotted “Yuan Wang 5” Chinese spy ship in Indian Ocean Region\n"
    "According to Ukraine, thousands of Russian soldiers have been stationed in Belarus since October.\n"
    "Also The Institute for the Study of War think tank said this month it believes Belarus is "
    "conducting an “information operation aimed at fixing Ukrainian forces on the border”.\n"
    "Also read:Navy Vice Admiral Meets First Batch Agniveers Including Women"
)
ENGLISH = ("Belarus on Wednesday was moving troops and military hardware to the border, "
           "the defence ministry said in a statement, amid signs that Moscow was pressing Minsk.")
FOREIGN = {
    "fr": ("Le président de la République a annoncé mercredi que des troupes seraient envoyées à "
           "la frontière pour renforcer la sécurité du pays face aux menaces terroristes."),
    "de": ("Die Bundesregierung hat am Mittwoch angekündigt, dass weitere Soldaten an die Grenze "
           "verlegt werden, um die Sicherheit des Landes zu gewährleisten."),
    "ru": ("Президент Белоруссии Александр Лукашенко в среду заявил, что войска будут переброшены "
           "к границе для обеспечения безопасности страны."),
}


@pytest.fixture(scope="module")
def settings():
    return load_settings()


def codes(results) -> list[str]:
    return [r.code if isinstance(r, Problem) else "doc" for r in results]


def only(results) -> Document | Problem:
    results = list(results)
    assert len(results) == 1, results
    return results[0]


def assert_offsets_kept(original: str, doc: Document) -> None:
    """Same length; masked ranges are spaces recorded in doc.removed; all else is unchanged."""
    assert len(doc.text) == len(original)
    masked = set()
    for span in doc.removed:
        assert original[span.start:span.end] == span.text
        assert doc.text[span.start:span.end] == " " * (span.end - span.start)
        masked.update(range(span.start, span.end))
    for i, char in enumerate(original):
        if i not in masked:
            assert doc.text[i] == char, i


# ---------------------------------------------------------------- make_document

def test_seed_like_boilerplate_is_masked_without_moving_offsets():
    doc = make_document(SEED_LIKE)
    assert_offsets_kept(SEED_LIKE, doc)
    assert [s.text for s in doc.removed] == [
        "Also read:Indian Navy spotted “Yuan Wang 5” Chinese spy ship in Indian Ocean Region",
        "Also read:Navy Vice Admiral Meets First Batch Agniveers Including Women",
    ]
    start = SEED_LIKE.index("Also The Institute")
    assert doc.text[start:start + 18] == "Also The Institute"
    start = SEED_LIKE.index("According to Ukraine")
    assert doc.text[start:start + 20] == "According to Ukraine"
    assert doc.language == "en" and doc.skipped is None


@pytest.mark.shared
def test_seed_article():
    if not SEED.exists():
        pytest.skip(f"{SEED} not found: ../shared is absent")
    text = SEED.read_text(encoding="utf-8")
    doc = make_document(text)
    assert_offsets_kept(text, doc)
    assert len(doc.removed) == 2
    assert "Also The Institute for the Study of War" in doc.text


@pytest.mark.parametrize("line", [
    "Also read:Indian Navy spotted ship",
    "ALSO READ | Navy chief meets cadets",
    "Also Read Navy Vice Admiral Meets First Batch",
    "  - Read also: Minsk talks stall",
    "Read more: Belarus and the war",
    "READ MORE",
    "Related: Russia moves jets",
    "Related Articles",
    "Share this article",
    "Share on Facebook",
    "Subscribe to our newsletter",
    "Sign up for our newsletter to get the news",
    "Follow us on Twitter",
    "Click here to read the full report",
    "Advertisement",
    "Story continues below advertisement",
])
def test_boilerplate_lines_are_masked(line):
    text = f"{ENGLISH}\n{line}\n{ENGLISH}"
    doc = make_document(text)
    assert [s.text for s in doc.removed] == [line]
    assert_offsets_kept(text, doc)


@pytest.mark.parametrize("line", [
    "Also The Institute for the Study of War think tank said this month it believes Belarus.",
    "Also, readers of the state news agency were told the drills were routine.",
    "Related to this, officials said the roads would reopen on Friday.",
    "Readers said they saw columns of trucks near Brest.",
    "Advertisement spending by state media rose sharply.",
    "Subscribers to the service were warned of delays.",
    "Subscribe " + "x" * BOILERPLATE_MAX_LINE_CHARS,  # too long to be a prompt
])
def test_prose_is_kept(line):
    doc = make_document(f"{ENGLISH}\n{line}")
    assert doc.removed == []


@pytest.mark.parametrize("text,code", [
    ("", "E001"),
    ("  \n\t ", "E001"),
    ("Also read: something\nAdvertisement\n", "E010"),
    ("Lone \ud800 surrogate in a text", "E101"),
])
def test_make_document_rejects(text, code):
    with pytest.raises(InputError) as info:
        make_document(text)
    assert info.value.code == code


def test_make_document_size_limit(settings):
    small = settings.with_(max_chars=100)
    with pytest.raises(InputError) as info:
        make_document("a" * 101, settings=small)
    assert info.value.code == "E004"
    assert make_document(ENGLISH[:100], settings=small).text == ENGLISH[:100]


@pytest.mark.parametrize("value,expected", [
    ("2022-12-14", "2022-12-14"),
    ("2019-04-10 12:00:00", "2019-04-10T12:00:00"),
    ("2019-04-10T12:00:00Z", "2019-04-10T12:00:00+00:00"),
    ("2019-04-10T12:00:00+02:00", "2019-04-10T12:00:00+02:00"),
    (None, None),
    ("", None),
])
def test_published_is_normalised(value, expected):
    assert normalize_published(value) == expected
    assert make_document(ENGLISH, published=value).published == expected


@pytest.mark.parametrize("value", ["yesterday", "14/12/2022", "2022-13-01", 20221214, "2022-12-14x"])
def test_invalid_published(value):
    with pytest.raises(InputError) as info:
        make_document(ENGLISH, published=value)
    assert info.value.code == "E021"


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_non_english_is_skipped(lang):
    doc = make_document(FOREIGN[lang], item="x.txt")
    assert doc.language == lang
    assert doc.skipped and "E009" not in doc.skipped and f"'{lang}'" in doc.skipped
    assert [p.code for p in doc.problems] == ["E009"]


@pytest.mark.parametrize("text", [
    "Belarus moves troops to border",  # a headline: shorter than min_chars_for_langid
    "Sergei Shoigu, Viktor Khrenin, Alexander Lukashenko met in Minsk with Konrad Muzyka.",
    ENGLISH,
])
def test_english_is_kept(text):
    doc = make_document(text)
    assert doc.language == "en" and doc.skipped is None and doc.problems == []


# ---------------------------------------------------------------- read_sources: bad inputs

def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name,data,code", [
    ("empty.txt", b"", "E001"),
    ("blank.txt", b" \n\n ", "E001"),
    ("empty.jsonl", b"", "E001"),
    ("binary.txt", b"Belarus\x00\x01\x02" + bytes(range(256)), "E002"),
    ("binary.html", b"<html>\x00</html>", "E002"),
    ("binary.jsonl", b'{"text": "a\x00"}\n', "E002"),
    ("nobody.html", b"<html><head><title>Nothing here</title></head></html>", "E007"),
    ("script.html", b"<html><body><script>var a = 1;</script></body></html>", "E007"),
    ("notes.docx", b"PK\x03\x04", "E011"),
    ("broken.json", b"[{\"text\": ", "E005"),
    ("nofeed.xml", b"<?xml version='1.0'?><root><a>1</a></root>", "E012"),
])
def test_bad_files_become_problems(tmp_path, name, data, code):
    result = only(read_sources([write(tmp_path / name, data)]))
    assert isinstance(result, Problem) and result.code == code, result
    assert result.item == str(tmp_path / name) and result.stage == "ingest"
    assert name in result.message


def test_invalid_utf8_reports_byte_offset(tmp_path):
    path = write(tmp_path / "latin1.txt", "Belarus troops in Brest, café".encode("latin-1"))
    result = only(read_sources([path]))
    assert result.code == "E003" and "offset 28" in result.message


def test_bom_is_stripped(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())
    assert only(read_sources([path])).text == ENGLISH


def test_missing_path(tmp_path):
    result = only(read_sources([tmp_path / "nope.txt"]))
    assert result.code == "E008"


def test_twenty_megabyte_article(tmp_path):
    path = write(tmp_path / "huge.txt", b"Belarus moves troops. " * 1_000_000)
    result = only(read_sources([path]))
    assert result.code == "E004" and "22000000" in result.message


def test_file_over_byte_limit_is_not_read(tmp_path, settings):
    path = write(tmp_path / "big.html", b"<p>x</p>" * 1000)
    result = only(read_sources([path], settings=settings.with_(max_chars=100)))
    assert result.code == "E102"


def test_jsonl_bad_lines_do_not_stop_good_ones(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": ENGLISH, "published": "2022-12-14", "source": "Reuters"}),
        '{"text": "unterminated',
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": 42}),
        json.dumps([1, 2]),
        json.dumps({"text": ENGLISH, "published": "last week"}),
        json.dumps({"id": 7, "text": FOREIGN["fr"]}),
        json.dumps({"text": SEED_LIKE, "url": "https://example.com/a"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    results = list(read_sources([path]))
    assert codes(results) == ["doc", "E005", "E006", "E006", "E006", "E021", "doc", "doc"]
    assert [r.item for r in results] == [f"{path}:{n}" for n in (1, 2, 3, 5, 6, 7, 8, 9)]
    first, french, seed = results[0], results[6], results[7]
    assert (first.id, first.published, first.source) == ("a1", "2022-12-14", "Reuters")
    assert french.id == "7" and french.skipped and french.problems[0].code == "E009"
    assert seed.url == "https://example.com/a" and len(seed.removed) == 2
    assert_offsets_kept(SEED_LIKE, seed)


def test_jsonl_invalid_utf8_line(tmp_path):
    good = json.dumps({"text": ENGLISH}).encode()
    path = write(tmp_path / "mixed.jsonl", good + b"\n" + b'{"text": "caf\xe9"}\n' + good + b"\n")
    results = list(read_sources([path]))
    assert codes(results) == ["doc", "E003", "doc"]
    assert results[1].item == f"{path}:2"
    assert f"offset {len(good) + 1 + 13}" in results[1].message


def test_jsonl_odd_lines(tmp_path):
    lines = [json.dumps({"text": ENGLISH}), "1" * 5000, "[" * 100_000, json.dumps({"text": ENGLISH})]
    path = write(tmp_path / "odd.jsonl", "\n".join(lines))
    assert codes(read_sources([path])) == ["doc", "E005", "E005", "doc"]  # huge int, deep nesting
    nul = write(tmp_path / "nul.jsonl", json.dumps({"text": ENGLISH}) + "\n" + '{"text": "a\x00"}')
    assert codes(read_sources([nul])) == ["E002"]  # a NUL byte in the first 8 KiB: binary


def test_json_list_and_jsonl_named_json(tmp_path):
    records = [{"text": ENGLISH, "title": "One"}, {"title": "no text"}]
    listed = write(tmp_path / "list.json", json.dumps(records))
    assert codes(read_sources([listed])) == ["doc", "E006"]
    lines = write(tmp_path / "lines.json", "\n".join(json.dumps(r) for r in records))
    assert codes(read_sources([lines])) == ["doc", "E006"]


def test_defaults_fill_only_missing_metadata(tmp_path):
    path = write(tmp_path / "a.jsonl", "\n".join([
        json.dumps({"text": ENGLISH}),
        json.dumps({"text": ENGLISH, "published": "2020-01-02", "source": "BelTA"}),
    ]))
    txt = write(tmp_path / "b.txt", ENGLISH)
    docs = list(read_sources([path, txt], published="2022-12-14", source="Reuters"))
    assert [(d.published, d.source) for d in docs] == [
        ("2022-12-14", "Reuters"), ("2020-01-02", "BelTA"), ("2022-12-14", "Reuters")]
    assert docs[2].title is None and docs[2].item == str(txt)


# ---------------------------------------------------------------- HTML, feeds, folders, stdin

ARTICLE_HTML = f"""<!DOCTYPE html>
<html><head><title>Belarus moves troops - Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-12-14T10:00:00Z">
</head><body><nav><ul><li>Home</li><li>World</li></ul></nav>
<article><h1>Belarus moves troops</h1>
<p>{ENGLISH}</p>
<p>Also read:Indian Navy spotted ship in Indian Ocean Region</p>
<p>President Alexander Lukashenko, who relied on Russian troops to put down a popular revolt
two years ago, has allowed Belarus to serve as a staging ground for Russia's invasion.</p>
</article><footer>Copyright 2022 Example News. All rights reserved.</footer></body></html>"""


def test_html_article(tmp_path):
    doc = only(read_sources([write(tmp_path / "page.html", ARTICLE_HTML)]))
    assert isinstance(doc, Document), doc
    assert ENGLISH in doc.text and "staging ground" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert [s.text for s in doc.removed] == ["Also read:Indian Navy spotted ship in Indian Ocean Region"]
    assert doc.title.startswith("Belarus moves troops")
    assert doc.source == "Example News"
    assert doc.published.startswith("2022-12-14")


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://example.com</link>
<item><title>Belarus moves troops</title><link>https://example.com/1</link>
<pubDate>Wed, 14 Dec 2022 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{ENGLISH}&lt;/p&gt;&lt;p&gt;Also read: Navy news&lt;/p&gt;</description></item>
<item><title>Title only</title><link>https://example.com/2</link></item>
<item><title>Shoigu in Minsk</title><link>https://example.com/3</link>
<description>Sergei Shoigu, Russia's minister of defence, unexpectedly flew to Minsk on Saturday.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Troops arrive</title><link href="https://example.org/a"/><id>urn:a</id>
<updated>2022-12-15T08:30:00Z</updated>
<content type="html">&lt;p&gt;{ENGLISH}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_feed(tmp_path):
    path = write(tmp_path / "wire.rss", RSS)
    results = list(read_sources([path], source="Default"))
    assert codes(results) == ["doc", "doc"]
    first, second = results
    assert first.item == f"{path}#entry1" and second.item == f"{path}#entry3"
    assert (first.title, first.url, first.source) == ("Belarus moves troops", "https://example.com/1",
                                                      "Example Wire")
    assert first.published == "2022-12-14T10:00:00+00:00"
    assert ENGLISH in first.text and "<p>" not in first.text
    assert [s.text for s in first.removed] == ["Also read: Navy news"]
    assert second.published is None and second.text.startswith("Sergei Shoigu")


def test_atom_feed(tmp_path):
    doc = only(read_sources([write(tmp_path / "desk.atom", ATOM)]))
    assert (doc.title, doc.url, doc.source, doc.id) == ("Troops arrive", "https://example.org/a",
                                                        "Atom Desk", "urn:a")
    assert doc.published == "2022-12-15T08:30:00+00:00" and doc.text == ENGLISH


def test_folder_is_read_recursively_in_order(tmp_path):
    write(tmp_path / "b" / "2.txt", ENGLISH + " Two.")
    write(tmp_path / "b" / "c" / "3.jsonl", json.dumps({"text": ENGLISH + " Three."}))
    write(tmp_path / "a.txt", ENGLISH + " One.")
    write(tmp_path / "notes.md", "# not an article")
    write(tmp_path / ".hidden" / "x.txt", ENGLISH)
    write(tmp_path / "b" / "empty.txt", "")
    results = list(read_sources([tmp_path]))
    assert codes(results) == ["doc", "doc", "E001", "doc"]
    assert [Path(r.item.split(":")[0]).name for r in results] == ["a.txt", "2.txt", "empty.txt", "3.jsonl"]


def test_fixture_folder():
    results = list(read_sources([DATA]))
    assert [(Path(r.item).name, code) for r, code in zip(results, codes(results))] == [
        ("article.txt", "doc"), ("bad.jsonl:1", "doc"), ("bad.jsonl:2", "E005"),
        ("bad.jsonl:3", "doc"), ("page.html", "doc")]
    assert results[0].removed and results[0].removed[0].text.startswith("Also read:")


@pytest.mark.parametrize("payload,expected", [
    (json.dumps({"text": ENGLISH}) + "\nnot json\n" + json.dumps({"text": ENGLISH}), ["doc", "E005", "doc"]),
    (f"  {ENGLISH}\n", ["doc"]),
    (ARTICLE_HTML, ["doc"]),
    (RSS, ["doc", "doc"]),
    ("", ["E001"]),
])
@pytest.mark.parametrize("binary", [False, True])
def test_stdin(monkeypatch, payload, expected, binary):
    stream = (io.TextIOWrapper(io.BytesIO(payload.encode()), encoding="utf-8") if binary
              else io.StringIO(payload))
    monkeypatch.setattr("sys.stdin", stream)
    results = list(read_sources(["-"]))
    assert codes(results) == expected
    assert all(r.item.startswith("-") for r in results)


def test_html_from_stdin_is_extracted(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE_HTML))
    doc = only(read_sources(["-"]))
    assert "<p>" not in doc.text and ENGLISH in doc.text


# ---------------------------------------------------------------- properties

BOILERPLATE_LINES = ["Also read:Navy news", "Advertisement", "Related: more", "READ MORE"]


@hyp_settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(BOILERPLATE_LINES)), max_size=8)
       .map("\n".join))
def test_make_document_keeps_offsets(text):
    try:
        doc = make_document(text)
    except InputError as exc:
        assert exc.code in {"E001", "E010", "E101"}
        return
    assert_offsets_kept(text, doc)
    assert doc.language


@hyp_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=300),
                      st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".xml", ".atom"]))
def test_read_sources_never_raises(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    results = list(read_sources([path]))
    assert results and all(isinstance(r, (Document, Problem)) for r in results)
    assert not [r for r in results if isinstance(r, Problem) and r.code == "E019"]


def test_nul_after_sniffed_prefix_is_text(tmp_path):
    path = write(tmp_path / "late_nul.txt", ENGLISH.encode() + b" " * BINARY_SNIFF_BYTES + b"\x00")
    result = only(read_sources([path]))
    assert isinstance(result, Document)  # a NUL past the sniffed prefix is not "binary"
