"""The product on real pages of other organizations, against textbook BM25 over trafilatura's text.

Usage:
  python benchmarks/real_archive.py --pages DIR [--set dev|heldout|heldout2|heldout3|heldout4|heldout5|heldout6]
                                    [--query-language-only] [--json]

Seven sets of judged pages live in benchmarks/real_archive/: `dev` (25 pages, 20 queries),
`heldout` (21 pages of sites not in dev, 18 queries), `heldout2` (18 pages of sites in neither,
20 queries), `heldout3` (23 pages of sites in none of them, 10 in Spanish, 20 queries), `heldout4`
(18 pages of sites in none of them, 5 in Spanish, 21 queries), `heldout5` (18 pages of sites in
none of them, 7 in Spanish, 21 queries) and `heldout6` (18 pages of sites in none of them, 8 in
Spanish, 21 queries). DIR
holds `PAGE_ID.txt` for the pages listed in the set's pages.tsv: each page's text
from its beginning (benchmarks/collect_real_pages.py fetches them; the repository keeps addresses,
queries and judgments, never third-party text). Each text is rebuilt as a bare web page (a `<p>`
per paragraph, no <title>, headings or meta tags), as a folder of saved pages gives the product
nothing more, and:

- the product builds an archive of them as a new organization would (no archive.toml) and answers
  each query of queries.tsv (`Archive.search`, relevance order);
- the baseline extracts each page's text with trafilatura and ranks it with bm25s (BM25, English
  stop words, no stemming: the textbook 50-line script);

both are scored on the graded judgments of qrels.tsv (nDCG@10, P@5, R@10, MRR), query by query
(wins, losses and ties, with a bootstrap 95% interval of the mean nDCG difference). A page is judged
on what it says, in either language; with `--query-language-only` (sets whose languages.tsv gives
each page's and query's language), a page in another language than the query's counts as not
relevant. The product's titles and publication dates are compared with labels.tsv: a title is
sensible when its words match the headline's (token F1 >= 0.8); a date is right when it is the
page's publication day, or absent for an undated page.

Each set's queries and judgments were written from reading its pages before the product was run on
them. Rules were added to the product after its dev figures were seen, so dev figures are
development figures; the heldout set was collected and judged after those changes, and nothing in
the product is chosen on it: its figures are held-out figures (of one small set).
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import Archive, SearchRequest
from indexer.build import build

SETS = Path(__file__).resolve().parent / "real_archive"
JUDGED_SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Judged:
    """The benchmark's fixed parts: pages, queries, graded judgments and labels."""

    pages: dict[str, str]  # page id -> address
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]  # query id -> page id -> grade
    labels: dict[str, tuple[str, str | None]]  # page id -> (title, date)


def tsv_rows(folder: Path, name: str) -> list[list[str]]:
    """A set file's rows, its comment lines left out."""
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def load(judged_set: str = "dev") -> Judged:
    folder = SETS / judged_set
    qrels: dict[str, dict[str, int]] = {}
    for qid, page, grade in tsv_rows(folder, "qrels.tsv"):
        qrels.setdefault(qid, {})[page] = int(grade)
    return Judged(
        pages={page: url for page, url in tsv_rows(folder, "pages.tsv")},
        queries={qid: query for qid, query in tsv_rows(folder, "queries.tsv")},
        qrels=qrels,
        labels={page: (title, None if day == "-" else day) for page, title, day in tsv_rows(folder, "labels.tsv")},
    )


def languages(judged_set: str) -> dict[str, str]:
    """Each page's and query's language from the set's languages.tsv ("-" for a query in no one
    language: an acronym, a hashtag, a name); empty for a set without one."""
    path = SETS / judged_set / "languages.tsv"
    return dict(tsv_rows(SETS / judged_set, "languages.tsv")) if path.is_file() else {}


