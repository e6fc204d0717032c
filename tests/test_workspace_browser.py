"""The workspace in a real headless browser: Debian's chromium, driven through its
chromedriver by Selenium, against a real ``prov serve`` on each backend. What a
person does: read an article with its sources marked, review with the keyboard,
select a passage to add an attribution, narrow a search by a facet, click an audit
bar. With PROV_SCREENSHOTS=DIR, each page is also saved there at 1400 px."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM
from tests.workspace_server import get_json, serving

webdriver = pytest.importorskip("selenium.webdriver", reason="needs the test extra (selenium)")
from selenium.webdriver.common.by import By  # noqa: E402

CHROMEDRIVER = shutil.which("chromedriver")
if (CHROMIUM is None or CHROMEDRIVER is None) and os.environ.get("CI"):
    raise RuntimeError("chromium-driver is not installed; .ci/run installs Debian's")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (apt install chromium-driver)",
)

ARTICLE = (
    "Turkey and Israel met in Baku on Wednesday.\n\n"
    '"We will not allow a new front," a Turkish defence official said on Thursday.\n\n'
    "Hakan Fidan, the foreign minister, said the talks would continue next week.\n"
)


@pytest.fixture()
def site(seeded: Any, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    seeded.ok("ingest", str(article), "--extract", "--title", "Talks in Baku",
              "--outlet", "Example Wire", "--published", "2025-05-02")  # fmt: skip
    with serving(seeded.target) as base:
        yield base, seeded


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                 "--disable-dev-shm-usage"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_for(check: Callable[[], Any], what: str, seconds: float = 15) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def no_policy_violations(driver: Any) -> None:
    logged = [e["message"] for e in driver.get_log("browser")]
    assert not [m for m in logged if "Content Security Policy" in m or "Uncaught" in m], logged


def screenshot(driver: Any, name: str) -> None:
    folder = os.environ.get("PROV_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"workspace-{name}.png"))


def show(prov: Any, att: int) -> dict[str, Any]:
    import json

    return dict(json.loads(prov.ok("show", str(att), "--format", "json").output))


def test_an_article_shows_each_attribution_marked_and_reviews_with_the_keyboard(
    site: tuple[str, Any], browser: Any
) -> None:
    base, prov = site
    if os.environ.get("PROV_SCREENSHOTS"):
        browser.get(f"{base}/documents/1")
        screenshot(browser, "article")
    data = get_json(f"{base}/documents/2")
    browser.get(f"{base}/documents/2")
    runs = browser.find_elements(By.CSS_SELECTOR, "#text .m")
    marked = {int(i) for run in runs for i in run.get_attribute("data-a").split()}
    assert marked == {a["id"] for a in data["attributions"]}
    proposed = browser.find_element(By.CSS_SELECTOR, "#text .m.st-proposed")
    assert proposed.value_of_css_property("border-bottom-style") == "dashed"
    source = browser.find_element(By.CSS_SELECTOR, "#text .m.r-source")
    assert source.text in {a["source"] for a in data["attributions"]}

    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    first = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".item.current"), "focus")[0]
    att = int(first.get_attribute("data-id"))
    assert att == data["attributions"][0]["id"]
    lit = browser.find_elements(By.CSS_SELECTOR, "#text .m.lit")
    assert lit and all(str(att) in run.get_attribute("data-a").split() for run in lit)
    browser.switch_to.active_element.send_keys("c")
    wait_for(lambda: first.find_element(By.CSS_SELECTOR, ".status").text == "CONFIRMED",
             "the item to say confirmed")  # fmt: skip
    wait_for(lambda: show(prov, att)["status"] == "confirmed", "the database to say confirmed")
    second = browser.find_element(By.CSS_SELECTOR, ".item.current")  # moved on by itself
    assert int(second.get_attribute("data-id")) == data["attributions"][1]["id"]
    browser.switch_to.active_element.send_keys("x")
    wait_for(lambda: show(prov, data["attributions"][1]["id"])["status"] == "rejected", "reject")
    history = prov.ok("history", "--limit", "2", "--format", "json").output
    assert history.count('"actor": "desk-editor"') == 2
    no_policy_violations(browser)


def test_a_passage_selected_with_the_mouse_becomes_an_attribution(
    site: tuple[str, Any], browser: Any
) -> None:
    base, prov = site
    browser.get(f"{base}/documents/2")
    sentence = "Turkey and Israel met in Baku on Wednesday."
    run = browser.find_element(By.CSS_SELECTOR, '#text [data-s="0"]')
    # press on the first letter, drag to the end of the sentence, let go
    from selenium.webdriver.common.action_chains import ActionChains

    width = browser.execute_script(
        "const r = document.createRange(); const t = arguments[0].firstChild;"
        "r.setStart(t, 0); r.setEnd(t, arguments[1]); return r.getBoundingClientRect().width;",
        run, len(sentence),
    )  # fmt: skip
    box = run.rect
    actions = ActionChains(browser)
    actions.move_to_element_with_offset(run, -box["width"] / 2 + 1, 0).click_and_hold()
    actions.move_by_offset(width - 1, 0).release().perform()
    form = wait_for(
        lambda: [f for f in browser.find_elements(By.ID, "selection-form") if f.is_displayed()],
        "the selection form",
    )[0]
    assert form.find_element(By.ID, "selected-text").text.strip().startswith("Turkey and Israel")
    screenshot(browser, "selection")
    form.find_element(By.ID, "add-button").click()
    wait_for(lambda: "#a" in browser.current_url, "the page to come back at the new attribution")
    new_id = int(browser.current_url.rsplit("#a", 1)[1])
    added = show(prov, new_id)
    assert sentence.startswith(added["content"]) and len(added["content"]) >= len(sentence) - 2
    assert added["start"] == 0 and added["strength"] == "unattributed"
    assert added["recorded_by"] == "desk-editor"
    no_policy_violations(browser)


def test_a_facet_narrows_a_search_to_its_count(site: tuple[str, Any], browser: Any) -> None:
    base, _ = site
    browser.get(f"{base}/search?q=talks")
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit")
    data = get_json(f"{base}/search?q=talks")
    assert len(hits) == data["total"] >= 3
    assert browser.find_elements(By.CSS_SELECTOR, ".hit mark")  # the matched words
    screenshot(browser, "search")
    facet = browser.find_element(By.CSS_SELECTOR, '.facet[data-facet="strength"] li a')
    count = int(facet.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, ".n").text)
    facet.click()
    wait_for(lambda: "strength=" in browser.current_url, "the narrowed search")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".hit")) == count < data["total"]
    browser.find_element(By.CSS_SELECTOR, ".hit a.context").click()
    wait_for(lambda: "/documents/" in browser.current_url, "the article")
    target = browser.current_url.rsplit("#a", 1)[1]
    current = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".item.current"), "focus")
    assert current[0].get_attribute("data-id") == target
    no_policy_violations(browser)


def test_a_click_on_an_audit_bar_lists_the_attributions_behind_it(
    site: tuple[str, Any], browser: Any
) -> None:
    base, _ = site
    browser.get(f"{base}/audit?by=outlet")
    groups = get_json(f"{base}/audit?by=outlet")["groups"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.bar")) == len(groups)
    screenshot(browser, "audit")
    row = browser.find_element(By.CSS_SELECTOR, "#audit tbody tr")
    label = row.find_element(By.CSS_SELECTOR, "td a").text
    row.find_element(By.CSS_SELECTOR, "a.bar-link").click()
    wait_for(lambda: "/attributions" in browser.current_url, "the attributions page")
    expected = next(g for g in groups if g["label"] == label)
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading.endswith(str(expected["attributions"]))
    no_policy_violations(browser)
