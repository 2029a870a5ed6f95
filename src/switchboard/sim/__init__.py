"""The simulator: the domain core driven on virtual time, no HTTP in between."""
