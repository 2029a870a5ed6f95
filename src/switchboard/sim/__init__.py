"""The simulator: scenarios run through the same routing engine and contact recorder as the
server, on virtual time, at full speed. Start at `runner.Simulation`; design notes in
`docs/design/simulator.md`.
"""
