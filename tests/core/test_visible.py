"""What reaches a terminal: control characters spelled out, everything else untouched."""

from __future__ import annotations

from promo_planner.core.visible import terminal_safe, visible


def test_a_whole_output_keeps_layout_and_spells_out_what_would_act() -> None:
    text = "a\tb\nc\x1b]0;title\x07d\x1b[2Je\x9b31m\x7f\r\udcff\u202e"
    assert terminal_safe(text) == (
        "a\tb\nc\\x1b]0;title\\x07d\\x1b[2Je\\x9b31m\\x7f\\x0d\\xff\u202e"
    )
    plain = "Readiness 62.5% → 80% 👍 naïve"
    assert terminal_safe(plain) is plain  # the usual case costs no copy


def test_a_field_on_one_line_spells_out_breaks_tabs_and_bidi_overrides() -> None:
    assert visible("a\nb\tc\u2028d\u202eevil") == "a\\x0ab\\x09c\\u2028d\\u202eevil"
    assert visible("line\nnext\tcol", multiline=True) == "line\nnext\tcol"
    assert visible("x\x1by", multiline=True) == "x\\x1by"
    assert visible("[@click=app.quit]") == "[@click=app.quit]"  # markup is the widget's concern
