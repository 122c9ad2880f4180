"""Demo data: `flask demo load` (small) and `--scale large` for the benchmark."""