def in_query_language(qrels: dict[str, dict[str, int]], language: dict[str, str]) -> dict[str, dict[str, int]]:
    """The judgments read strictly: a page in another language than its query's is not relevant to
    it (a query with no language of its own keeps all its pages); a query left with no relevant page
    is dropped."""
    strict = {}
    for query, grades in qrels.items():
        wanted = language.get(query, "-")
        kept = {page: g for page, g in grades.items() if wanted == "-" or language.get(page) == wanted}
        if kept:
            strict[query] = kept
    return strict


def as_bare_page(text: str) -> str:
    """A page's text as a web page with nothing but paragraphs (a line break inside one kept)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = "".join("<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>\n" for p in paragraphs)
    return f"<!doctype html>\n<html><body>\n{body}</body></html>\n"


# -- metrics -----------------------------------------------------------------------------------


def ndcg(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    gain = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranking[:k]))
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(sorted(grades.values(), reverse=True)[:k]))
    return gain / ideal if ideal else 0.0


def precision(ranking: list[str], grades: dict[str, int], k: int = 5) -> float:
    return sum(1 for d in ranking[:k] if grades.get(d, 0) > 0) / k


def recall(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    relevant = {d for d, g in grades.items() if g > 0}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranking: list[str], grades: dict[str, int]) -> float:
    return next((1 / (i + 1) for i, d in enumerate(ranking) if grades.get(d, 0) > 0), 0.0)


METRICS = {"nDCG@10": ndcg, "P@5": precision, "R@10": recall, "MRR": reciprocal_rank}


def scores(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    """Per metric, per query."""
    return {
        name: {q: metric(runs.get(q, []), grades) for q, grades in qrels.items()} for name, metric in METRICS.items()
    }


def bootstrap_interval(differences: list[float], rounds: int = 10_000, seed: int = 1) -> tuple[float, float]:
    """A 95% percentile interval of the mean of `differences` (seeded: the same figures every run)."""
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(differences, k=len(differences))) / len(differences) for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


# -- the two systems ---------------------------------------------------------------------------


def run_product(folder: Path, index: Path, queries: dict[str, str]) -> tuple[dict[str, list[str]], Archive]:
    build([folder], index, progress=False)
    archive = Archive(index)
    runs = {
        q: [d.removesuffix(".html") for d in archive.result_ids(SearchRequest(query=text))]
        for q, text in queries.items()
    }
    return runs, archive


def run_baseline(pages: dict[str, str], queries: dict[str, str]) -> dict[str, list[str]]:
    import bm25s
    import trafilatura

    ids = sorted(pages)
    texts = [trafilatura.extract(pages[i]) or "" for i in ids]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    runs = {}
    for qid, query in queries.items():
        tokens = bm25s.tokenize([query], stopwords="en", show_progress=False)
        found, found_scores = retriever.retrieve(tokens, k=len(ids), show_progress=False)
        runs[qid] = [ids[n] for n, s in zip(found[0], found_scores[0], strict=True) if s > 0]
    return runs


# -- titles and dates --------------------------------------------------------------------------


def token_f1(found: str, gold: str) -> float:
    a, b = _WORD.findall(found.casefold()), _WORD.findall(gold.casefold())
    common = sum(min(a.count(w), b.count(w)) for w in set(a))
    return 2 * common / (len(a) + len(b)) if a and b else 0.0


def is_sensible_title(found: str, headline: str) -> bool:
    """Whether a title says what the page's headline says: their words match (token F1 >= 0.8)."""
    return token_f1(found, headline) >= 0.8


