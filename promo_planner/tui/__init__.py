"""The terminal app. Nothing here is imported unless ``promo-planner`` runs without a command.

The launcher pauses Python's cyclic garbage collector (``pause_collection``) until the app's
first frame is out (``resume_collection``, called by the app): start-up creates a few hundred
thousand long-lived objects (Textual's modules and styles, the dashboard, the portfolio
reading), and collecting among them while they are being made frees next to nothing yet costs
~7 % of the time to the first frame. Reference counting still frees everything else meanwhile.
Only the launcher pauses it, so importing the package (tests, tools) changes nothing.
"""

import gc

_paused = False


def pause_collection() -> None:
    """Turn the cyclic garbage collector off until ``resume_collection`` (if it was on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """Turn the cyclic garbage collector back on, if ``pause_collection`` turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
