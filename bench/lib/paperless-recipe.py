#!/usr/bin/python3
"""Paperless-ngx's document-type classifier, as bench/classify's baseline.

Mirrors paperless-ngx src/documents/classifier.py (DocumentClassifier.preprocess_content and
train): content lowercased and stripped, runs of whitespace collapsed, every character that is
not a word character or whitespace replaced by a space; CountVectorizer(analyzer="word",
ngram_range=(1, 2), min_df=0.01) fitted on the training texts; MLPClassifier(tol=0.01) with
scikit-learn's defaults otherwise (one hidden layer of 100, adam, max_iter 200). A fixed
random_state per split makes runs repeatable. NLTK stop words and stemming are left out:
paperless applies them only when NLTK data for the language is installed.

Runs on Debian's python3-sklearn. stdin: JSON {texts: [str], labels: [str], splits: [{train:
[int], test: [int]}]}; stdout: JSON {predictions: [[str per test index]]}.
"""
import json
import re
import sys
import warnings

from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.neural_network import MLPClassifier


def preprocess_content(content):
    content = content.lower().strip()
    content = re.sub(r"\s+", " ", content)
    content = re.sub(r"[^\w\s]", " ", content)
    return content


def main():
    request = json.load(sys.stdin)
    texts = [preprocess_content(t) for t in request["texts"]]
    labels = request["labels"]
    predictions = []
    for seed, split in enumerate(request["splits"]):
        vectorizer = CountVectorizer(analyzer="word", ngram_range=(1, 2), min_df=0.01)
        train = [texts[i] for i in split["train"]]
        x = vectorizer.fit_transform(train)
        classifier = MLPClassifier(tol=0.01, random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            classifier.fit(x, [labels[i] for i in split["train"]])
        test = vectorizer.transform([texts[i] for i in split["test"]])
        predictions.append([str(p) for p in classifier.predict(test)])
    json.dump({"predictions": predictions}, sys.stdout)


if __name__ == "__main__":
    main()
