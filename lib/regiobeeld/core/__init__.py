"""The core every layer shares: settings, errors, file and hash helpers, the CBS catalogue and
its shape rules, the tidy-frame contract, the regions and Dutch formatting."""
