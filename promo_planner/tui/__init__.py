"""The terminal app. Nothing here is imported unless ``promo-planner`` runs without a command."""
