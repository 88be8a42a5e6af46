"""Language processing: a spaCy German pipeline plus rule components for names, projects and dates."""
