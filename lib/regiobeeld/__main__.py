"""``python -m regiobeeld``: the same as the ``regiobeeld`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
