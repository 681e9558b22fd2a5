"""Event coding: trigger patterns (data/event_patterns.jsonl) matched over the parse."""
