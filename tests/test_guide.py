"""The operator guide names only commands and options that exist, so it cannot silently rot.

Every `adurabi ...` line of the guide's `sh` and `cron` blocks is resolved through the Click
command tree: its command path must exist, each option it names must be one of that command's,
and (unless it asks for `--help`) its arguments must parse as the command line would parse them.
Inline code in the prose that starts with `adurabi ` is checked for its path and options.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import typer

from adurabi_cli.cli.app import app

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "panduan-operator.md"

FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`(adurabi [^`]+)`")
COMMAND_BLOCKS = {"sh", "cron"}
OUTPUT_BLOCKS = {"text"}
ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
CRON_FIELD = re.compile(r"^[\d*/,-]+$")
HELP = {"-h", "--help"}


def code_blocks(markdown: str) -> list[tuple[str, str]]:
    """(language, body) of every fenced block."""
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(markdown)]


def shell_lines(body: str) -> list[str]:
    """The block's lines, a line ending in a backslash joined with the next."""
    lines: list[str] = []
    pending = ""
    for raw in body.splitlines():
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        lines.append(pending + raw)
        pending = ""
    if pending:
        lines.append(pending)
    return lines


def _segments(line: str) -> list[list[str]]:
    """The simple commands of a shell line, split at pipes, `&&`, `;` and redirections."""
    # A command substitution is one word for the command it sits in.
    line = re.sub(r"\$\([^)]*\)", "X", line)
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    segments: list[list[str]] = [[]]
    for token in lexer:
        if token and set(token) <= set("();<>|&"):  # "" is an empty argument
            # `2>&1`: the file descriptor belongs to the redirection, not to the command.
            if token[0] in "<>" and segments[-1] and segments[-1][-1].isdigit():
                segments[-1].pop()
            segments.append([])
        else:
            segments[-1].append(token)
    return [segment for segment in segments if segment]


def invocations(line: str, *, cron: bool = False) -> list[list[str]]:
    """The arguments of each `adurabi` run on a shell line; a line naming it oddly is refused."""
    found = []
    for segment in _segments(line):
        if "adurabi" not in segment:
            continue
        at = segment.index("adurabi")
        for word in segment[:at]:
            if not (ENV_ASSIGNMENT.match(word) or (cron and CRON_FIELD.match(word))):
                raise ValueError(f"`adurabi` is not the command of: {line.strip()}")
        found.append(segment[at + 1 :])
    return found


def _option_names(command) -> dict[str, object]:
    names: dict[str, object] = {name: None for name in HELP}
    for param in command.params:
        if param.param_type_name == "option":
            for name in (*param.opts, *param.secondary_opts):
                names[name] = param
    return names


def _takes_value(param) -> bool:
    return param is not None and not param.is_flag and not param.count


def check(args: list[str], *, parse: bool = True) -> list[str]:
    """What is wrong with `adurabi ARGS`: an unknown command or option, or arguments that
    do not parse (`parse`). An empty list when it is a real command line."""
    command = typer.main.get_group(app)
    ctx = typer.Context(command, info_name="adurabi")
    path = ["adurabi"]
    rest = list(args)
    while hasattr(command, "commands"):
        options = _option_names(command)
        while rest and rest[0].startswith("-"):
            name = rest.pop(0).split("=", 1)[0]
            if name not in options:
                return [f"{' '.join(path)}: no option {name}"]
            if _takes_value(options[name]) and "=" not in name and rest:
                rest.pop(0)
            if name in HELP:
                return []
        if not rest:
            return [] if len(path) > 1 and not parse else [f"{' '.join(path)}: no command given"]
        name = rest.pop(0)
        sub = command.get_command(ctx, name)
        if sub is None:
            return [f"{' '.join(path)}: no command {name!r}"]
        path.append(name)
        command = sub
        ctx = typer.Context(command, info_name=name, parent=ctx)
    options = _option_names(command)
    problems = [
        f"{' '.join(path)}: no option {word.split('=', 1)[0]}"
        for word in rest
        if word.startswith("-") and len(word) > 1 and word.split("=", 1)[0] not in options
    ]
    if problems or not parse or HELP & set(rest):
        return problems
    try:
        # A copy: Click's parser consumes the list it is given.
        command.make_context(path[-1], list(rest), parent=ctx.parent)
    except Exception as exc:  # Click's UsageError and its kind: the message is what counts
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return [f"{' '.join([*path, *rest])}: {message}"]
    return []