def metadata_rows(archive: Archive, labels: dict[str, tuple[str, str | None]]) -> list[dict[str, object]]:
    catalog = archive.catalog()
    rows = []
    for page, (title, day) in sorted(labels.items()):
        record = catalog.get(f"{page}.html")
        rows.append(
            {
                "page": page,
                "title": record and record.title,
                "title_source": record and record.title_source,
                "title_ok": is_sensible_title(record.title if record else "", title),
                "date": record and record.date,
                "date_ok": (record.date if record else None) == day,
                "indexed": record is not None,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder of PAGE_ID.txt (collect_real_pages.py)")
    parser.add_argument("--set", dest="judged_set", choices=JUDGED_SETS, default="dev")
    parser.add_argument(
        "--query-language-only",
        action="store_true",
        help="judge a page in another language than the query's not relevant (sets with languages.tsv)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    judged = load(args.judged_set)
    if args.query_language_only:
        language = languages(args.judged_set)
        if not language:
            sys.exit(f"{args.judged_set}: no languages.tsv, so no query-language judgments")
        judged = replace(judged, qrels=in_query_language(judged.qrels, language))
        judged = replace(judged, queries={q: judged.queries[q] for q in judged.qrels})
    missing = [p for p in judged.pages if not (args.pages / f"{p}.txt").is_file()]
    if missing:
        sys.exit(f"{args.pages}: no text for {', '.join(missing)} (run benchmarks/collect_real_pages.py)")
    pages = {p: as_bare_page((args.pages / f"{p}.txt").read_text(encoding="utf-8")) for p in judged.pages}
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "saved-pages"
        folder.mkdir()
        for page, markup in pages.items():
            (folder / f"{page}.html").write_text(markup, encoding="utf-8")
        ours, archive = run_product(folder, Path(work) / "index", judged.queries)
        theirs = run_baseline(pages, judged.queries)
        labelled = metadata_rows(archive, judged.labels)
    product, baseline = scores(ours, judged.qrels), scores(theirs, judged.qrels)
    differences = [product["nDCG@10"][q] - baseline["nDCG@10"][q] for q in judged.qrels]
    report = {
        "set": args.judged_set,
        "judged": "in the query's language only" if args.query_language_only else "in either language",
        "pages": len(pages),
        "queries": len(judged.qrels),
        "product": {m: round(sum(v.values()) / len(v), 3) for m, v in product.items()},
        "bm25s+trafilatura": {m: round(sum(v.values()) / len(v), 3) for m, v in baseline.items()},
        "per_query_ndcg": {"wins": sum(d > 1e-9 for d in differences), "losses": sum(d < -1e-9 for d in differences)},
        "mean_difference": round(sum(differences) / len(differences), 3),
        "difference_95": [round(x, 3) for x in bootstrap_interval(differences)],
        "titles_sensible": f"{sum(bool(r['title_ok']) for r in labelled)}/{len(labelled)}",
        "dates_right": f"{sum(bool(r['date_ok']) for r in labelled)}/{len(labelled)}",
        "labels": labelled,
        "losses": {
            q: (round(product["nDCG@10"][q], 3), round(baseline["nDCG@10"][q], 3))
            for q, d in zip(judged.qrels, differences, strict=True)
            if d < -1e-9
        },
    }
    report["per_query_ndcg"]["ties"] = (
        len(differences) - report["per_query_ndcg"]["wins"] - report["per_query_ndcg"]["losses"]
    )
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    kind = "development" if args.judged_set == "dev" else "held-out"
    print(f"{report['pages']} pages, {report['queries']} queries ({kind} figures: see the docstring)")
    print(f"{'':20} " + " ".join(f"{m:>8}" for m in METRICS))
    for system in ("product", "bm25s+trafilatura"):
        print(f"{system:20} " + " ".join(f"{report[system][m]:8.3f}" for m in METRICS))
    print(
        f"per query nDCG@10: {report['per_query_ndcg']}; mean difference {report['mean_difference']:+.3f}, "
        f"95% bootstrap interval {report['difference_95']}"
    )
    print(f"losses (product, baseline): {report['losses']}")
    print(f"titles sensible {report['titles_sensible']}, publication dates right {report['dates_right']}")
    for row in labelled:
        if not (row["title_ok"] and row["date_ok"]):
            print(f"  {row['page']}: title {row['title']!r} ({row['title_source']}), date {row['date']}")


if __name__ == "__main__":
    main()
