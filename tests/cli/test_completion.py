"""Tab completion as the shells ask for it: argcomplete's protocol (``_ARGCOMPLETE``,
``COMP_LINE``, ``COMP_POINT``) against a real portfolio in a subprocess, then each shell's own
script sourced and driven for a criterion id (bash, zsh and fish, where installed).

What a user would notice: the portfolio's own criterion ids, evidence ids, levels and inbox
numbers come up where a command takes them, with their titles where the shell shows them; a
Tab never creates, changes or locks the portfolio; and ordinary commands never pay for any of it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from promo_planner.cli import build_parser, main
from promo_planner.cli.completion import COMPLETERS, arguments, attach_completers
from promo_planner.core.inbox import CandidateDraft
from promo_planner.core.loader import resolve_guideline
from promo_planner.core.records import EvidenceDraft
from promo_planner.core.store import Store
from tests.cli.real_cli import TIMEOUT, Tree

TODAY = "2026-11-21"
REQUIRED = resolve_guideline("software-engineer").required_ids("L4-ic")
BIN = Path(sys.executable).parent  # promo-planner, as the scripts call it, is installed here


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """L3 -> L4-ic on the bundled ladder; evidence 1 linked to two criteria, 2 to none; one
    inbox candidate waiting and one dismissed."""
    data = tmp_path_factory.mktemp("tab") / "portfolio.db"
    common = ["--data", str(data), "--today", TODAY]
    init = ["init", "--guideline", "software-engineer", "--current", "L3", "--target", "L4-ic"]
    assert main([*common, *init]) == 0
    add = ["evidence", "add", "Led the payments retry redesign", "--date", "2026-10-02"]
    links = ["--criterion", "design.multi-team", "--criterion", "collaboration.influence:partial"]
    assert main([*common, *add, *links]) == 0
    outage = ["evidence", "add", "On-call: payments outage", "--date", "2026-11-02"]
    assert main([*common, *outage]) == 0
    with Store.open(data) as store:
        drafts = [
            CandidateDraft(f"fp{i}", "git", "merge", title, dt.date(2026, 11, i + 1))
            for i, title in enumerate(("Retry payments", "Bump the linter"))
        ]
        _waiting, dismissed = store.add_candidates(drafts)
        store.dismiss_candidate(dismissed.id)
    return data


def tab(line: str, data: Path | None = None, cwd: Path | None = None, **env: str) -> dict[str, str]:
    """What Tab offers at the end of ``line``: completion -> description, as fish asks."""
    fd, name = tempfile.mkstemp(suffix=".tab")
    os.close(fd)
    answer = Path(name)
    request = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_SHELL": "fish",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_DFS": "\t",
        "_ARGCOMPLETE_SUPPRESS_SPACE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        **env,
    }
    if data is not None:
        request["PROMO_PLANNER_DATA"] = str(data)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "promo_planner"],
            env=request,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), done
        text = answer.read_text()
    finally:
        answer.unlink(missing_ok=True)
    pairs = [line.partition("\t") for line in text.split("\n") if line]
    return {name: description for name, _, description in pairs}


# --------------------------------------------------------------------------- what Tab offers


def test_commands_then_options_only_once_a_dash_is_typed(portfolio: Path) -> None:
    commands = tab("promo-planner ", portfolio)
    assert {"init", "evidence", "rate", "gaps", "path", "report", "completion"} <= set(commands)
    assert not any(name.startswith("-") for name in commands)
    assert commands["gaps"] == "the target level's criteria with status and readiness"
    assert {"--data", "--today", "--version"} <= set(tab("promo-planner --", portfolio))


def test_rate_offers_the_target_levels_criteria_with_their_titles(portfolio: Path) -> None:
    offered = tab("promo-planner rate ", portfolio)
    assert list(offered) == REQUIRED
    assert offered["design.multi-team"] == "Leads the design of a system spanning several teams"
    assert set(tab("promo-planner rate design.m", portfolio)) == {"design.multi-team"}
    # --data after the command names the portfolio just as well
    assert list(tab(f"promo-planner rate --data {portfolio} ")) == REQUIRED


def test_a_criterion_option_offers_ids_then_the_partial_strength(portfolio: Path) -> None:
    line = "promo-planner evidence add 'Ran the game day' --criterion "
    assert list(tab(line, portfolio)) == REQUIRED
    partial = tab(line + "design.multi-team:", portfolio)
    assert list(partial) == ["design.multi-team:partial"]
    assert partial["design.multi-team:partial"].startswith("shows it in part: Leads the design")
    assert list(tab("promo-planner inbox accept 1 --criterion op", portfolio)) == [
        c for c in REQUIRED if c.startswith("op")
    ]


def test_a_prefix_outside_the_target_falls_back_to_the_whole_ladder(portfolio: Path) -> None:
    later = tab("promo-planner evidence link 1 people.", portfolio)
    assert later and all(c.startswith("people.") and c not in REQUIRED for c in later)


def test_evidence_ids_newest_first_with_date_and_title(portfolio: Path) -> None:
    assert tab("promo-planner evidence show ", portfolio) == {
        "2": "2026-11-02 On-call: payments outage",
        "1": "2026-10-02 Led the payments retry redesign",
    }
    assert list(tab("promo-planner suggest 1", portfolio)) == ["1"]
    assert list(tab("promo-planner evidence link ", portfolio)) == ["2", "1"]


def test_unlink_offers_only_what_that_evidence_is_linked_to(portfolio: Path) -> None:
    offered = tab("promo-planner evidence unlink 1 ", portfolio)
    assert set(offered) == {"design.multi-team", "collaboration.influence"}
    assert tab("promo-planner evidence unlink 2 ", portfolio) == {}


def test_levels_of_the_named_ladder_and_only_promotions_as_target(portfolio: Path) -> None:
    init = "promo-planner init --guideline software-engineer"
    levels = tab(f"{init} --current ")
    assert list(levels) == [lv.id for lv in resolve_guideline("software-engineer").levels]
    assert levels["L4-ic"] == "Staff Engineer [ic]"
    assert list(tab(f"{init} --current L4-em --target ")) == ["L5-em", "L6-em"]
    sre = tab("promo-planner guideline show site-reliability-engineer --level ")
    assert list(sre) == ["L1", "L2", "L3", "L4", "L5"]
    # No ladder on the line: the portfolio's own.
    assert "L4-ic" in tab("promo-planner guideline show --level ", portfolio)


def test_guideline_names_bundled_and_your_own(tmp_path: Path, portfolio: Path) -> None:
    own = tmp_path / "ladders"
    own.mkdir()
    source = resolve_guideline("site-reliability-engineer").source
    (own / "acme.yaml").write_text(source.replace("id: site-reliability-engineer", "id: acme"))
    (own / "notes.txt").write_text("not a ladder")
    offered = tab("promo-planner init --guideline ", cwd=own, PROMO_PLANNER_GUIDELINES=str(own))
    assert offered == {
        "acme": "Site Reliability Engineer",
        "site-reliability-engineer": "Site Reliability Engineer",
        "software-engineer": "Software Engineer",
        "acme.yaml": "",  # a guideline file here, by its name
    }
    assert set(tab(f"promo-planner guideline show {own}/")) == {f"{own}/acme.yaml"}


def test_inbox_numbers_waiting_or_dismissed(portfolio: Path) -> None:
    assert tab("promo-planner inbox accept ", portfolio) == {"1": "2026-11-01 Retry payments"}
    assert tab("promo-planner inbox dismiss ", portfolio) == {"1": "2026-11-01 Retry payments"}
    assert tab("promo-planner inbox restore ", portfolio) == {"2": "2026-11-02 Bump the linter"}


def test_options_come_up_where_no_argument_is_due(portfolio: Path) -> None:
    # Where a title or a note is due, nothing: no file names, no guesses, no "-" typed for you.
    assert tab("promo-planner evidence add ", portfolio) == {}
    assert tab("promo-planner note add ", portfolio) == {}
    after_title = tab("promo-planner evidence add 'Wrote the runbook' ", portfolio)
    assert {"--date", "--criterion", "--impact"} <= set(after_title)
    assert all(name.startswith("-") for name in after_title)
    gaps = tab("promo-planner gaps ", portfolio)
    assert {"--json", "--data", "--today"} <= set(gaps)
    assert gaps["--json"] == "print JSON"
    assert set(tab("promo-planner answer ", portfolio)) == {"lack", "revisit", "unclear", "risks"}


# --------------------------------------------------------------------------- read-only, quietly


def test_a_tab_leaves_the_portfolio_exactly_as_it_was(portfolio: Path) -> None:
    before = Tree(portfolio.parent)
    for line in ("rate ", "evidence show ", "inbox accept ", "evidence unlink 1 "):
        assert tab(f"promo-planner {line}", portfolio)
    before.unchanged()


def test_without_a_portfolio_a_tab_offers_nothing_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here" / "portfolio.db"
    assert tab("promo-planner rate ", missing) == {}
    assert tab("promo-planner evidence show ", missing) == {}
    assert "init" in tab("promo-planner ", missing)  # the commands still complete
    assert not (tmp_path / "nothing-here").exists()
    other = tmp_path / "notes.txt"
    other.write_text("not a portfolio")
    assert tab("promo-planner rate ", other) == {}
    assert other.read_text() == "not a portfolio"
    assert tab(f"promo-planner --today soon rate --data {other} ") == {}


def test_a_portfolio_open_in_another_process_completes_its_latest_evidence(
    tmp_path: Path, portfolio: Path
) -> None:
    data = tmp_path / "open.db"
    shutil.copy(portfolio, data)
    with Store.open(data) as writer:  # holds the portfolio open, as the app does
        draft = EvidenceDraft(title="Mentored a new hire", date=dt.date(2026, 11, 5))
        writer.add_evidence(draft, today=dt.date(2026, 11, 21))
        assert tab("promo-planner evidence show 3", data) == {"3": "2026-11-05 Mentored a new hire"}


# --------------------------------------------------------------------------- where, and cost


CHOSEN_METAVARS = {"CRITERION", "ID", "ID[:partial]", "EVIDENCE_ID", "LEVEL", "L", "NAME_OR_PATH"}


def test_every_argument_that_names_an_id_or_a_level_completes() -> None:
    parser = build_parser()
    attach_completers(parser)
    found = {(command, action.dest): action for command, action in arguments(parser)}
    assert set(COMPLETERS) <= set(found), "a completer for an argument that no longer exists"
    for (command, dest), action in found.items():
        names_one = action.metavar in CHOSEN_METAVARS or (
            command.startswith("inbox ") and dest == "id"
        )
        if names_one:
            assert (command, dest) in COMPLETERS, f"{command} {action.metavar} does not complete"
        if action.metavar in {"FILE", "PATH", "OUT"}:
            assert getattr(action, "completer", None) is not None, (command, dest)


def test_ordinary_commands_never_load_completion(tmp_path: Path, portfolio: Path) -> None:
    data = tmp_path / "p.db"
    shutil.copy(portfolio, data)
    probe = (
        "import sys\nfrom promo_planner.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "loaded = [m for m in sys.modules if m.startswith(('argcomplete', "
        "'promo_planner.cli.completion'))]\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    add = ["--data", str(data), "--today", TODAY, "evidence", "add", "Wrote the runbook"]
    done = subprocess.run(
        [sys.executable, "-c", probe, *add], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.stderr.strip().splitlines()[-1] == "0 []"


# --------------------------------------------------------------------------- the shells' scripts


def script(shell: str) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "promo_planner", "completion", shell],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert (done.returncode, done.stderr) == (0, ""), done
    assert "promo-planner" in done.stdout
    fd, name = tempfile.mkstemp(suffix=f".{shell}")
    os.close(fd)
    path = Path(name)
    path.write_text(done.stdout)
    return path


def shell_run(shell: str, code: str, data: Path) -> list[str]:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here (apt-get install {shell} to run this check)")
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PROMO_PLANNER_DATA": str(data),
    }
    done = subprocess.run(
        [shell, "-c", code], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert (done.returncode, done.stderr) == (0, ""), done
    return done.stdout.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shells_script_is_valid_syntax(shell: str, portfolio: Path) -> None:
    path = script(shell)
    try:
        shell_run(shell, f"{shell} -n {path}", portfolio)
    finally:
        path.unlink()


def test_bash_completes_a_criterion_id(portfolio: Path) -> None:
    path = script("bash")
    try:
        line = "promo-planner rate design.mu"
        lines = shell_run(
            "bash",
            f"source {path}; complete -p promo-planner;"
            f" COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}};"
            " COMP_WORDS=(promo-planner rate design.mu); COMP_CWORD=2; COMP_TYPE=9;"
            " _python_argcomplete promo-planner design.mu rate;"
            ' printf "%s|\\n" "${COMPREPLY[@]}"',
            portfolio,
        )
    finally:
        path.unlink()
    assert lines[0].startswith("complete ") and lines[0].endswith(" promo-planner")
    assert lines[1:] == ["design.multi-team |"]  # one match: a space follows it


def test_zsh_completes_a_criterion_id_with_its_title(portfolio: Path) -> None:
    path = script("zsh")
    try:
        # The completion system's own functions stand in for the shell's Tab: _describe gets
        # the candidates (id:title), compdef the registration.
        lines = shell_run(
            "zsh",
            "compdef() { print registered $@ }; _describe() { print -rl -- ${(P)2} };"
            f" source {path}; BUFFER='promo-planner rate design.'; CURSOR=${{#BUFFER}};"
            " words=(promo-planner rate design.); _python_argcomplete",
            portfolio,
        )
    finally:
        path.unlink()
    assert lines[0] == "registered _python_argcomplete promo-planner"
    design = [c for c in REQUIRED if c.startswith("design.")]
    assert [line.partition(":")[0] for line in lines[1:]] == design
    assert "design.multi-team:Leads the design of a system spanning several teams" in lines


def test_fish_completes_a_criterion_id_with_its_title(portfolio: Path) -> None:
    path = script("fish")
    try:
        lines = shell_run(
            "fish", f"source {path}; complete -C'promo-planner rate design.'", portfolio
        )
    finally:
        path.unlink()
    design = sorted(c for c in REQUIRED if c.startswith("design."))
    assert sorted(line.partition("\t")[0] for line in lines) == design
    assert "design.multi-team\tLeads the design of a system spanning several teams" in lines


def test_completion_of_an_unknown_shell_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["completion", "tcsh"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("promo-planner completion: argument SHELL: invalid choice: 'tcsh'")


def test_the_help_says_how_to_install_each_script(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "--help"]) == 0
    out = capsys.readouterr().out
    for line in (
        "promo-planner completion bash > ~/.local/share/bash-completion/completions/promo-planner",
        "promo-planner completion fish > ~/.config/fish/completions/promo-planner.fish",
    ):
        assert line in out
