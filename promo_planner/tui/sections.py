"""The app's sections: their keys, labels and screens, in the order of the keys 1-6.

Data only, so the app, the section bar and the help screen can all read it without importing
one another."""

from __future__ import annotations

# mode name -> (key, label, "module:Class"); the order is the order of the keys 1-5.
SECTIONS: dict[str, tuple[str, str, str]] = {
    "dashboard": ("1", "Dashboard", "promo_planner.tui.screens.dashboard:DashboardScreen"),
    "criteria": ("2", "Criteria", "promo_planner.tui.screens.criteria:CriteriaScreen"),
    "evidence": ("3", "Evidence", "promo_planner.tui.screens.evidence:EvidenceScreen"),
    "path": ("4", "Path", "promo_planner.tui.screens.path:PathScreen"),
    "one_on_one": ("5", "1:1", "promo_planner.tui.screens.one_on_one:OneOnOneScreen"),
    "inbox": ("6", "Inbox", "promo_planner.tui.screens.inbox:InboxScreen"),
}

FIRST_SECTION = "dashboard"
