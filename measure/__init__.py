"""Measurements, apart from the use cases: open-set and liveness evaluation, and the benches (engine, video,
the record, the event writer under SIGKILL). The command line runs them; the kiosk never imports them."""
