"""``python -m promo_planner``: the same entry point as the ``promo-planner`` command."""

from promo_planner.cli import main

raise SystemExit(main())
