"""The one error type a command raises for bad input: the CLI prints it as one line on
stderr and exits 2."""


class BadInput(Exception):
    pass
