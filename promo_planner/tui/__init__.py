"""The terminal app. Nothing here is imported unless ``promo-planner`` runs without a command.

Importing it pauses Python's cyclic garbage collector until the app's first frame is out
(``resume_collection``, called by the app): start-up creates a few hundred thousand long-lived
objects (Textual's modules and styles, the dashboard, the portfolio reading), and collecting
among them while they are being made frees next to nothing yet costs ~7 % of the time to the
first frame. Reference counting still frees everything else meanwhile.
"""

import gc

_paused = gc.isenabled()
gc.disable()


def resume_collection() -> None:
    """Turn the cyclic garbage collector back on, if importing the app turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
