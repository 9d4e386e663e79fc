"""`satark scheduler`: crawls, processing, index sync, digests and backups, each at its time, unattended."""
