"""The SQL connections' lifecycle in one place: the engine and its pool (engine.py), the one
owner that lends, keeps, hands on, sweeps and closes them (owner.py), a unit of work's shared
connection and how its statements run (shared.py), statements prepared once (prepared.py), and
which errors mean the database cannot be reached (availability.py)."""
