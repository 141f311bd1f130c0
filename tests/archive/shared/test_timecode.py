"""Recording links at a time, and times as people read them."""

from __future__ import annotations

from archive.shared.timecode import format_timestamp, link_at


def test_hosted_players_get_a_t_query_parameter() -> None:
    assert link_at("https://www.youtube.com/watch?v=abc", 754.9) == "https://www.youtube.com/watch?v=abc&t=754"
    assert link_at("https://vimeo.com/123?t=10", 30) == "https://vimeo.com/123?t=30"


def test_plain_media_files_get_a_media_fragment() -> None:
    assert link_at("https://media.example.org/talk.mp4", 90) == "https://media.example.org/talk.mp4#t=90"


def test_format_timestamp() -> None:
    assert [format_timestamp(s) for s in (0, 59.9, 754, 3600, 3725)] == ["0:00", "0:59", "12:34", "1:00:00", "1:02:05"]
