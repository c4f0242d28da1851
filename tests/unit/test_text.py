from __future__ import annotations

from llorch.engine.text import StopMatcher


def feed_all(m: StopMatcher, pieces: list[str]) -> str:
    return "".join(m.feed(p) for p in pieces) + m.flush()


def test_no_stops_passes_text_through() -> None:
    m = StopMatcher([])
    assert m.feed("hello") == "hello"
    assert not m.stopped


def test_stop_split_across_pieces_is_cut_and_never_shown() -> None:
    m = StopMatcher(["\nUser:"])
    shown = [m.feed(p) for p in ["Hi there", "\nUs", "er:", " more"]]
    assert shown == ["Hi there", "", "", ""]
    assert m.stopped


def test_partial_stop_prefix_is_released_when_it_does_not_complete() -> None:
    m = StopMatcher(["END"])
    assert m.feed("the EN") == "the "
    assert m.feed("D") == ""
    assert m.stopped
    m2 = StopMatcher(["END"])
    assert feed_all(m2, ["the EN", "TRY is here"]) == "the ENTRY is here"
    assert not m2.stopped


def test_earliest_of_several_stops_wins() -> None:
    m = StopMatcher(["b", "ab"])
    assert m.feed("xxabyy") == "xx"
    assert m.stopped_by == "ab"  # (the one that cut the text: an API reports it)
    m = StopMatcher(["END", "###"])
    assert feed_all(m, ["a #", "## b END"]) == "a " and m.stopped_by == "###"
    assert StopMatcher(["x"]).stopped_by is None


def test_held_text_flushed_at_end() -> None:
    m = StopMatcher(["STOP"])
    assert m.feed("go ST") == "go "
    assert m.flush() == "ST"
