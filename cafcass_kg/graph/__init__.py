"""Records to triples: one named graph per document, its facts tied to their evidence
(``mapping``), with the names that mean one entity across documents resolved first."""
