"""The terminal app. Nothing here is imported unless ``promo-planner`` runs without a command.

The launcher pauses Python's cyclic garbage collector (``pause_collection``) until the app's
first frame is out (``resume_collection``, called by the app): start-up creates a few hundred
thousand long-lived objects (Textual's modules and styles, the dashboard, the portfolio
reading), and collecting among them while they are being made frees next to nothing yet costs
~7 % of the time to the first frame. Reference counting still frees everything else meanwhile.
Only the launcher pauses it, so importing the package (tests, tools) changes nothing.

After that the launcher leaves full collections (the oldest generation) to quiet moments:
a 10,000-item portfolio and the screens showing it are a few hundred thousand objects, and a
full collection walks them all (~0.2 s), at whatever moment allocation happened to trigger one,
such as the key press that opens a form. ``collect_when_quiet`` runs it when the app has been
idle for a while instead; the younger generations are collected as usual all along.
"""

import gc

_paused = False


def pause_collection() -> None:
    """Turn the cyclic garbage collector off until ``resume_collection`` (if it was on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


FULL_COLLECTION_AT = 1_000_000_000
"""The oldest generation's threshold while the app runs: never reached, so never automatic."""

_quiet_only = False


def resume_collection() -> None:
    """Turn the cyclic garbage collector back on, if ``pause_collection`` turned it off; full
    collections from now on wait for ``collect_when_quiet``."""
    global _paused, _quiet_only
    if _paused:
        _paused = False
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_COLLECTION_AT)
        _quiet_only = True
        gc.enable()


def collect_when_quiet() -> None:
    """A full collection, when the launcher left them to quiet moments (the app calls this
    once nothing has happened for a while)."""
    if _quiet_only and gc.isenabled():
        gc.collect()
