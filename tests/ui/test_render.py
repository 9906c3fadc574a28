"""Pictures made headless: the customer band on top, the chief executive's card at the bottom."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from pyramid_app.cli import main
from pyramid_app.ui.pyramid.scene import CUSTOMER_FILL


def colour_at(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    pixel = image.pixelColor(x, y)
    return pixel.red(), pixel.green(), pixel.blue()


def near(a: tuple[int, int, int], b: tuple[int, int, int], tolerance: int = 30) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def test_png_has_customers_on_top_and_the_root_card_at_the_bottom(
    small_org: Path,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "pyramid.png"
    assert main(["render", str(small_org), "-o", str(out), "--size", "1200x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    customer = QColor(CUSTOMER_FILL)
    customer_rgb = (customer.red(), customer.green(), customer.blue())
    rows_with_customers = [
        y for y in range(0, 800, 4) if near(colour_at(image, 600, y), customer_rgb, 40)
    ]
    assert rows_with_customers, "no customer band found"
    assert max(rows_with_customers) < 250  # the band is in the top third
    # The root's card: white with a dark name, in the bottom fifth, near the centre line.
    bottom = [
        (x, y)
        for y in range(640, 800, 2)
        for x in range(400, 800, 4)
        if colour_at(image, x, y)[0] < 80 and colour_at(image, x, y)[1] < 80
    ]
    assert bottom, "no dark text of a card near the bottom"
    top_customers, first_card_text = min(rows_with_customers), min(y for _x, y in bottom)
    assert top_customers < first_card_text


def test_conventional_orientation_puts_customers_at_the_bottom(
    small_org: Path,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "conventional.png"
    assert (
        main(["render", str(small_org), "-o", str(out), "--size", "1200x800", "--conventional"])
        == 0
    )
    image = QImage(str(out))
    customer = QColor(CUSTOMER_FILL)
    rgb = (customer.red(), customer.green(), customer.blue())
    rows = [y for y in range(0, 800, 4) if near(colour_at(image, 600, y), rgb, 40)]
    assert rows and min(rows) > 550


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_svg_and_pdf(small_org: Path, tmp_path: Path, qapp, suffix: str, magic: bytes) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"pyramid{suffix}"
    assert main(["render", str(small_org), "-o", str(out), "--arrangement", "compact"]) == 0
    data = out.read_bytes()
    assert data.startswith(magic)
    if suffix == ".svg":
        assert b"Ann Archer" in data  # cards are vector text, not only pixels


def test_png_scale_doubles_the_pixels(small_org: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "big.png"
    assert (
        main(["render", str(small_org), "-o", str(out), "--size", "600x400", "--scale", "2"]) == 0
    )
    assert QImage(str(out)).width() == 1200


def test_render_refuses_an_unknown_picture_type(small_org: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["render", str(small_org), "-o", str(tmp_path / "x.gif")]) == 2
    assert ".png, .svg or .pdf" in capsys.readouterr().err


def test_window_screenshot_option_saves_and_quits(small_org: Path, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "window.png"
    assert main([str(small_org), "--screenshot", str(out)]) == 0
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 600


def test_render_of_an_unreadable_file_exits_2(tmp_path: Path, capsys, qapp) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("Colour,Size\nred,L\n", encoding="utf-8")
    assert main(["render", str(bad), "-o", str(tmp_path / "x.png")]) == 2
    assert "no column could be the person id" in capsys.readouterr().err
