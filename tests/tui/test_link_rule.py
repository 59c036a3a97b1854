"""One link rule: the command line and the app's evidence form accept and refuse the same
links, with the same words (``core.input_rules.link_problem``; issue 11).

Until now the CLI took ``file://``, ``ftp://`` and ``javascript:`` links that the form refused
and the help forbade. A web page (http or https with a host) or a mail address (mailto with
an ``@``: the thread where a decision was made) is a link; nothing else is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from promo_planner.cli import main
from promo_planner.core.input_rules import link_problem
from promo_planner.core.store import Store
from promo_planner.tui.app import PromoPlannerApp
from promo_planner.tui.dialogs.evidence_form import EvidenceForm
from promo_planner.tui.screens.evidence import EvidenceScreen
from tests.tui.conftest import TODAY, wait_until

# (link, accepted)
LINKS = [
    ("https://example.com/pr/1", True),
    ("http://wiki.internal/design?id=7#risks", True),
    ("HTTPS://EXAMPLE.COM/Doc", True),
    ("https://example.com/pr/1?q=[b]$x", True),
    ("mailto:manager@example.com", True),
    ("javascript:alert(1)", False),
    ("file:///etc/passwd", False),
    ("ftp://example.com/notes.txt", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("https://", False),
    ("https://:443/path", False),
    ("https://example.com:port/", False),
    ("mailto:nobody", False),
    ("example.com/doc", False),
    ("just words", False),
    ("https://exa mple.com/doc", False),
    ("https://example.com/\x1b]0;pwned\x07", False),
    ("https://example.com/\u202egnp.exe", False),
]


def _cli_add(db: Path, url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(
        ["--data", str(db), "--today", TODAY.isoformat(), "evidence", "add", "T", "--link", url]
    )
    return code, capsys.readouterr().err


async def test_the_cli_and_the_form_share_one_link_rule(
    portfolio_path: Path,
    make_test_app: Callable[[Path], PromoPlannerApp],
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli_db = portfolio_path.with_name("cli.db")
    cli_db.write_bytes(portfolio_path.read_bytes())
    # The command line first (the app, once running, captures what is printed).
    for url, accepted in LINKS:
        problem = link_problem(url)
        assert (problem is None) == accepted, (url, problem)
        code, err = _cli_add(cli_db, url, capsys)
        if accepted:
            assert (code, err) == (0, ""), (url, err)
        else:
            assert (code, err) == (2, f"--link: {problem}\n"), url

    # The form: the links one per line, as a person types them. Every refused link is named
    # with its line and the same words; then the accepted ones are saved, all of them.
    refused = [(url, link_problem(url)) for url, accepted in LINKS if not accepted]
    welcome = [url for url, accepted in LINKS if accepted]
    app = make_test_app(portfolio_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: app.state is not None)
        await pilot.press("3")
        await wait_until(pilot, lambda: isinstance(app.screen, EvidenceScreen))
        evidence_screen = app.screen
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, EvidenceForm))
        form = app.screen
        assert isinstance(form, EvidenceForm)
        form.query_one("#ev-title", Input).value = "Links"
        links = form.query_one("#ev-links", TextArea)
        links.load_text("\n".join(url for url, _ in refused))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        message = str(form.query_one("#error-links").render())
        assert message.splitlines() == [
            f"line {n}: {problem}" for n, (_, problem) in enumerate(refused, start=1)
        ]
        links.load_text("\n".join(welcome))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is evidence_screen)

    with Store.open(portfolio_path, create=True) as store:
        saved = store.list_evidence(limit=1)[0]
    assert saved.title == "Links" and saved.links == tuple(welcome)
    with Store.open(cli_db, create=True) as store:
        from_cli = {link for item in store.list_evidence() for link in item.links}
    assert from_cli == set(welcome)
