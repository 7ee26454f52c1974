"""What `mtaudit check` needs in CI: baselines, inline suppressions and changed-line filters."""
