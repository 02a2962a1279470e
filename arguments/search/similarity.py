"""Ranks claims by how alike their wording is (pure Python): shared words, then shared
letter triples, so that "pressure" finds "pressing" and typos still match."""

import re

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "more",
        "most",
        "must",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "us",
    ]
)
WORD = re.compile(r"[\w’']+")


def words(text):
    return {w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2}


def trigrams(text):
    joined = " " + " ".join(sorted(words(text))) + " "
    return {joined[i : i + 3] for i in range(len(joined) - 2)}


def score(query, candidate):
    """Similarity in [0, 1]: the mean of word and trigram Jaccard indexes."""
    query_words, candidate_words = words(query), words(candidate)
    if not query_words or not candidate_words:
        return 0.0
    word_score = len(query_words & candidate_words) / len(query_words | candidate_words)
    query_grams, candidate_grams = trigrams(query), trigrams(candidate)
    gram_score = len(query_grams & candidate_grams) / len(query_grams | candidate_grams)
    return (word_score + gram_score) / 2


def search_terms(text, limit=6):
    """The longest distinct words of `text`, to pre-select candidates in the database."""
    return sorted(words(text), key=lambda w: (-len(w), w))[:limit]


def rank(query, candidates, *, limit=5, threshold=0.12):
    """The `limit` best (score, item) of `candidates` [(text, item)] above `threshold`."""
    scored = [(score(query, text), item) for text, item in candidates]
    scored = [pair for pair in scored if pair[0] >= threshold]
    scored.sort(key=lambda pair: -pair[0])
    return scored[:limit]
