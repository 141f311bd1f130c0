"""`python -m archive`: see archive.cli."""

from archive.cli import main, stop_quietly_when_the_reader_has_gone

stop_quietly_when_the_reader_has_gone()
raise SystemExit(main())
