"""The README's CLI reference, generated from the commands themselves (their usage and help),
so that ``--help`` and the README cannot disagree: ``python3 tools/update_readme.py`` rewrites
the block between ``<!-- cli:begin -->`` and ``<!-- cli:end -->``; a test checks it."""

from __future__ import annotations

import re

import click

BEGIN, END = "<!-- cli:begin -->", "<!-- cli:end -->"


MAX_LISTED_CHOICES = 8     # longer vocabularies are named (KIND), `--help` lists them


def _metavar(param: click.Parameter) -> str:
    if param.metavar:
        return param.metavar
    if isinstance(param.type, click.Choice) and len(param.type.choices) <= MAX_LISTED_CHOICES:
        return "|".join(map(str, param.type.choices))
    if isinstance(param.type, click.Path):
        return "DIR" if not param.type.file_okay else "FILE"
    if isinstance(param.type, click.types.IntParamType):
        return "N"
    if isinstance(param, click.Option):
        return max(param.opts, key=len).lstrip("-").upper()
    return (param.name or "value").upper().replace("_", "-")


def _option(param: click.Option) -> str:
    name = max(param.opts, key=len)
    if param.is_flag:
        text = name if not param.secondary_opts else f"{name}/{param.secondary_opts[0]}"
    else:
        text = f"{name} {_metavar(param)}"
    return f"[{text}]" + ("…" if param.multiple else "")


def _argument(param: click.Argument) -> str:
    name = param.metavar or param.name.upper()
    name = f"{name}…" if param.nargs == -1 else name
    return name if param.required else f"[{name}]"


def usage(path: str, command: click.Command) -> str:
    parts = [path]
    parts += [_argument(p) for p in command.params if isinstance(p, click.Argument)]
    parts += [_option(p) for p in command.params
              if isinstance(p, click.Option) and not p.hidden and p.name != "help"]
    return " ".join(parts)


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().replace("|", "\\|")


def commands(group: click.Group, prefix: str = "vita"):
    """(path, command) of every command, subcommands after their group, by name."""
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def reference_markdown(group: click.Group) -> str:
    lines = ["| command | what it does |", "|---|---|"]
    for path, command in commands(group):
        lines.append(f"| `{_cell(usage(path, command))}` | {_cell(command.help or '')} |")
    return "\n".join(lines)


def replace_block(text: str, block: str) -> str:
    """``text`` with the CLI block replaced by ``block``; ``ValueError`` without markers."""
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no {BEGIN} … {END} block")
    return pattern.sub(lambda _: f"{BEGIN}\n{block}\n{END}", text)
