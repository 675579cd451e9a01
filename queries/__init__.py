"""Data folder of the cafcass-kg package."""
