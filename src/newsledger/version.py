"""The version of newsledger, in a module of its own so that any part can name it without
loading the package's face (and with it the NLP pipeline)."""

__version__ = "0.1.0"
