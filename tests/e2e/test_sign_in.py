"""Sign-in end to end: Streamlit's OIDC (st.login) against a mock provider on loopback.

The provider is `oidc-provider-mock`: any client id is accepted and its authorisation page
asks for a subject, which becomes the user's e-mail. The app server gets its own
secrets.toml (through --secrets.files), so the other e2e tests keep the local mode.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    SERVER_START_TIMEOUT_S,
    StreamlitServer,
    Workbench,
    free_port,
    start_server,
)
from workbench.i18n import t

pytestmark = pytest.mark.e2e

LEAVES_THE_MACHINE = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/])")
ANNA = "anna@agenzia-a.it"
BRUNO = "bruno@agenzia-b.it"


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mock OIDC provider on a free loopback port; its base URL."""
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the mock OIDC provider did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def signed_in_server(
    provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    """The app with `[auth]` configured for the mock provider (a test-only secrets file)."""
    directory = tmp_path_factory.mktemp("e2e-auth")
    secrets = directory / "secrets.toml"
    secrets.write_text(
        # Anna founds the first workspace; agenzia-b.it may found its own; nobody else.
        'WORKBENCH_ALLOWED_SIGNUPS = "@agenzia-b.it"\n'
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "e2e-only-cookie-secret-0123456789abcdef"\n'
        'client_id = "workbench-e2e"\n'
        'client_secret = "e2e-only-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    server = start_server(directory, "--secrets.files", str(secrets))
    yield server
    server.stop()


def loopback_only(app: Workbench) -> Workbench:
    """Refuse every request that leaves the machine (the provider's pages link a CDN style)."""
    app.page.context.route(LEAVES_THE_MACHINE, lambda route: route.abort())
    return app


def sign_in(app: Workbench, email: str) -> None:
    """From the sign-in screen through the provider's page and back into the app."""
    expect(app.title).to_have_text(t("auth.title", "it"))
    app.widget("auth.sign_in").get_by_role("button").click()
    app.page.wait_for_url("**/oauth2/authorize**")
    app.page.locator('input[name="sub"]').fill(email)
    app.page.get_by_role("button", name="Authorize").click()
    expect(app.sidebar.get_by_text(t("auth.signed_in_as", "it", user=email))).to_be_visible()


def test_sign_in_gives_each_user_only_their_workspace(
    open_browser, signed_in_server: StreamlitServer
) -> None:
    anna = loopback_only(open_browser(signed_in_server.url))
    anna.open(lang="it")
    expect(anna.page.get_by_test_id("stDataFrame")).to_have_count(0)
    sign_in(anna, ANNA)
    expect(anna.title).to_have_text(t("home.title", "it"))
    expect(anna.sidebar.get_by_text(t("workspace.role", "it", role="titolare"))).to_be_visible()
    anna.page.get_by_label("Nome del nuovo cliente").fill("Forno Antico")
    anna.rerun_after(anna.page.get_by_role("button", name="Crea cliente").click)
    expect(anna.title).to_have_text("Brief")
    client_id = anna.page.url.split("client=")[1].split("&")[0]
    # A download is made after the run, when clicked: still as Anna, in her workspace.
    anna.open("export", client=client_id, lang="it")
    with anna.page.expect_download() as started:
        anna.page.get_by_role("button", name=t("export.json_download", "it")).click()
    document = json.loads(Path(started.value.path()).read_text(encoding="utf-8"))
    assert document["client"]["name"] == "Forno Antico"

    bruno = loopback_only(open_browser(signed_in_server.url))
    bruno.open(lang="it")
    sign_in(bruno, BRUNO)
    expect(bruno.page.get_by_text(t("home.empty", "it"))).to_be_visible()
    bruno.open("brief", client=client_id, lang="it")
    expect(bruno.page.get_by_text(t("common.pick_client", "it"))).to_be_visible()
    expect(bruno.page.get_by_text("Forno Antico")).to_have_count(0)

    # An account nobody invited gets in nowhere: no workspace of its own, no client.
    carla = loopback_only(open_browser(signed_in_server.url))
    carla.open(lang="it")
    carla.widget("auth.sign_in").get_by_role("button").click()
    carla.page.wait_for_url("**/oauth2/authorize**")
    carla.page.locator('input[name="sub"]').fill("carla@altrove.it")
    carla.page.get_by_role("button", name="Authorize").click()
    expect(carla.page.get_by_text("non fa ancora parte di nessun workspace")).to_be_visible()
    expect(carla.page.get_by_text("Forno Antico")).to_have_count(0)

    # st.logout ends the session at the provider too, which asks to confirm, then returns.
    anna.widget("sidebar.sign_out").get_by_role("button").click()
    anna.page.get_by_role("button", name="End session").click()
    expect(anna.title).to_have_text(t("auth.title", "it"))
    expect(anna.page.get_by_text("Forno Antico")).to_have_count(0)
    anna.expect_no_error_page()
    bruno.expect_no_error_page()
    assert "Traceback" not in signed_in_server.log()
