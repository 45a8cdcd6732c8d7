"""Running the command line in-process for the tests."""

from click.testing import CliRunner

from iamlint import cli


def invoke(*args, input=None):
    result = CliRunner().invoke(cli.main, list(args), input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is always a bug
    return result
