"""Input data: the contract (``schema``), readers, validation, the NBS export parser and the demo city."""
