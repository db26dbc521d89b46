"""The web app's routes by part: ``api`` (JSON), ``pages`` (HTML), ``admin`` (the sources behind
the admin token), ``feeds`` (Atom, RSS, JSON Feed)."""
