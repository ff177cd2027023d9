"""Write a synthetic Hacker News dump (Firebase items, JSON lines) shaped like
the real captures, for benchmarks/bench_batch.py. Output goes under /tmp.

    python benchmarks/make_hn_dump.py --items 100000 -o /tmp/batch-bench/hn.jsonl
    python benchmarks/make_hn_dump.py --thread-size 10000 -o /tmp/batch-bench/t10k.jsonl

What is taken from the real Hacker News captures in ../shared (read at run
time; nothing of them is written but word statistics turned into new text):

- thread sizes: the comment counts of the captured threads; a share of
  stories gets no or few comments (``--quiet-share``), as most HN stories do;
- tree shape: the share of comments that answer the story directly, and
  preferential attachment below it (a comment with replies draws more);
- text: words per post (resampled from the real posts), sentence length,
  how often a post opens with a quote of its parent ("> ..."), and words
  drawn from the captures' vocabulary with their frequencies.

The items are written shuffled (a dump is in no thread order), with ids,
parents, ``kids`` in order, times, authors; 1% deleted and 0.5% dead.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "hn-html"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[0-9]+")


@dataclass
class Stats:
    sizes: list[int]
    top_share: float
    post_words: list[int]
    sentence_words: float
    quote_share: float
    vocabulary: list[str]
    weights: list[int]


def real_stats(folder: Path = SHARED) -> Stats:
    from argmap.sources import load_thread

    sizes, post_words, words = [], [], Counter()
    tops = comments = quotes = sentences = 0
    for path in sorted(folder.rglob("*.html")):
        if "page2" in path.name or "page3" in path.name:
            continue  # the other pages of a thread read from its page 1
        thread = load_thread(path)
        sizes.append(len(thread.posts) - 1)
        for post in thread.posts[1:]:
            comments += 1
            tops += post.parent == thread.root.id
            quotes += post.text.startswith(">") or any(
                b.kind == "quote" for b in post.blocks
            )
            tokens = _WORD.findall(post.text)
            if tokens:
                post_words.append(len(tokens))
                words.update(t.lower() for t in tokens)
                sentences += max(1, post.text.count(". ") + post.text.count("? ") + 1)
    vocabulary, weights = zip(*words.most_common(20000))
    return Stats(
        sizes=sizes,
        top_share=tops / comments,
        post_words=post_words,
        sentence_words=sum(post_words) / sentences,
        quote_share=quotes / comments,
        vocabulary=list(vocabulary),
        weights=list(weights),
    )


class Generator:
    def __init__(self, stats: Stats, seed: int):
        self.stats, self.rng = stats, random.Random(seed)
        self.next_id = 1_000_000
        self.time = 1_600_000_000

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.stats.vocabulary, self.stats.weights, k=n)

    def text(self, parent_words: list[str] | None) -> tuple[str, list[str]]:
        n = self.rng.choice(self.stats.post_words)
        words = self.words(n)
        sentences, i = [], 0
        while i < n:
            k = max(3, int(self.rng.expovariate(1 / self.stats.sentence_words)))
            chunk = words[i : i + k]
            sentences.append(" ".join(chunk).capitalize() + ".")
            i += k
        paragraphs = [
            " ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)
        ]
        if parent_words and self.rng.random() < self.stats.quote_share:
            start = self.rng.randrange(max(1, len(parent_words) - 8))
            paragraphs.insert(0, "> " + " ".join(parent_words[start : start + 8]))
        return "<p>".join(html.escape(p) for p in paragraphs), words

    def thread(self, comments: int) -> list[dict]:
        story_id = self._id()
        title = " ".join(self.words(self.rng.randint(4, 10))).capitalize()
        items = [
            {"id": story_id, "type": "story", "by": self._user(), "time": self._time(),
             "title": title, "url": f"https://example.com/{story_id}", "score": 10,
             "descendants": comments, "kids": []}
        ]  # fmt: skip
        by_id, said, replies = {story_id: items[0]}, {story_id: []}, Counter()
        below: list[int] = []
        for _ in range(comments):
            if not below or self.rng.random() < self.stats.top_share:
                parent = story_id
            else:  # preferential attachment: a comment with replies draws more
                pick = self.rng.choices(below[-2000:], k=3)
                parent = max(pick, key=lambda c: replies[c])
            text, words = self.text(said[parent])
            item = {"id": self._id(), "type": "comment", "by": self._user(),
                    "time": self._time(), "parent": parent, "text": text}  # fmt: skip
            roll = self.rng.random()
            if roll < 0.01:
                item = {k: item[k] for k in ("id", "type", "time", "parent")}
                item["deleted"] = True
            elif roll < 0.015:
                item["dead"] = True
            by_id[parent].setdefault("kids", []).append(item["id"])
            replies[parent] += 1
            by_id[item["id"]], said[item["id"]] = item, words
            below.append(item["id"])
            items.append(item)
        return items

    def _id(self) -> int:
        self.next_id += self.rng.randint(1, 3)
        return self.next_id

    def _time(self) -> int:
        self.time += self.rng.randint(1, 60)
        return self.time

    def _user(self) -> str:
        return f"user{self.rng.randint(1, 50000)}"


def dump(stats: Stats, items: int, quiet_share: float, seed: int) -> list[dict]:
    gen, out = Generator(stats, seed), []
    while len(out) < items:
        if gen.rng.random() < quiet_share:
            size = gen.rng.choice([0, 0, 0, 1, 2, 3, 5])
        else:
            size = gen.rng.choice(stats.sizes)
        out += gen.thread(size)
    gen.rng.shuffle(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--thread-size", type=int, help="one thread of N comments")
    parser.add_argument("--quiet-share", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stats = real_stats()
    if args.thread_size is not None:
        items = Generator(stats, args.seed).thread(args.thread_size)
    else:
        items = dump(stats, args.items, args.quiet_share, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(item) + "\n" for item in items)
    stories = sum(1 for i in items if i["type"] == "story")
    print(f"{args.out}: {len(items)} items, {stories} stories")


if __name__ == "__main__":
    main()
