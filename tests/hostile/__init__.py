"""The standing corpus of hostile and broken input (issue 20): generators, not binary files.

Shared by tests/test_hostile.py (every case, in-process) and bench/hostile.py (the counts per class).
"""
