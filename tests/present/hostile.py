"""An article whose every field tries to inject markup or script."""

from __future__ import annotations

HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> javascript:alert(3)'
HOSTILE_ID = 'evil"><script>alert(6)</script>'


def hostile_record(article_id: str = HOSTILE_ID) -> dict[str, str]:
    long_word = "A" * 20_000
    return {
        "id": article_id,
        "url": "javascript:alert(4)",
        "outlet": HOSTILE,
        "title": HOSTILE + " " + long_word,
        "published": "2024-11-05",
        "text": (
            f"{HOSTILE} Officials said 40 homes were flooded in {HOSTILE}. "
            f'"<script>alert(5)</script> We evacuated 300 people," the mayor said. {long_word}'
        ),
    }
