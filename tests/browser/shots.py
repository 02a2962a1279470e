"""Screenshots for a person to look at: with SCREENSHOTS=<folder>, `shoot` saves the page there
as a PNG; without it, nothing is written."""

import os


def shoot(page_or_locator, name, *, full_page=True):
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{name}.png")
    if hasattr(page_or_locator, "viewport_size"):  # a page; a locator has no full_page
        page_or_locator.screenshot(path=path, full_page=full_page)
    else:
        page_or_locator.screenshot(path=path)
