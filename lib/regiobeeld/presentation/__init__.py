"""The house style and the Dutch page: charts, tables, sentences, blocks and ``report``,
the facade the notebooks call."""
