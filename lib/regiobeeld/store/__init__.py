"""Source → cache → tidy frame: the disk cache, snapshots, the one data path (``data``) and
the drop-in folder (``dropins``: finding, loading and fingerprinting files)."""
