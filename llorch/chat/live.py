"""Questions about what is true today (prices, exchange rates, the weather, the news), which no local model knows.

llorch runs offline, and a model knows nothing after its training; told the date, the 1.5B answered 9 of 12
questions of today's prices and rates with a figure "as of today, December 5, 2026" (Apple at $174.38, 50
euros as 54 Swiss francs); a longer date line in every system prompt saying it cannot know them only halved that.
`live_asked` recognises such a question: the model reads after it that no live data is at hand (`live_told`;
the 1.5B then gave such a figure for 2 of the 12), and an answer that gives a figure anyway gets a note that it
is a guess (chat/conversation.py).
"""

from __future__ import annotations

import re

__all__ = ["asks_for_code", "gives_figure", "live_asked", "live_note", "live_told"]

_NOW = r"(?:today|today's|tonight|tomorrow|right\s+now|now|currently|current|latest|at\s+the\s+moment|this\s+week)"
_NATION = (r"(?:(?:us|u\.s\.|american|canadian|australian|new\s+zealand|hong\s+kong|singapore|indian|japanese|"
           r"chinese|swiss|british|mexican|brazilian|south\s+african|swedish|norwegian|danish|polish|turkish|"
           r"korean)\s+)?")
_CURRENCIES = (_NATION + r"(?:usd|eur|gbp|jpy|chf|cny|rmb|inr|cad|aud|nzd|sek|nok|dkk|pln|mxn|brl|krw|hkd|sgd|try|zar|"
               r"dollars?|euros?|pounds?\s+sterling|british\s+pounds?|pounds?|yen|yuan|renminbi|rupees?|francs?|"
               r"swiss\s+francs?|pesos?|reais|real|won|kronor|krona|kroner|zloty|rand|lira|bitcoins?|btc|ether|eth|"
               r"ethereum|[$€£¥₹])")
_MONEY = re.compile(
    r"\b(?:convert|change|exchange|how\s+much\s+is|what\s+is|what's|whats)\s+[$€£¥₹]?\s*\d[\d,.]*\s*(?:k|m)?\s*"
    + _CURRENCIES + r"\s+(?:to|in|into|for)\s+" + _CURRENCIES + r"(?![a-z])"
    r"|\bexchange\s+rates?\b(?!\s+mechanism)"
    r"|\bhow\s+much\s+is\s+(?:one|a|an|1)\s+" + _CURRENCIES + r"\s+in\s+" + _CURRENCIES + r"(?![a-z])"
    r"|\bhow\s+many\s+" + _CURRENCIES + r"\s+(?:is|are|do\s+i\s+get\s+for|for)\s+[$€£¥₹]?\s*\d[\d,.]*\s*"
    + _CURRENCIES + r"(?![a-z])",
    re.IGNORECASE)
_RATE = r"(?:interest|inflation|mortgage|unemployment|base|bank)\s+rates?"
_PRICE = re.compile(
    r"\b(?:price|cost|worth|trading|quote|" + _RATE + r"|how\s+much\s+(?:is|does|do|are))\b.*\b" + _NOW + r"\b"
    r"|\b" + _NOW + r"\s+(?:[\w-]+\s+){0,2}(?:prices?|costs?|inflation|" + _RATE + r")\b"
    r"|\bstock\s+(?:price|market)\b(?=.*\b" + _NOW + r"\b)",
    re.IGNORECASE)
_WEATHER = re.compile(
    r"\b(?:weather|temperature|forecast|rain|snow|sunny|humid)\b.*\b(?:today|tonight|tomorrow|right\s+now|now|"
    r"currently|this\s+week(?:end)?|at\s+the\s+moment)\b"
    r"|\b(?:today|tonight|tomorrow|current|this\s+week(?:end)?)'?s?\s+(?:weather|forecast|temperature)\b"
    r"|\bwill\s+it\s+(?:rain|snow|be\s+sunny)\b",
    re.IGNORECASE)
_NEWS = re.compile(r"\b(?:news|headlines?)\b.*\b" + _NOW + r"\b|\b" + _NOW + r"\s+(?:\w+\s+)?(?:news|headlines?)\b"
                   r"|\b(?:who\s+is\s+(?:leading|winning|top\s+of)|what\s+is\s+the\s+score)\b.*\b" + _NOW + r"\b",
                   re.IGNORECASE)


# A request for code or instructions asks nothing of today ("How do I get the current price from this JSON in jq?",
# "What's the learning rate right now in my training loop?"): the default model is a coder.
_NOT_TODAY = re.compile(
    r"^\s*(?:how\s+(?:do|can|could|would|should)\s+(?:i|you|we)|how\s+to|write|show\s+me\s+how|create|make|build|"
    r"generate|implement|explain\s+how)\b|\b(?:code|function|method|class|script|program|api|json|xml|csv|sql|query|"
    r"regex|variable|field|sensor|loop|dict|array|column|python|javascript|typescript|java|rust|golang|bash|shell|"
    r"jq|excel|spreadsheet)\b", re.IGNORECASE)


def asks_for_code(text: str) -> bool:
    """Whether a message asks for code or instructions (then it asks nothing of today, nor of llorch itself)."""
    return _NOT_TODAY.search(text) is not None


def live_asked(text: str) -> str | None:
    """What of today a message plainly asks for ("exchange rates", "prices", "weather", "news"), or None.
    Only short questions, and no request for code or instructions: a pasted document that mentions a price, or
    "How do I read the current value of a field?", asks nothing of today."""
    if len(text) > 300 or "\n" in text.strip() or asks_for_code(text):
        return None
    if _MONEY.search(text):
        return "exchange rates"
    if _WEATHER.search(text):
        return "weather"
    if _NEWS.search(text):
        return "news"
    if _PRICE.search(text):
        return "prices"
    return None


_FIGURE = re.compile(r"[$€£¥₹]\s?\d|\d\s?(?:%|percent\b|°|degrees\b)|\d\.\d|\d\s?(?:usd|eur|gbp|jpy|chf|"
                     r"dollars|euros|pounds|yen|francs|per\s+(?:litre|liter|ounce|share|barrel|gallon))\b",
                     re.IGNORECASE)


def gives_figure(answer: str) -> bool:
    """Whether an answer gives a price, rate or reading ("$174.38", "3.4%", "1.08 Swiss francs", "12 °C")."""
    return _FIGURE.search(answer) is not None


def live_note(what: str) -> str:
    """The note after an answer that gives a figure for today's `what` anyway."""
    return (f"the answer gives a figure for today's {what}, which the model cannot know: llorch works offline and "
            "the model knows nothing after its training, so it is a guess")


def live_told(what: str) -> str:
    """What the model reads after such a question (that turn only): the 1.5B, told the date alone, gave today's
    figures as facts."""
    return (f"(llorch has no live data: today's {what} are unknown to you. Say so, and give no figure as today's; "
            "you may say where to look it up.)")
