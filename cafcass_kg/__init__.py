"""cafcass-kg: a knowledge graph of Cafcass, its service areas, inspections and the law they cite."""

__version__ = "0.1.0"