def guide_commands(markdown: str) -> list[tuple[list[str], bool]]:
    """Each `adurabi` command of the guide with whether it is to be parsed in full."""
    commands: list[tuple[list[str], bool]] = []
    for language, body in code_blocks(markdown):
        assert language in COMMAND_BLOCKS | OUTPUT_BLOCKS, (
            f"a code block marked {language!r}: use sh or cron for commands, text for output"
        )
        if language in COMMAND_BLOCKS:
            for line in shell_lines(body):
                commands += [(args, True) for args in invocations(line, cron=language == "cron")]
    prose = FENCE.sub("", markdown)
    commands += [(shlex.split(span)[1:], False) for span in INLINE.findall(prose)]
    return commands


def test_every_command_of_the_guide_exists_with_its_options():
    commands = guide_commands(GUIDE.read_text(encoding="utf-8"))
    in_blocks = [args for args, parse in commands if parse]
    # The guide shows the operators' work as commands; far fewer means the reading broke.
    assert len(in_blocks) >= 80, len(in_blocks)
    problems = [problem for args, parse in commands for problem in check(args, parse=parse)]
    assert problems == []


# The work the guide is there to explain: each must be shown as a command to type.
DAILY_WORK = [
    ("complaint", "add"),
    ("complaint", "update"),
    ("complaint", "reply"),
    ("complaint", "extend"),
    ("complaint", "forward"),
    ("complaint", "attach"),
    ("complaint", "receipt"),
    ("complaint", "nil"),
    ("news", "add"),
    ("news", "nil"),
    ("news", "top"),
    ("monitor",),
    ("recap",),
    ("export",),
    ("trend",),
    ("remind",),
    ("holiday", "add"),
    ("setting", "set"),
    ("backup",),
    ("doctor",),
]


def _path(args: list[str]) -> tuple[str, ...]:
    """The first two words after the global options."""
    rest = list(args)
    while rest and rest[0] in ("--db", "--operator"):
        del rest[:2]
    return tuple(rest[:2])


def test_the_guide_shows_the_daily_work_as_commands():
    shown = [_path(args) for args, parse in guide_commands(GUIDE.read_text(encoding="utf-8"))]
    missing = [work for work in DAILY_WORK if not any(p[: len(work)] == work for p in shown)]
    assert missing == []


def test_the_check_finds_what_does_not_exist():
    markdown = (
        "Ketik `adurabi complaint ad --help`.\n\n"
        "```sh\n"
        "adurabi complaint add --satker kanwil --summary x --urgent\n"
        "adurabi complaint extend PGD-2026-00001 --note x && adurabi news publish 3\n"
        "ADURABI_TODAY=2026-11-30 adurabi --dbase x.db info\n"
        "adurabi complaint reply PGD-2026-00001 --note x   # --via is required\n"
        "adurabi recap --month 2026-11 \\\n"
        "    --satker kanwil --kuartal 2026-Q4 > rekap.txt 2>&1\n"
        "```\n\n"
        "```cron\n"
        "5 1 1 * * adurabi export --quiet --out /srv/rekap --bulan previous >> x.log 2>&1\n"
        "```\n"
    )
    commands = guide_commands(markdown)
    assert len(commands) == 8
    problems = [check(args, parse=parse) for args, parse in commands]
    assert problems == [
        ["adurabi complaint add: no option --urgent"],
        [],
        ["adurabi news: no command 'publish'"],
        ["adurabi: no option --dbase"],
        ["adurabi complaint reply PGD-2026-00001 --note x: Missing option '--via'."],
        ["adurabi recap: no option --kuartal"],
        ["adurabi export: no option --bulan"],
        ["adurabi complaint: no command 'ad'"],
    ]
    assert check(["complaint", "add", "--satker", "kanwil", "--summary", "x"]) == []
    assert check(["--db", "x.db", "holiday", "add", "--preset", "bali-pawukon"]) == []


def test_a_line_that_runs_adurabi_some_other_way_is_refused():
    for line in ("sudo adurabi doctor", "echo adurabi"):
        try:
            invocations(line)
        except ValueError as exc:
            assert "is not the command of" in str(exc)
        else:
            raise AssertionError(f"accepted: {line}")
    assert invocations("find /var/backups/adurabi -mtime +30 -delete") == []
