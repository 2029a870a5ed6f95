"""Use cases: one function per command or query, owning the transaction around it.

The app layer speaks domain types only; wire shapes stay in `handlers/`.
"""
