"""The README's CLI reference is the commands' own usage and help (cli/reference.py), and each
command's ``--help`` shows every option and argument the reference lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from cli.reference import BEGIN, END, commands, reference_markdown, replace_block, usage

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_cli_reference_is_generated_from_the_commands():
    text = README.read_text(encoding="utf-8")
    block = text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip("\n")
    assert block == reference_markdown(main), \
        "README's CLI reference is stale: run python3 tools/update_readme.py"


def test_every_command_is_in_the_reference():
    block = reference_markdown(main)
    paths = [path for path, _ in commands(main)]
    assert {"vita similar", "vita partners", "vita export territory", "vita import",
            "vita validate", "vita serve"} <= set(paths)
    assert all(f"| `{path} " in block or f"| `{path}`" in block for path in paths)


@pytest.mark.parametrize("path, command", list(commands(main)), ids=lambda v: str(v))
def test_help_shows_what_the_reference_lists(path, command):
    result = CliRunner().invoke(main, [*path.split()[1:], "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    help_text = " ".join(result.output.split())
    for option in re.findall(r"\[(-[-\w]+)", usage(path, command)):
        assert option in help_text, (path, option)
    assert " ".join((command.help or "").split())[:60] in help_text


def test_replace_block_needs_its_markers():
    with pytest.raises(ValueError):
        replace_block("no markers here", "x")
    assert replace_block(f"a\n{BEGIN}\nold\n{END}\nb", "new") == f"a\n{BEGIN}\nnew\n{END}\nb"
